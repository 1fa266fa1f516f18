// Regenerates src/catalog/shapes/kubernetes-<release>.ts, the shapes of every built-in kind, from
// the Kubernetes OpenAPI (swagger 2.0) document of each release:
//
//   npm run gen-kube-shapes -- /path/to/kubernetes-client-python.git
//
// The source is the `kubernetes/swagger.json.unprocessed` file that kubernetes-client/python
// commits for each release it generates from (a verbatim copy of kubernetes/kubernetes
// api/openapi-spec/swagger.json on that release branch). RELEASES below names the commit per
// release; a git directory of that repository (a clone or a mirror) is the only input. Each
// definition becomes one line of the output (src/model/shape.ts describes the encoding), so a
// diff shows which definitions a release changed.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Shape } from "../src/catalog/shapes/types.js";

/** Release → the kubernetes-client/python commit whose scripts/constants.py names that release branch. */
export const RELEASES: Record<string, { commit: string; date: string }> = {
  "1.34": { commit: "4f585b3b8", date: "2025-09-15" },
  "1.35": { commit: "82420b325", date: "2025-12-30" },
  "1.36": { commit: "ac0ee5091", date: "2026-05-05" },
};
const SOURCE_FILE = "kubernetes/swagger.json.unprocessed";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

type Schema = {
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string }[];
};

/** Definitions that are scalars on the wire, whatever their Go type. */
const SCALAR_REFS: Record<string, Shape> = {
  // Decoded with resource.ParseQuantity (src/model/formats.ts): an integer or a quantity string.
  "io.k8s.apimachinery.pkg.api.resource.Quantity": "q",
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "x",
  // metav1.Time decodes with time.Parse(time.RFC3339, …) (apimachinery pkg/apis/meta/v1/time.go);
  // MicroTime's RFC3339Micro layout is left a plain string.
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "s",
  "io.k8s.apimachinery.pkg.runtime.RawExtension": "*",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "*",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": "*",
};

/** Kinds that are API plumbing, not objects anyone applies. */
const NOT_APPLIED = new Set([
  "DeleteOptions",
  "WatchEvent",
  "Status",
  "APIGroup",
  "APIGroupList",
  "APIResourceList",
  "APIVersions",
]);

/** `io.k8s.api.core.v1.Container` → `core.v1.Container`; `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` → `meta.v1.ObjectMeta`. */
export function shortName(def: string): string {
  return def
    .replace(/^io\.k8s\.api\./, "")
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, "")
    .replace(/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\./, "")
    .replace(/^io\.k8s\.kube-aggregator\.pkg\.apis\./, "");
}

function convert(s: Schema): Shape {
  const ref = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0]?.$ref : undefined);
  if (ref) {
    const def = ref.replace(/^#\/definitions\//, "");
    return SCALAR_REFS[def] ?? `@${shortName(def)}`;
  }
  if (s["x-kubernetes-preserve-unknown-fields"]) return "*";
  if (s.format === "int-or-string") return "x";
  switch (s.type) {
    // The formats the API server's decoding refuses a value for (src/model/formats.ts): Go's
    // encoding/json stores an integer only if it fits the field (int32, int64) and decodes a
    // []byte field (format byte) from padded standard base64.
    case "string":
      return s.format === "byte" ? "b64" : "s";
    case "integer":
      return s.format === "int32" ? "i32" : s.format === "int64" ? "i64" : "i";
    case "number":
      return "n";
    case "boolean":
      return "b";
    case "array":
      return { a: s.items ? convert(s.items) : "*" };
    case undefined:
    case "object": {
      const out: Record<string, unknown> = {};
      if (s.properties) {
        out.p = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, convert(v)]));
        if (s.required?.length) out.r = [...s.required].sort();
      }
      if (s.additionalProperties && typeof s.additionalProperties === "object") out.m = convert(s.additionalProperties);
      else if (s.additionalProperties === true) out.open = 1;
      return Object.keys(out).length ? (out as Shape) : "*";
    }
    default:
      return "*";
  }
}

export function generate(swagger: { definitions: Record<string, Schema> }): {
  defs: [string, Shape][];
  kinds: [string, string][];
} {
  const defs: [string, Shape][] = [];
  const kinds: [string, string][] = [];
  for (const [name, schema] of Object.entries(swagger.definitions).sort(([a], [b]) => a.localeCompare(b))) {
    if (SCALAR_REFS[name]) continue;
    const shape = convert(schema);
    const gvks = (schema["x-kubernetes-group-version-kind"] ?? []).filter((g) => !NOT_APPLIED.has(g.kind));
    if (gvks.length > 0 && typeof shape !== "string" && shape.p) {
      // An object's status is written by its controller; a manifest that carries one (kubectl get -o yaml) is not wrong.
      if (shape.p.status !== undefined) shape.p.status = "*";
      for (const g of gvks)
        kinds.push([`${g.group ? `${g.group}/` : ""}${g.version}/${g.kind}`, `@${shortName(name)}`]);
    }
    defs.push([shortName(name), shape]);
  }
  kinds.sort(([a], [b]) => a.localeCompare(b));
  return { defs, kinds };
}

function render(release: string, info: { commit: string; date: string }, g: ReturnType<typeof generate>): string {
  const lines = [
    `// Generated by scripts/gen-kube-shapes.ts: do not edit. The shapes of Kubernetes ${release}'s built-in kinds`,
    `// (src/model/shape.ts describes the encoding), one definition per line, from the OpenAPI document`,
    `// api/openapi-spec/swagger.json of release-${release}, as kubernetes-client/python commit ${info.commit}`,
    `// (${info.date}) carries it in ${SOURCE_FILE}. Regenerate: docs/ARCHITECTURE.md, "Built-in kinds".`,
    "",
    `export const RELEASE = "${release}";`,
    "",
    "/** `group/version/Kind` → the definition of that kind. */",
    "export const KINDS: readonly string[] = [",
    ...g.kinds.map(([k, d]) => `  ${quote(JSON.stringify([k, d]))},`),
    "];",
    "",
    "/** `[name, shape]` as JSON, one definition per line; parsed on first use. */",
    "export const DEFS: readonly string[] = [",
    ...g.defs.map(([n, s]) => `  ${quote(JSON.stringify([n, s]))},`),
    "];",
    "",
  ];
  return lines.join("\n");
}

/** A single-quoted TypeScript string literal (the JSON inside uses double quotes). */
function quote(json: string): string {
  return `'${json.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function main(): void {
  const gitDir = process.argv[2];
  if (!gitDir) {
    console.error("usage: npm run gen-kube-shapes -- <git directory of kubernetes-client/python>");
    process.exit(2);
  }
  for (const [release, info] of Object.entries(RELEASES)) {
    const text = execFileSync("git", ["--git-dir", gitDir, "show", `${info.commit}:${SOURCE_FILE}`], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const g = generate(JSON.parse(text));
    const out = join(repoRoot, "src", "catalog", "shapes", `kubernetes-${release.replace(".", "-")}.ts`);
    writeFileSync(out, render(release, info, g));
    console.log(`${release}: ${g.kinds.length} kinds, ${g.defs.length} definitions → ${out}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
