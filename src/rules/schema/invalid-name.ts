import {
  ANNOTATIONS_TOTAL_MAX_BYTES,
  DEFAULT_NAME_RULE,
  type NameSyntax,
  OBJECT_NAME_RULES,
} from "../../catalog/object-names.js";
import { KNOWN_GROUPS } from "../../model/kinds.js";
import {
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  labelValue,
  pathSegmentName,
  qualifiedName,
} from "../../model/names.js";
import type { Path } from "../../model/path.js";
import { isTemplateVariable } from "../../model/placeholder.js";
import { asArray, asObject, getIn, type Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

const SYNTAX: Record<NameSyntax, (v: string) => readonly string[]> = {
  "dns1123-subdomain": dns1123Subdomain,
  "dns1123-label": dns1123Label,
  "dns1035-label": dns1035Label,
  "path-segment": pathSegmentName,
};

/** `${VAR}`, `{{ .Values.x }}`, `$(VAR)`, `__INDEX__`: a template's placeholder, not a name. */
const PLACEHOLDER = /\$\{|\{\{|\$\(|__[A-Z][A-Z0-9_]*__/;

function checkMeta(r: Resource, metaPath: Path, ctx: RuleContext, what: string): void {
  const meta = asObject(getIn(r.value, metaPath));
  if (!meta) return;
  const labels = asObject(meta.labels);
  if (labels)
    for (const [key, value] of Object.entries(labels)) {
      if (PLACEHOLDER.test(key)) continue;
      const keyProblems = qualifiedName(key);
      if (keyProblems.length)
        ctx.report({
          resource: r,
          path: [...metaPath, "labels", key],
          at: "key",
          message: `${what} label key "${key}": ${keyProblems.join("; ")}`,
        });
      if (typeof value !== "string" || isTemplateVariable(value)) continue;
      const valueProblems = labelValue(value);
      if (valueProblems.length)
        ctx.report({
          resource: r,
          path: [...metaPath, "labels", key],
          message: `${what} label ${key}=${value.length > 40 ? `${value.slice(0, 40)}…` : value}: the value ${valueProblems.join("; ")}`,
        });
    }
  const annotations = asObject(meta.annotations);
  if (annotations) {
    let bytes = 0;
    for (const [key, value] of Object.entries(annotations)) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: count exactly only near the limit.
      bytes += key.length + (typeof value === "string" ? value.length : 0);
      if (PLACEHOLDER.test(key)) continue;
      const problems = qualifiedName(key.toLowerCase());
      if (problems.length)
        ctx.report({
          resource: r,
          path: [...metaPath, "annotations", key],
          at: "key",
          message: `${what} annotation key "${key}": ${problems.join("; ")}`,
        });
    }
    if (bytes * 3 > ANNOTATIONS_TOTAL_MAX_BYTES) bytes = utf8Bytes(annotations);
    if (bytes > ANNOTATIONS_TOTAL_MAX_BYTES)
      ctx.report({
        resource: r,
        path: [...metaPath, "annotations"],
        message: `${what} annotations total ${bytes} bytes; the API server allows at most ${ANNOTATIONS_TOTAL_MAX_BYTES} (256 KiB) per object`,
      });
  }
}

function utf8Bytes(annotations: Record<string, unknown>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations))
    bytes += Buffer.byteLength(key) + (typeof value === "string" ? Buffer.byteLength(value) : 0);
  return bytes;
}

function checkName(r: Resource, ctx: RuleContext): void {
  const meta = asObject(r.value.metadata);
  if (!meta) return;
  const rule = OBJECT_NAME_RULES[`${r.group}/${r.kind}`] ?? DEFAULT_NAME_RULE;
  for (const field of ["name", "generateName"] as const) {
    const v = meta[field];
    if (typeof v !== "string" || v === "" || isTemplateVariable(v)) continue;
    // generateName is a prefix: the API server appends five characters, so a trailing '-' is fine.
    const checked = field === "generateName" && v.endsWith("-") ? `${v.slice(0, -1)}a` : v;
    const problems = [...SYNTAX[rule.syntax](checked)];
    if (rule.max && v.length > rule.max.length)
      problems.push(
        `must be no more than ${rule.max.length} characters for a ${r.kind} (it has ${v.length}): ${rule.max.why}`,
      );
    if (problems.length)
      ctx.report({
        resource: r,
        path: ["metadata", field],
        message: `${r.kind} ${field} "${v.length > 60 ? `${v.slice(0, 60)}…` : v}" ${problems.join("; ")}`,
      });
  }
}

export default defineRule({
  id: "schema/invalid-name",
  category: "schema",
  severity: "error",
  summary:
    "A name, label or annotation the API server refuses: capitals or underscores in a name, a label value over 63 characters",
  rationale:
    "Names become DNS names, label values and file paths, so the API server holds them to fixed syntaxes: most objects' names are DNS-1123 subdomains (lowercase letters, digits, '-' and '.', at most 253 characters), a Service's an RFC 1035 label (at most 63, starting with a letter), a Namespace's a DNS-1123 label, container and volume names DNS-1123 labels; a CronJob's name is at most 52 characters and a Job's 63. Label keys are `[prefix/]name` with a name of at most 63 characters, label values at most 63 characters of letters, digits, '-', '_' and '.', and an object's annotations at most 256 KiB together. A name made from a model id (`Llama-3.1-8B_Instruct`) or a label holding a long description fails on apply.",
  remediation:
    "Lowercase the name and replace '_' and other characters with '-'; shorten long names; move free text from a label to an annotation. The message says which limit is broken.",
  links: [
    {
      title: "Object names and IDs",
      url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/",
    },
    {
      title: "Labels: syntax and character set",
      url: "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set",
    },
    {
      title: "apimachinery validation (IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue)",
      url: "https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go",
    },
    {
      title: "apimachinery ValidateAnnotations (256 KiB in total)",
      url: "https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "names a setup script fills in (envsubst, sed): PV_NAME, a <revision> suffix",
        yaml: dedent`
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: PVC_NAME
          spec:
            accessModes: [ReadWriteMany]
            resources: {requests: {storage: 1Ti}}
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: istio-shared-configmap-<asm-revision>
          data: {mesh: ""}
        `,
      },
      {
        title: "lowercase names, qualified label keys, a ClusterRole name with colons, a generateName prefix",
        yaml: dedent`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata:
            name: system:controller:ray-operator
          rules: []
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            generateName: llama-3-1-8b-eval-
            labels: {app.kubernetes.io/name: eval, model: Llama-3.1-8B}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: eval, image: e:1}]
        `,
      },
    ],
    invalid: [
      {
        title: "a Deployment named after a model id, and a Service name starting with a digit",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: Llama-3.1-8B_Instruct
          spec:
            selector: {matchLabels: {app: llama}}
            template:
              metadata: {labels: {app: llama}}
              spec:
                containers: [{name: vllm, image: v:1}]
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: 8b-instruct
          spec:
            ports: [{port: 80}]
        `,
        findings: [
          {
            line: 4,
            column: 9,
            message: /Deployment name "Llama-3.1-8B_Instruct" must be a lowercase RFC 1123 subdomain/,
          },
          { line: 15, column: 9, message: /Service name "8b-instruct" must be an RFC 1035 label/ },
        ],
      },
      {
        title: "a label value too long, a label key with a space, a container name with an underscore",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
            labels:
              description: fine-tuning-run-of-llama-3-70b-on-the-instruction-dataset-v2-final
              model name: llama
          spec:
            containers: [{name: vllm_server, image: v:1}]
        `,
        findings: [
          { line: 6, column: 18, message: /label description=.*must be no more than 63 characters/ },
          { line: 7, column: 5, message: /label key "model name"/ },
          { line: 9, column: 23, message: /container name "vllm_server" must be a lowercase RFC 1123 label/ },
        ],
      },
      {
        title: "a CronJob name over 52 characters",
        yaml: dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: nightly-evaluation-of-the-llama-3-70b-instruct-checkpoints
          spec:
            schedule: '0 2 * * *'
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: e, image: e:1}]
        `,
        findings: [{ line: 4, column: 9, message: /no more than 52 characters for a CronJob/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (!r.kind || r.kind.endsWith("List") || !KNOWN_GROUPS.has(r.group)) return;
    checkName(r, ctx);
    checkMeta(r, ["metadata"], ctx, r.kind);
  },
  workload(w, ctx) {
    const r = w.resource;
    if (!KNOWN_GROUPS.has(r.group)) return;
    for (const g of w.podGroups) {
      if (g.templatePath && g.templatePath.length > 0)
        checkMeta(r, [...g.templatePath, "metadata"], ctx, "pod template");
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        if (typeof c.value.name !== "string" || isTemplateVariable(c.value.name)) continue;
        const problems = dns1123Label(c.value.name);
        if (problems.length)
          ctx.report({
            resource: r,
            path: [...c.path, "name"],
            message: `container name "${c.value.name}" ${problems.join("; ")}`,
          });
      }
      if (g.podSpec && g.podSpecPath) {
        const volumes = asArray(g.podSpec.volumes);
        for (let i = 0; i < volumes.length; i++) {
          const name = asObject(volumes[i])?.name;
          if (typeof name !== "string" || isTemplateVariable(name)) continue;
          const problems = dns1123Label(name);
          if (problems.length)
            ctx.report({
              resource: r,
              path: [...g.podSpecPath, "volumes", i, "name"],
              message: `volume name "${name}" ${problems.join("; ")}`,
            });
        }
      }
    }
  },
});
