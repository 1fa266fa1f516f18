#!/usr/bin/env node
// Rebuilds the "fresh" corpus: real manifests from public repositories that ../shared/corpus does not
// use, kept OUTSIDE the repository (like ../shared/corpus) and read by docs/precision.md's second table.
//
//   node scripts/fresh-corpus.mjs MIRROR_DIR OUT_DIR
//
// MIRROR_DIR holds one bare git snapshot per repository at <owner>+<name>/repo (what the session's
// `fetch github:<owner>/<name>` tool leaves in /work/.mirror); a plain `git clone --bare
// https://github.com/<owner>/<name> MIRROR_DIR/<owner>+<name>/repo` at the commit SOURCES.md names
// gives the same files. OUT_DIR (e.g. /work/corpus-fresh) receives <owner>__<name>/<path with / as __>
// and SOURCES.md (repository, commit, path of every file).
//
// A file is taken when its path matches the repository's `include`, not its `exclude`, it is YAML, and
// it reads as Kubernetes manifests (a line starting `apiVersion:` and one starting `kind:`), with no Helm
// template actions (`{{`), which need rendering first.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

const [mirror, out] = process.argv.slice(2);
if (!mirror || !out) {
  console.error("usage: node scripts/fresh-corpus.mjs MIRROR_DIR OUT_DIR");
  process.exit(2);
}
const git = (dir, ...args) =>
  execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const rows = [];
for (const { repo, include } of REPOS) {
  const dir = join(mirror, repo.replace("/", "+"), "repo");
  const commit = git(dir, "rev-parse", "HEAD").trim();
  const key = repo.replace("/", "__");
  let n = 0;
  for (const path of git(dir, "ls-tree", "-r", "--name-only", "HEAD").split("\n")) {
    if (!/\.ya?ml$/.test(path) || !include.test(path) || EXCLUDE.test(path)) continue;
    const text = git(dir, "show", `HEAD:${path}`);
    if (!/^apiVersion:/m.test(text) || !/^kind:/m.test(text) || text.includes("{{")) continue;
    mkdirSync(join(out, key), { recursive: true });
    writeFileSync(join(out, key, path.replaceAll("/", "__")), text);
    rows.push(`| ${repo} | ${commit} | ${path} |`);
    n++;
  }
  console.log(`${repo}@${commit.slice(0, 12)}: ${n} files`);
}
writeFileSync(
  join(out, "SOURCES.md"),
  `# Fresh corpus (scripts/fresh-corpus.mjs)\n\n${rows.length} files.\n\n| repository | commit | path |\n|---|---|---|\n${rows.join("\n")}\n`,
);
