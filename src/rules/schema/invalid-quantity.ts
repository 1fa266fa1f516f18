import { formatPath, type Path } from "../../model/path.js";
import { isPlaceholderValue } from "../../model/placeholder.js";
import { isExtendedResource, parseQuantity, suggestQuantity } from "../../model/quantity.js";
import { asArray, asObject, getIn, type Resource } from "../../model/resource.js";
import { type BadFormat, checkShape } from "../../model/shape.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

/** What a malformed quantity is told, wherever it sits. */
function malformed(name: string, v: unknown): string {
  const hint = typeof v === "string" ? suggestQuantity(v) : undefined;
  const placeholder = typeof v === "string" && /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.test(v);
  return placeholder
    ? `${name}: ${JSON.stringify(v)} is an unsubstituted variable, not a quantity: the API server rejects it; render the template (envsubst, helm template) before applying and checking`
    : `${name}: ${JSON.stringify(v)} is not a Kubernetes quantity${hint ? `; did you mean "${hint}"?` : " (use e.g. 500m, 2, 4Gi, 1G)"}`;
}

/**
 * The malformed quantities the shape walk found in a built-in kind (every \`resource.Quantity\`
 * field: volumeClaimTemplates, LimitRanges, PersistentVolumes …), by path: the resource hook
 * reports them, and the checks below leave those paths to it.
 */
const NONE: ReadonlyMap<string, BadFormat> = new Map();

function shapeQuantities(r: Resource, ctx: RuleContext): ReadonlyMap<string, BadFormat> {
  const bad = checkShape(r, ctx.options.kubeVersion, ctx.set.crds).badFormat;
  if (bad.length === 0) return NONE;
  const out = new Map<string, BadFormat>();
  for (const b of bad) if (b.format === "quantity") out.set(formatPath(b.path), b);
  return out;
}

/**
 * Checks one map of quantities. `at(name)` gives an entry's path; it is called only to report,
 * since nearly every quantity is valid and building a path per entry was most of this rule's cost.
 */
function checkList(r: Resource, list: unknown, at: (name: string) => Path, ctx: RuleContext) {
  const obj = asObject(list);
  if (!obj) return;
  for (const name of Object.keys(obj)) {
    const v = obj[name];
    // A placeholder (`$GPU_PER_NODE`, an empty value) is schema/unrendered-template's, once per document.
    if (v === null || isPlaceholderValue(v, undefined, true)) continue;
    const q = parseQuantity(v);
    if (q === undefined) {
      const path = at(name);
      // The shape walk's finding, reported by the resource hook.
      if (shapeQuantities(r, ctx).has(formatPath(path))) continue;
      ctx.report({ resource: r, path, message: malformed(name, v) });
    } else if (isExtendedResource(name) && !Number.isInteger(q)) {
      ctx.report({
        resource: r,
        path: at(name),
        message: `${name}: ${JSON.stringify(v)} — extended resources such as ${name} are counted in whole units; the API server rejects fractions`,
      });
    } else if (q < 0) {
      ctx.report({ resource: r, path: at(name), message: `${name}: ${JSON.stringify(v)} is negative` });
    }
  }
}

/** `limits` and `requests` of a `resources` block, each checked with its path under `base`. */
function checkResources(r: Resource, resources: unknown, base: Path, ctx: RuleContext) {
  const res = asObject(resources);
  if (!res) return;
  for (const kind of ["limits", "requests"]) {
    if (asObject(res[kind])) checkList(r, res[kind], (name) => [...base, "resources", kind, name], ctx);
  }
}

export default defineRule({
  id: "schema/invalid-quantity",
  category: "schema",
  severity: "error",
  podContent: true,
  summary: 'A resource quantity is malformed ("2Gb", "4 Gi") or a fraction of a whole-unit resource ("0.5" GPUs)',
  rationale:
    'Quantities follow a strict grammar: `Gi` is a gibibyte, `G` a gigabyte, and `Gb`, `GB` or a space are rejected by the API server, which cannot decode the object (`resource.ParseQuantity`). Every quantity field of the built-in kinds is checked — container resources, a StatefulSet\'s volumeClaimTemplates, PersistentVolumeClaims, PersistentVolumes, LimitRanges, ResourceQuotas — from the release\'s OpenAPI document, and the containers of the ML kinds. Extended resources such as nvidia.com/gpu are whole devices: "0.5" or "500m" is rejected too.',
  remediation:
    "Write the quantity with a valid suffix (Ki Mi Gi Ti, k M G T, m for milli) and whole numbers for devices.",
  links: [
    {
      title: "Quantity (API reference)",
      url: "https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/",
    },
    {
      title: "Extended resources",
      url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#extended-resources",
    },
  ],
  examples: {
    valid: [
      {
        title: "valid quantities",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                resources:
                  limits: {cpu: 500m, memory: 4Gi, nvidia.com/gpu: 2}
                  requests: {cpu: "1.5", memory: 1e9, nvidia.com/gpu: "2"}
        `,
      },
    ],
    invalid: [
      {
        title: "a model cache claimed in gigabytes spelt GB by a StatefulSet",
        yaml: dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: vllm
          spec:
            serviceName: vllm
            selector: {matchLabels: {app: vllm}}
            template:
              metadata: {labels: {app: vllm}}
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.11.0
                    volumeMounts: [{name: cache, mountPath: /root/.cache}]
            volumeClaimTemplates:
              - metadata: {name: cache}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 200GB}}
        `,
        findings: [
          {
            line: 19,
            column: 41,
            message: /storage: "200GB" is not a Kubernetes quantity; did you mean "200Gi"\?/,
          },
        ],
      },
      {
        title:
          "a malformed memory limit in a Katib Experiment's trial pod, written without apiVersion and kind: found by shape",
        yaml: dedent`
          apiVersion: example.com/v1
          kind: HyperparameterSweep
          metadata:
            name: sweep
          spec:
            trial:
              podSpec:
                containers:
                  - name: train
                    image: ghcr.io/acme/train:1.4.0
                    resources:
                      limits:
                        memory: 16 Gi
        `,
        findings: [{ line: 13, column: 23, message: /memory: "16 Gi" is not a Kubernetes quantity/ }],
      },
      {
        title: "gigabytes spelt Gb",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                resources:
                  limits:
                    memory: 2Gb
        `,
        findings: [{ line: 11, column: 19, message: /did you mean "2Gi"/ }],
      },
      {
        title: "half a GPU",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: "0.5"
        `,
        findings: [{ line: 11, column: 27, message: /whole units/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      for (const c of g.containers) checkResources(r, c.value.resources, c.path, ctx);
      const podSpecPath = g.podSpecPath;
      if (podSpecPath && g.podSpec) {
        checkResources(r, g.podSpec.resources, podSpecPath, ctx);
        asArray(g.podSpec.volumes).forEach((v, i) => {
          const size = getIn(v, ["emptyDir", "sizeLimit"]);
          if (size !== undefined) {
            checkList(r, { sizeLimit: size }, (name) => [...podSpecPath, "volumes", i, "emptyDir", name], ctx);
          }
        });
      }
    }
  },
  resource(r, ctx) {
    for (const b of shapeQuantities(r, ctx).values()) {
      const key = b.path[b.path.length - 1];
      const name = typeof key === "string" ? key : formatPath(b.path);
      if (isPlaceholderValue(b.value, undefined, true)) continue;
      ctx.report({ resource: r, path: b.path, message: malformed(name, b.value) });
    }
    if (r.group === "" && r.kind === "PersistentVolumeClaim") {
      checkList(
        r,
        getIn(r.value, ["spec", "resources", "requests"]),
        (name) => ["spec", "resources", "requests", name],
        ctx,
      );
    } else if (r.group === "" && r.kind === "ResourceQuota") {
      checkList(r, getIn(r.value, ["spec", "hard"]), (name) => ["spec", "hard", name], ctx);
    }
  },
});
