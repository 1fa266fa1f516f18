#!/usr/bin/env node
// Rebuilds the "fresh" corpus: real manifests from public repositories that ../shared/corpus does not
// use, kept OUTSIDE the repository (like ../shared/corpus) and read by docs/precision.md's second table.
//
//   node scripts/fresh-corpus.mjs MIRROR_DIR OUT_DIR
//
// MIRROR_DIR holds one bare git snapshot per repository at <owner>+<name>/repo (what the session's
// `fetch github:<owner>/<name>` tool leaves in /work/.mirror); a plain `git clone --bare
// https://github.com/<owner>/<name> MIRROR_DIR/<owner>+<name>/repo` at the commit SOURCES.md names
// gives the same files. OUT_DIR (e.g. /work/corpus-fresh) receives <owner>__<name>/<path>, the
// repository's own directory tree (which files sit together is what set-level rules resolve
// references by), and SOURCES.md (repository, commit, path of every file).
//
// A file is taken when its path matches the repository's `include`, not its `exclude`, it is YAML, and
// it reads as Kubernetes manifests (a line starting `apiVersion:` and one starting `kind:`), with no Helm
// template actions (`{{`), which need rendering first. A kustomization (kustomization.yaml) under
// `include` is taken with every local file it builds from (resources, bases, components, patches,
// generators' files, recursively through the directories it lists), since mlgate renders a Kustomize
// directory as a whole: a patch read alone is not a manifest.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import yaml from "js-yaml";

const REPOS = [
  { repo: "NVIDIA/k8s-nim-operator", include: /^(config\/samples|docs|examples)\// },
  { repo: "NVIDIA/KAI-Scheduler", include: /^(docs|examples)\// },
  { repo: "kaito-project/kaito", include: /^(examples|docs|presets\/workspace\/test|config\/samples)\// },
  { repo: "kubeflow/katib", include: /^examples\// },
  { repo: "kubeflow/spark-operator", include: /^examples\// },
  { repo: "silogen/kaiwo", include: /^(config\/samples|docs|examples|test\/test-manifests)\// },
  { repo: "Azure/AKS", include: /^examples\// },
  {
    repo: "kubernetes-sigs/gateway-api-inference-extension",
    include: /^(conformance\/(resources|tests)|site-src|config\/manifests)\//,
  },
  { repo: "GoogleCloudPlatform/ai-on-gke", include: /^(tutorials-and-examples|benchmarks\/benchmark)\// },
  { repo: "GoogleCloudPlatform/kubernetes-engine-samples", include: /^ai-ml\// },
  { repo: "aws-samples/awsome-distributed-training", include: /(kubernetes|kubeflow|k8s|eks)/i },
];
const EXCLUDE =
  /(^|\/)(\.github|charts?|templates|crds?|vendor|hack|node_modules)\/|kustomization\.ya?ml$|values[^/]*\.ya?ml$|Chart\.ya?ml$/;
const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;
const KUSTOMIZATION_EXCLUDE = /(^|\/)(\.github|charts?|templates|vendor|hack|node_modules)\//;
/** Entries of a kustomization that name something remote (not copied: mlgate refuses to fetch them). */
const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)/;

/** Local paths a kustomization reads, relative to its directory. */
function kustomizationPaths(k) {
  const out = [];
  const add = (v) => {
    if (typeof v !== "string" || v === "" || REMOTE.test(v)) return;
    out.push(v.includes("=") ? v.slice(v.indexOf("=") + 1) : v);
  };
  const list = (v) => (Array.isArray(v) ? v : []);
  for (const key of [
    "resources",
    "bases",
    "components",
    "crds",
    "patchesStrategicMerge",
    "configurations",
    "generators",
    "transformers",
    "validators",
  ])
    for (const e of list(k?.[key])) add(e);
  for (const key of ["patches", "patchesJson6902", "replacements"]) for (const e of list(k?.[key])) add(e?.path);
  for (const key of ["configMapGenerator", "secretGenerator"])
    for (const g of list(k?.[key])) {
      for (const f of list(g?.files)) add(f);
      for (const f of list(g?.envs)) add(f);
      add(g?.env);
    }
  add(k?.openapi?.path);
  return out;
}

const [mirror, out] = process.argv.slice(2);
if (!mirror || !out) {
  console.error("usage: node scripts/fresh-corpus.mjs MIRROR_DIR OUT_DIR");
  process.exit(2);
}
const git = (dir, ...args) =>
  execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

/** The patch files a kustomization lists (relative to its directory): not manifests on their own. */
function patchPaths(k) {
  const list = (v) => (Array.isArray(v) ? v : []);
  return [
    ...list(k?.patchesStrategicMerge).filter((e) => typeof e === "string"),
    ...[...list(k?.patches), ...list(k?.patchesJson6902)].map((e) => e?.path).filter((e) => typeof e === "string"),
  ];
}

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const rows = [];
const leftOut = [];
for (const { repo, include } of REPOS) {
  const dir = join(mirror, repo.replace("/", "+"), "repo");
  const commit = git(dir, "rev-parse", "HEAD").trim();
  const key = repo.replace("/", "__");
  const tree = git(dir, "ls-tree", "-r", "--name-only", "HEAD").split("\n");
  const known = new Set(tree);
  const taken = new Set();
  const take = (path, text) => {
    if (taken.has(path)) return;
    taken.add(path);
    mkdirSync(dirname(join(out, key, path)), { recursive: true });
    writeFileSync(join(out, key, path), text ?? git(dir, "show", `HEAD:${path}`));
    rows.push(`| ${repo} | ${commit} | ${path} |`);
  };
  // Kustomizations, with what they build from (a directory entry is another kustomization). One that
  // lists a local file the repository does not have (a stale scaffold, a params file `make` writes)
  // builds nowhere: it is left out, so its directory is read file by file, without the patches it
  // lists (a patch is not a manifest).
  const parsed = new Map();
  const docOf = (kpath) => {
    if (!parsed.has(kpath)) {
      let doc;
      try {
        doc = yaml.load(git(dir, "show", `HEAD:${kpath}`));
      } catch {
        doc = undefined;
      }
      parsed.set(kpath, doc);
    }
    return parsed.get(kpath);
  };
  const resolveIn = (kpath, rel) => posix.normalize(posix.join(posix.dirname(kpath), rel));
  const kustomizationIn = (p) => KUSTOMIZATION_NAMES.map((n) => `${p}/${n}`).find((k) => known.has(k));
  const missing = (kpath, seen = new Set()) => {
    if (seen.has(kpath)) return [];
    seen.add(kpath);
    const doc = docOf(kpath);
    if (doc === undefined) return [`${kpath} (not YAML)`];
    return kustomizationPaths(doc).flatMap((rel) => {
      const p = resolveIn(kpath, rel);
      if (known.has(p)) return [];
      const inner = kustomizationIn(p);
      return inner ? missing(inner, seen) : [p];
    });
  };
  const kustomizations = tree.filter((p) => KUSTOMIZATION.test(p) && include.test(p) && !KUSTOMIZATION_EXCLUDE.test(p));
  const good = [];
  const notManifests = new Set();
  for (const kpath of kustomizations) {
    const lacks = missing(kpath);
    if (lacks.length === 0) {
      good.push(kpath);
      continue;
    }
    leftOut.push(`| ${repo} | ${kpath} | lists ${lacks.slice(0, 3).join(", ")}, not in the repository |`);
    for (const rel of patchPaths(docOf(kpath))) notManifests.add(resolveIn(kpath, rel));
  }
  let n = 0;
  for (const path of tree) {
    if (!/\.ya?ml$/.test(path) || !include.test(path) || EXCLUDE.test(path) || notManifests.has(path)) continue;
    const text = git(dir, "show", `HEAD:${path}`);
    if (!/^apiVersion:/m.test(text) || !/^kind:/m.test(text) || text.includes("{{")) continue;
    take(path, text);
    n++;
  }
  const takeKustomization = (kpath) => {
    if (taken.has(kpath)) return;
    take(kpath);
    for (const rel of kustomizationPaths(docOf(kpath))) {
      const p = resolveIn(kpath, rel);
      if (known.has(p)) take(p);
      else {
        const inner = kustomizationIn(p);
        if (inner) takeKustomization(inner);
      }
    }
  };
  for (const kpath of good) takeKustomization(kpath);
  console.log(
    `${repo}@${commit.slice(0, 12)}: ${n} manifest files, ${good.length} kustomizations (${taken.size} files in all; ${kustomizations.length - good.length} kustomizations left out)`,
  );
}
writeFileSync(
  join(out, "SOURCES.md"),
  `# Fresh corpus (scripts/fresh-corpus.mjs)\n\n${rows.length} files, in their repositories' directory trees.\n\n| repository | commit | path |\n|---|---|---|\n${rows.join("\n")}\n\n## Kustomizations left out\n\nThey list local files their repository does not have, so they build nowhere; their directories are read file by file, without the patches they list.\n\n| repository | kustomization | why |\n|---|---|---|\n${leftOut.join("\n")}\n`,
);
