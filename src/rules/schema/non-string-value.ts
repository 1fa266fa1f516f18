import type { Path } from "../../model/path.js";
import { asArray, asObject, locateInResource, type Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

/** Plain scalars YAML 1.1 turns into booleans; Kubernetes parses manifests as YAML 1.1. */
const YAML11_BOOLEAN_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function sourceText(r: Resource, path: Path): string | undefined {
  const located = locateInResource(r, path);
  if (!located?.exact) return undefined;
  return r.doc.file.text.slice(located.value.start, located.value.end);
}

function describe(r: Resource, path: Path, v: unknown): string {
  const raw = sourceText(r, path);
  const as = typeof v === "boolean" ? `the boolean ${v}` : `the number ${String(v)}`;
  if (raw !== undefined && YAML11_BOOLEAN_WORDS.test(raw)) {
    return `unquoted ${raw} is read by Kubernetes (YAML 1.1) as ${as}, and this field must be a string; quote it: "${raw}"`;
  }
  if (raw !== undefined && /^0[0-7]+$/.test(raw)) {
    return `unquoted ${raw} is read by Kubernetes (YAML 1.1) as the octal number ${String(v)}, and this field must be a string; quote it: "${raw}"`;
  }
  return `${raw ?? String(v)} is ${as}, but this field must be a string; quote it`;
}

/** Checks a map of strings; `pathOf(key)` is called only to report, as nearly every value is a string. */
function checkStringMap(r: Resource, map: unknown, pathOf: (key: string) => Path, ctx: RuleContext) {
  const obj = asObject(map);
  if (!obj) return;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== null && typeof v !== "string" && typeof v !== "object") {
      ctx.report({ resource: r, path: pathOf(k), message: `${k}: ${describe(r, pathOf(k), v)}` });
    }
  }
}

export default defineRule({
  id: "schema/non-string-value",
  category: "schema",
  severity: "error",
  summary: "A value that must be a string is a boolean or number: env values, labels, annotations, ConfigMap data",
  rationale:
    'Kubernetes reads manifests as YAML 1.1, where unquoted yes, no, on, off, y and n are booleans and 0644 is octal. An env value, label, annotation or ConfigMap entry must be a string, so `value: yes` or `value: 8080` is rejected at apply time ("cannot unmarshal bool into Go struct field EnvVar.value of type string").',
  remediation: 'Quote the value: `value: "yes"`, `value: "8080"`.',
  links: [
    {
      title: "EnvVar (API reference)",
      url: "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables",
    },
    { title: "YAML 1.1 boolean type", url: "https://yaml.org/type/bool.html" },
  ],
  examples: {
    valid: [
      {
        title: "quoted values",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            labels: {enabled: "yes"}
          spec:
            containers:
              - name: m
                image: i
                env:
                  - {name: DEBUG, value: "on"}
        `,
      },
    ],
    invalid: [
      {
        title: "an unquoted yes in an env value",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                env:
                  - name: NCCL_DEBUG_SUBSYS
                    value: yes
        `,
        findings: [{ line: 11, column: 18, message: /unquoted yes .* boolean true/ }],
      },
      {
        title: "a number as a label value",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: c
            labels:
              version: 2
          data:
            port: 8080
        `,
        findings: [
          { line: 6, column: 14, message: /number 2/ },
          { line: 8, column: 9, message: /number 8080/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    checkStringMap(r, r.labels, (k) => ["metadata", "labels", k], ctx);
    checkStringMap(r, r.annotations, (k) => ["metadata", "annotations", k], ctx);
    if (r.group === "" && (r.kind === "ConfigMap" || r.kind === "Secret")) {
      checkStringMap(r, r.value.data, (k) => ["data", k], ctx);
      checkStringMap(r, r.value.stringData, (k) => ["stringData", k], ctx);
    }
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      const templatePath = g.templatePath;
      if (templatePath && templatePath.length > 0) {
        checkStringMap(r, g.podLabels, (k) => [...templatePath, "metadata", "labels", k], ctx);
        checkStringMap(r, g.podAnnotations, (k) => [...templatePath, "metadata", "annotations", k], ctx);
      }
      for (const c of g.containers) {
        asArray(c.value.env).forEach((e, i) => {
          const env = asObject(e);
          if (!env || !("value" in env)) return;
          const v = env.value;
          if (v !== null && typeof v !== "string" && typeof v !== "object") {
            const path = [...c.path, "env", i, "value"];
            ctx.report({ resource: r, path, message: `env ${String(env.name)}: ${describe(r, path, v)}` });
          }
        });
      }
    }
  },
});
