// Vendors an upstream CustomResourceDefinition into crds/ the way crds/README.md says: the file at
// COMMIT:PATH of a git directory (a clone or a `fetch` mirror of REPO), reduced to its structure
// (every string-valued `description` and the metadata annotations removed), written as
// crds/<owner>__<name>/<path with / as __>, and its SOURCES.tsv line printed.
//
//   node scripts/vendor-crd.mjs GIT_DIR OWNER/NAME COMMIT PATH
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const [gitDir, repo, commit, path] = process.argv.slice(2);
if (!gitDir || !repo || !commit || !path) {
  console.error("usage: node scripts/vendor-crd.mjs GIT_DIR OWNER/NAME COMMIT PATH");
  process.exit(2);
}
const git = (...args) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
const text = git("show", `${commit}:${path}`);
const date = git("log", "-1", "--format=%cs", commit).trim();

/** Drops prose: a schema's `description` (a string; a property named description is an object and stays). */
function strip(v) {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== "object") return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) if (!(k === "description" && typeof x === "string")) out[k] = strip(x);
  return out;
}
const docs = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
const out = docs
  .map((d) => {
    const s = strip(d);
    if (s.metadata) delete s.metadata.annotations;
    return yaml.dump(s, { lineWidth: -1, noRefs: true });
  })
  .join("---\n");
const dir = repo.replace("/", "__");
const file = path.replaceAll("/", "__");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
mkdirSync(join(root, "crds", dir), { recursive: true });
writeFileSync(join(root, "crds", dir, file), out);
console.log([`${dir}/${file}`, repo, commit, path, date].join("\t"));
