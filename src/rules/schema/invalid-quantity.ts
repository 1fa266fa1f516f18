import type { Path } from "../../model/path.js";
import { isPlaceholderValue } from "../../model/placeholder.js";
import { isExtendedResource, parseQuantity, suggestQuantity } from "../../model/quantity.js";
import { asArray, asObject, getIn, type Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

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
      const hint = typeof v === "string" ? suggestQuantity(v) : undefined;
      const placeholder = typeof v === "string" && /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.test(v);
      ctx.report({
        resource: r,
        path: at(name),
        message: placeholder
          ? `${name}: ${JSON.stringify(v)} is an unsubstituted variable, not a quantity: the API server rejects it; render the template (envsubst, helm template) before applying and checking`
          : `${name}: ${JSON.stringify(v)} is not a Kubernetes quantity${hint ? `; did you mean "${hint}"?` : " (use e.g. 500m, 2, 4Gi, 1G)"}`,
      });
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
  supersedes: [
    {
      rule: "schema/invalid-format",
      cause:
        "a malformed quantity in container resources, a PersistentVolumeClaim's requests or a ResourceQuota's hard limits, which both check (this rule suggests the spelling meant)",
    },
  ],
  summary: 'A resource quantity is malformed ("2Gb", "4 Gi") or a fraction of a whole-unit resource ("0.5" GPUs)',
  rationale:
    'Quantities follow a strict grammar: `Gi` is a gibibyte, `G` a gigabyte, and `Gb`, `GB` or a space are rejected by the API server. Extended resources such as nvidia.com/gpu are whole devices: "0.5" or "500m" is rejected too.',
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
