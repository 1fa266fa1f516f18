// Regenerates src/catalog/github-actions/schema.generated.ts from GitHub's own workflow and action
// schemas (workflow-v1.0.json and action-v1.0.json, shipped in @actions/workflow-parser, the
// package of GitHub's editor tooling): `npm run gen-github-actions`. What it takes: the keys each
// part of a workflow and an action.yml accepts, every event with its activity types and filters,
// and the GITHUB_TOKEN permission scopes with the levels each accepts. A package update reads as a
// diff of the generated file; test/github-actions-schema.test.ts fails while the committed file
// differs from a fresh run. Why the schema's data and not its reader: docs/ARCHITECTURE.md,
// "GitHub workflows" under "Parsers made for the job".
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

type Def = {
  mapping?: { properties?: Record<string, string | { type: string }>; "loose-key-type"?: string };
  sequence?: { "item-type": string };
  "one-of"?: string[];
  "allowed-values"?: string[];
  string?: { constant?: string };
};
type Defs = Record<string, Def>;

const PACKAGE = "@actions/workflow-parser";

/** Steps keys GitHub's reader accepts only behind its allowBackgroundSteps feature flag (template-reader.js). */
const FEATURE_GATED_STEP_KEYS = ["background", "wait", "wait-all", "cancel"];

let loaded: { version: string; workflow: Defs; action: Defs } | undefined;
function load(): { version: string; workflow: Defs; action: Defs } {
  if (loaded) return loaded;
  const dist = dirname(fileURLToPath(import.meta.resolve(PACKAGE)));
  const read = (f: string) => JSON.parse(readFileSync(join(dist, f), "utf8"));
  loaded = {
    version: read("../package.json").version,
    workflow: read("workflow-v1.0.min.json").definitions,
    action: read("action-v1.0.min.json").definitions,
  };
  return loaded;
}

const typeOf = (p: string | { type: string }) => (typeof p === "string" ? p : p.type);

function props(defs: Defs, name: string): string[] {
  const m = defs[name]?.mapping;
  if (!m?.properties) throw new Error(`${name} is not a mapping with properties in GitHub's schema`);
  return Object.keys(m.properties);
}

function union(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

/** The mapping definition a definition may be (directly or as one of its alternatives). */
function mappingOf(defs: Defs, name: string): string | undefined {
  const d = defs[name];
  if (d?.mapping) return name;
  return d?.["one-of"]?.map((x) => mappingOf(defs, x)).find((x) => x !== undefined);
}

/** Every constant string a definition admits, through alternatives and sequences; undefined when any string goes. */
function constants(defs: Defs, name: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(name)) return [];
  seen.add(name);
  const d = defs[name];
  if (!d) return undefined;
  if (d["allowed-values"]) return d["allowed-values"];
  if (d.string) return d.string.constant !== undefined ? [d.string.constant] : undefined;
  if (d.sequence) return constants(defs, d.sequence["item-type"], seen);
  if (d["one-of"]) {
    const parts = d["one-of"].filter((x) => x !== "null").map((x) => constants(defs, x, seen));
    return parts.some((p) => p === undefined) ? undefined : union(...(parts as string[][]));
  }
  return [];
}

export interface SchemaCatalog {
  SCHEMA_SOURCE: { package: string; version: string };
  [name: string]: unknown;
}

/** What the catalog takes from GitHub's schemas, as data (the staleness test compares it with the committed file). */
export function derive(): SchemaCatalog {
  const { version, workflow: w, action: a } = load();
  const events: Record<string, { types?: readonly string[] | "any"; keys: readonly string[] }> = {};
  for (const [event, def] of Object.entries(w["on-mapping-strict"]?.mapping?.properties ?? {})) {
    const m = mappingOf(w, typeOf(def));
    const typesDef = m ? w[m]?.mapping?.properties?.types : undefined;
    events[event] = {
      ...(typesDef === undefined ? {} : { types: constants(w, typeOf(typesDef)) ?? "any" }),
      keys: m ? props(w, m) : [],
    };
  }
  const permissions: Record<string, readonly string[]> = {};
  for (const [scope, def] of Object.entries(w["permissions-mapping"]?.mapping?.properties ?? {})) {
    const levels = constants(w, typeOf(def));
    if (!levels) throw new Error(`permission ${scope}: its levels are not constants in GitHub's schema`);
    permissions[scope] = levels;
  }
  return {
    SCHEMA_SOURCE: { package: PACKAGE, version },
    WORKFLOW_KEYS: props(w, "workflow-root"),
    JOB_KEYS: union(props(w, "job-factory"), props(w, "workflow-job")),
    REUSABLE_CALL_JOB_KEYS: props(w, "workflow-job"),
    STEP_KEYS: union(props(w, "run-step"), props(w, "regular-step")).filter(
      (k) => !FEATURE_GATED_STEP_KEYS.includes(k),
    ),
    STRATEGY_KEYS: props(w, "strategy"),
    CONTAINER_KEYS: props(w, "container-mapping"),
    DEFAULTS_KEYS: props(w, "workflow-defaults"),
    DEFAULTS_RUN_KEYS: props(w, "workflow-defaults-run"),
    CONCURRENCY_KEYS: props(w, "concurrency-mapping"),
    ENVIRONMENT_KEYS: props(w, "job-environment-mapping"),
    ACTION_KEYS: props(a, "action-root-strict"),
    ACTION_RUNS_KEYS: union(
      props(a, "container-runs-strict"),
      props(a, "node-runs-strict"),
      props(a, "composite-runs-strict"),
    ),
    COMPOSITE_STEP_KEYS: union(props(a, "run-step"), props(a, "uses-step")),
    SCHEMA_EVENTS: events,
    SCHEMA_PERMISSIONS: permissions,
  };
}

/**
 * The contexts and functions GitHub's workflow schema allows at an availability key of the catalog
 * (`jobs.<job_id>.steps.run`): the key is walked through the schema's definitions, each value
 * taking the `context` of the nearest definition on its way that has one. Undefined when the walk
 * finds nothing. test/github-actions-schema.test.ts compares the hand-written availability table
 * (from GitHub's docs) with it.
 */
export function schemaAvailability(key: string): { contexts: string[]; functions: string[] } | undefined {
  const w = load().workflow;
  type At = { def: string; context: string[] | undefined };
  const expand = (def: string, context: string[] | undefined, seen = new Set<string>()): At[] => {
    if (seen.has(def)) return [];
    seen.add(def);
    const d = w[def] as (Def & { context?: string[] }) | undefined;
    if (!d) return [{ def, context }]; // a built-in scalar type (string, boolean, number)
    const c = d.context ?? context;
    return d["one-of"] ? d["one-of"].flatMap((x) => expand(x, c, seen)) : [{ def, context: c }];
  };
  let at: At[] = expand("workflow-root", undefined);
  for (const seg of key.split(".")) {
    at = at.flatMap(({ def, context }) => {
      const d = w[def];
      const m = d?.mapping as (Def["mapping"] & { "loose-value-type"?: string }) | undefined;
      if (seg.startsWith("<")) return m?.["loose-value-type"] ? expand(m["loose-value-type"], context) : [];
      const p = m?.properties?.[seg];
      if (p) return expand(typeOf(p), context);
      // A sequence's items (steps) take the key's next segment.
      if (d?.sequence)
        return expand(d.sequence["item-type"], context).flatMap((item) => {
          const q = w[item.def]?.mapping?.properties?.[seg];
          return q ? expand(typeOf(q), item.context) : [];
        });
      return [];
    });
  }
  if (at.length === 0) return undefined;
  const all = [...new Set(at.flatMap((x) => x.context ?? []))];
  return {
    contexts: all.filter((c) => !c.includes("(")),
    functions: [...new Set(all.filter((c) => c.includes("(")).map((c) => c.replace(/\(.*/, "")))],
  };
}

const DOCS: Record<string, [string, string]> = {
  SCHEMA_SOURCE: ["The package and version the catalog was generated from.", "{ package: string; version: string }"],
  WORKFLOW_KEYS: ["Keys of a workflow file's top level (workflow-root).", "readonly string[]"],
  JOB_KEYS: [
    "Keys of `jobs.<job_id>`: a job that runs steps (job-factory) or calls a reusable workflow (workflow-job).",
    "readonly string[]",
  ],
  REUSABLE_CALL_JOB_KEYS: ["Keys a job calling a reusable workflow may use (workflow-job).", "readonly string[]"],
  STEP_KEYS: [
    "Keys of a step (run-step, regular-step), less those GitHub's reader accepts only behind a feature flag.",
    "readonly string[]",
  ],
  STRATEGY_KEYS: ["Keys of `strategy`.", "readonly string[]"],
  CONTAINER_KEYS: ["Keys of a job's `container` and of each service.", "readonly string[]"],
  DEFAULTS_KEYS: ["Keys of `defaults`.", "readonly string[]"],
  DEFAULTS_RUN_KEYS: ["Keys of `defaults.run`.", "readonly string[]"],
  CONCURRENCY_KEYS: ["Keys of `concurrency` written as a mapping.", "readonly string[]"],
  ENVIRONMENT_KEYS: ["Keys of a job's `environment` written as a mapping.", "readonly string[]"],
  ACTION_KEYS: ["Keys of an action.yml's top level (action-root-strict).", "readonly string[]"],
  ACTION_RUNS_KEYS: [
    "Keys of an action's `runs`, for container, JavaScript and composite actions.",
    "readonly string[]",
  ],
  COMPOSITE_STEP_KEYS: ["Keys of a composite action's step (run-step, uses-step).", "readonly string[]"],
  SCHEMA_EVENTS: [
    'Every event that can trigger a workflow: its activity types ("any" when any string goes) and the keys its mapping accepts.',
    'Readonly<Record<string, { types?: readonly string[] | "any"; keys: readonly string[] }>>',
  ],
  SCHEMA_PERMISSIONS: [
    "GITHUB_TOKEN permission scopes, each with the levels GitHub accepts for it.",
    "Readonly<Record<string, readonly string[]>>",
  ],
};

/** The generated module's text (`npm run gen-github-actions` then formats it with Biome). */
export function render(catalog: SchemaCatalog): string {
  const out = [
    `// Generated by \`npm run gen-github-actions\` from ${PACKAGE} ${catalog.SCHEMA_SOURCE.version} (workflow-v1.0.json,`,
    "// action-v1.0.json: GitHub's workflow and action schemas). Do not edit; regenerate.",
    "",
  ];
  for (const [name, value] of Object.entries(catalog)) {
    const [doc, type] = DOCS[name] ?? ["", "unknown"];
    out.push(`/** ${doc} */`, `export const ${name}: ${type} = ${JSON.stringify(value)};`, "");
  }
  return out.join("\n");
}

const outFile = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "src",
  "catalog",
  "github-actions",
  "schema.generated.ts",
);
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(outFile, render(derive()));
  console.log(`wrote ${outFile}`);
}
