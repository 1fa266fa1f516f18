// Regenerates src/catalog/shapes/generated.ts from the CRDs in ../shared/corpus/crds and, for
// the ML kinds that corpus lacks, the CRDs vendored in crds/ (crds/SOURCES.tsv: repository,
// commit, path and date of each; fetched from the projects' repositories):
// `npm run gen-shapes`. Reads each CRD's openAPIV3Schema (every served version) and writes a
// compact tree of known property names and their types per kind (see src/model/shape.ts for the
// encoding). The full core PodSpec, Container and EphemeralContainer subtrees are merged into
// one definition each (the union of what every CRD embeds), and any other subtree that occurs
// more than once is stored once and referenced. `status` is not modelled (anything goes).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import type { Shape, ShapeObject } from "../src/model/shape.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = join(repoRoot, "..", "shared", "corpus");
const crdDir = join(corpus, "crds");
/** CRDs the corpus lacks, vendored with their sources (crds/SOURCES.tsv). */
const vendoredDir = join(repoRoot, "crds");
/** GEN_SHAPES_OUT writes elsewhere (the staleness test compares a fresh run with the committed file). */
const outFile = process.env.GEN_SHAPES_OUT ?? join(repoRoot, "src", "catalog", "shapes", "generated.ts");

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
};

/** repo and commit of each corpus file, from SOURCES.tsv. */
function readSources(): Map<string, { repo: string; commit: string; path: string }> {
  const out = new Map<string, { repo: string; commit: string; path: string }>();
  const lines = readFileSync(join(corpus, "SOURCES.tsv"), "utf8").split("\n").slice(1);
  for (const line of lines) {
    const [file, repo, commit, path] = line.split("\t");
    if (file && repo && commit && path) out.set(file, { repo, commit, path });
  }
  // The vendored CRDs, keyed as `crds/<file>` as the corpus's are.
  for (const line of readFileSync(join(vendoredDir, "SOURCES.tsv"), "utf8").split("\n").slice(1)) {
    const [file, repo, commit, path] = line.split("\t");
    if (file && repo && commit && path) out.set(`vendored:${file}`, { repo, commit, path });
  }
  return out;
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listYaml(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

// --- Well-known core subtrees, recognised by their fields -------------------------------------

const has = (s: Schema, keys: string[]) => keys.every((k) => s.properties && k in s.properties);
const propCount = (s: Schema) => Object.keys(s.properties ?? {}).length;

function wellKnown(s: Schema): "PodSpec" | "Container" | "EphemeralContainer" | undefined {
  if (
    has(s, ["containers", "volumes", "nodeSelector", "restartPolicy", "affinity", "tolerations"]) &&
    propCount(s) >= 30
  )
    return "PodSpec";
  if (has(s, ["name", "image", "command", "args", "env", "resources", "livenessProbe"]) && propCount(s) >= 15)
    return has(s, ["targetContainerName"]) ? "EphemeralContainer" : "Container";
  return undefined;
}

/** Union of two shapes: every field either knows; a type conflict widens. */
function merge(a: Shape, b: Shape): Shape {
  if (a === b) return a;
  if (typeof a === "string" || typeof b === "string") {
    if (typeof a === "string" && typeof b === "string") {
      const pair = new Set([a, b]);
      if (pair.has("x") && (pair.has("i") || pair.has("s"))) return "x";
      if (pair.has("i") && pair.has("n")) return "n";
    }
    return "*";
  }
  const out: ShapeObject = {};
  if (a.p || b.p) {
    const p: Record<string, Shape> = { ...(a.p ?? {}) };
    for (const [k, v] of Object.entries(b.p ?? {})) p[k] = p[k] === undefined ? v : merge(p[k] as Shape, v);
    out.p = p;
  }
  if (a.m !== undefined || b.m !== undefined) out.m = a.m && b.m ? merge(a.m, b.m) : (a.m ?? b.m);
  if (a.a !== undefined || b.a !== undefined) out.a = a.a && b.a ? merge(a.a, b.a) : (a.a ?? b.a);
  if (a.open || b.open) out.open = 1;
  return out;
}

const union: Record<string, Shape | undefined> = {};

/** Converts an OpenAPI v3 structural schema into a shape; `depth` 0 is the object root. */
function convert(s: Schema, depth: number): Shape {
  if (s["x-kubernetes-preserve-unknown-fields"] === true && !s.properties)
    return s.type === "object" ? { open: 1 } : "*";
  if (s["x-kubernetes-int-or-string"] === true) return "x";
  const known = depth > 0 ? wellKnown(s) : undefined;
  if (known) {
    const body = convertObject(s, depth);
    union[known] = union[known] ? merge(union[known] as Shape, body) : body;
    return `@${known}`;
  }
  switch (s.type) {
    case "string":
      return "s";
    case "integer":
      return "i";
    case "number":
      return "n";
    case "boolean":
      return "b";
    case "array":
      return s.items ? { a: convert(s.items, depth + 1) } : { a: "*" };
    case "object":
      return convertObject(s, depth);
    default:
      return "*";
  }
}

function convertObject(s: Schema, depth: number): Shape {
  const out: ShapeObject = {};
  if (s.properties) {
    const p: Record<string, Shape> = {};
    for (const k of Object.keys(s.properties).sort()) {
      if (depth === 0 && k === "status") p[k] = "*";
      else if (depth === 0 && k === "metadata") p[k] = "@ObjectMeta";
      else p[k] = convert(s.properties[k] as Schema, depth + 1);
    }
    out.p = p;
  }
  if (s.additionalProperties === true) out.open = 1;
  else if (s.additionalProperties && typeof s.additionalProperties === "object")
    out.m = convert(s.additionalProperties, depth + 1);
  if (s["x-kubernetes-preserve-unknown-fields"] === true) out.open = 1;
  if (!out.p && out.m === undefined && !out.open) out.p = {};
  // Every object has these at its root, whether or not its CRD lists them (the
  // NetworkAttachmentDefinition CRD lists only spec).
  if (depth === 0) {
    const p = out.p ?? {};
    out.p = { ...p, apiVersion: "s", kind: "s", metadata: "@ObjectMeta", status: "*" };
    out.p = Object.fromEntries(Object.entries(out.p).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return out;
}

// --- Read the CRDs ----------------------------------------------------------------------------

const sources = readSources();
const kinds: Record<string, Shape> = {};
const provenance: { kinds: string[]; file: string; repo: string; commit: string; path: string }[] = [];

const crdFiles = [
  ...listYaml(crdDir).map((file) => ({ file, rel: relative(corpus, file) })),
  ...listYaml(vendoredDir).map((file) => ({ file, rel: `vendored:${relative(vendoredDir, file)}` })),
];
for (const { file, rel } of crdFiles) {
  const src = sources.get(rel);
  const served: string[] = [];
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    const crd = doc as {
      kind?: string;
      spec?: {
        group: string;
        names: { kind: string };
        versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[];
      };
    };
    if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;
    for (const v of crd.spec.versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (!v.served || !schema) continue;
      const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
      kinds[key] = convert(schema, 0);
      served.push(key);
    }
  }
  if (served.length > 0)
    provenance.push({
      kinds: served,
      file: rel,
      repo: src?.repo ?? "?",
      commit: src?.commit ?? "?",
      path: src?.path ?? "?",
    });
}

// The unions themselves may embed the others (PodSpec → Container); convert is already done, so
// the references are in place.
const defs: Record<string, Shape> = {};
for (const name of ["PodSpec", "Container", "EphemeralContainer"]) {
  if (!union[name]) throw new Error(`no CRD embeds a full ${name}; is ../shared/corpus/crds there?`);
  defs[name] = union[name] as Shape;
}

// --- Named definitions the hand-written shapes (src/catalog/shapes/*.ts) refer to -----------

function at(shape: Shape | undefined, ...path: string[]): Shape {
  let s = shape;
  for (const seg of path) {
    if (s === undefined || typeof s === "string") throw new Error(`no ${path.join(".")}`);
    s = seg === "[]" ? s.a : seg === "{}" ? s.m : s.p?.[seg];
  }
  if (s === undefined) throw new Error(`no ${path.join(".")}`);
  return s;
}

const jobSet = kinds["jobset.x-k8s.io/v1alpha2/JobSet"];
const pyTorchJob = kinds["kubeflow.org/v1/PyTorchJob"];
const named: Record<string, Shape> = {
  JobTemplateSpec: at(jobSet, "spec", "replicatedJobs", "[]", "template"),
  JobSpec: at(jobSet, "spec", "replicatedJobs", "[]", "template", "spec"),
  PodTemplateSpec: at(jobSet, "spec", "replicatedJobs", "[]", "template", "spec", "template"),
  LabelSelector: at(jobSet, "spec", "replicatedJobs", "[]", "template", "spec", "selector"),
  PersistentVolumeClaimSpec: at(defs.PodSpec, "volumes", "[]", "ephemeral", "volumeClaimTemplate", "spec"),
  KubeflowReplicaSpec: at(pyTorchJob, "spec", "pytorchReplicaSpecs", "{}"),
  KubeflowRunPolicy: at(pyTorchJob, "spec", "runPolicy"),
  RayClusterSpec: at(kinds["ray.io/v1/RayCluster"], "spec"),
};

// --- Store every repeated subtree once ----------------------------------------------------------

/** Subtrees shorter than this (as JSON) stay inline: a reference would not save much. */
const MIN_SHARED = 120;
const canon = (s: Shape) => JSON.stringify(s);

const counts = new Map<string, number>();
function count(s: Shape) {
  if (typeof s === "string") return;
  const c = canon(s);
  counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const v of Object.values(s.p ?? {})) count(v);
  if (s.m !== undefined) count(s.m);
  if (s.a !== undefined) count(s.a);
}
const roots = [...Object.values(kinds), ...Object.values(defs)];
for (const s of roots) count(s);

const nameOf = new Map<string, string>();
for (const [name, s] of Object.entries(named)) nameOf.set(canon(s), name);
let next = 0;

function share(s: Shape, isRoot = false): Shape {
  if (typeof s === "string") return s;
  const c = canon(s);
  const out: ShapeObject = {};
  if (s.p) out.p = Object.fromEntries(Object.entries(s.p).map(([k, v]) => [k, share(v)]));
  if (s.m !== undefined) out.m = share(s.m);
  if (s.a !== undefined) out.a = share(s.a);
  if (s.open) out.open = 1;
  if (isRoot) return out;
  let name = nameOf.get(c);
  if (name === undefined && c.length >= MIN_SHARED && (counts.get(c) ?? 0) > 1) {
    name = `d${next++}`;
    nameOf.set(c, name);
  }
  if (name === undefined) return out;
  defs[name] ??= out;
  return `@${name}`;
}

for (const name of ["PodSpec", "Container", "EphemeralContainer"]) defs[name] = share(defs[name] as Shape, true);
for (const [name, s] of Object.entries(named)) {
  const c = canon(s);
  nameOf.delete(c);
  defs[name] = share(s, true);
  nameOf.set(c, name);
}
for (const k of Object.keys(kinds).sort()) kinds[k] = share(kinds[k] as Shape, true);

// One definition or kind per line, so that a CRD update is a readable diff; JSON.parse reads the
// newlines as whitespace, and the text stays a string parsed on first use (start-up pays nothing).
const lines = (o: Record<string, Shape>) =>
  Object.entries(o)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(",\n");
const json = `{"defs":{\n${lines(defs)}\n},"kinds":{\n${lines(kinds)}\n}}`;
if (/[`\\]|\$\{/.test(json))
  throw new Error("a shape holds a backtick, a backslash or ${: it cannot be written in a template literal");
const header = [
  "// GENERATED by scripts/gen-shapes.ts (`npm run gen-shapes`); do not edit by hand.",
  "// Field shapes of the custom resources below, read from their CRDs' openAPIV3Schema (every served",
  "// version). Source CRDs (corpus file, repository, commit, path in the repository):",
  ...provenance.map((p) => `//   ${p.kinds.join(", ")}\n//     ${p.file}\n//     ${p.repo}@${p.commit} ${p.path}`),
  "",
].join("\n");
const body = [
  header,
  "/** Source of each generated kind: repository, commit and path of its CRD. */",
  `export const GENERATED_SOURCES: Record<string, string> = ${JSON.stringify(
    Object.fromEntries(
      provenance.flatMap((p) => p.kinds.map((k) => [k, `${p.repo}@${p.commit.slice(0, 12)} ${p.path}`])),
    ),
    null,
    2,
  )};`,
  "",
  "/** `{ defs, kinds }` as JSON, parsed on first use (see src/model/shape.ts). */",
  `export const GENERATED_SHAPES_JSON = \`${json}\`;`,
  "",
].join("\n");
// Formatted the way `npm run lint` wants it, so the committed file passes the lint as generated.
const formatted = execFileSync(
  join(repoRoot, "node_modules", ".bin", "biome"),
  ["format", "--stdin-file-path=src/catalog/shapes/generated.ts"],
  { cwd: repoRoot, input: body, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
writeFileSync(outFile, formatted);
console.log(
  `wrote ${outFile}: ${Object.keys(kinds).length} kinds, ${Object.keys(defs).length} definitions, ${json.length} bytes of JSON`,
);
