import type { Path } from "../../model/path.js";
import { asArray, asObject, type Resource } from "../../model/resource.js";
import { defineRule, type RuleContext } from "../types.js";

/** Reports every item of `items` whose `field` repeats an earlier one. */
function repeats(
  r: Resource,
  items: Array<{ value: unknown; path: Path }>,
  what: string,
  ctx: RuleContext,
  severity?: "warning",
) {
  const seen = new Map<string, Path>();
  for (const it of items) {
    if (typeof it.value !== "string" && typeof it.value !== "number") continue;
    const key = String(it.value);
    if (seen.has(key)) {
      ctx.report({ resource: r, path: it.path, message: `${what} "${key}" is given more than once`, severity });
    } else seen.set(key, it.path);
  }
}

export default defineRule({
  id: "schema/duplicate-name",
  category: "schema",
  severity: "error",
  summary: "Two containers, volumes, ports or mount paths share a name; an env variable is set twice",
  rationale:
    "The API server rejects a pod whose containers (init containers included), volumes or port names repeat, and a container that mounts two volumes at one path. An env variable listed twice is accepted but only the last value counts, so the first is silently dropped — usually the one a reviewer read.",
  remediation: "Rename or remove the duplicate.",
  links: [
    {
      title: "Pod (API reference)",
      url: "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/",
    },
  ],
  examples: {
    valid: [
      {
        title: "distinct names",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: i\n      env: [{name: X, value: '1'}, {name: Y, value: '2'}]\n    - name: b\n      image: i\n",
      },
    ],
    invalid: [
      {
        title: "two containers named main",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: main\n      image: i\n  containers:\n    - name: main\n      image: i\n",
        findings: [{ line: 7, column: 13, message: /container "main"/ }],
      },
      {
        title: "an env variable set twice",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: i\n      env:\n        - {name: NCCL_DEBUG, value: INFO}\n        - {name: NCCL_DEBUG, value: WARN}\n",
        findings: [{ line: 11, column: 18, severity: "warning", message: /env variable "NCCL_DEBUG"/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      const pod = g.containers.filter((c) => c.role !== "trainer" && c.role !== "model");
      repeats(
        r,
        pod.map((c) => ({ value: c.value.name, path: [...c.path, "name"] })),
        "container",
        ctx,
      );
      if (g.podSpec && g.podSpecPath) {
        const base = g.podSpecPath;
        repeats(
          r,
          asArray(g.podSpec.volumes).map((v, i) => ({
            value: asObject(v)?.name,
            path: [...base, "volumes", i, "name"],
          })),
          "volume",
          ctx,
        );
      }
      for (const c of g.containers) {
        const env = asArray(c.value.env).map((e, i) => ({
          value: asObject(e)?.name,
          path: [...c.path, "env", i, "name"],
        }));
        repeats(r, env, "env variable", ctx, "warning");
        const ports = asArray(c.value.ports);
        repeats(
          r,
          ports.map((p, i) => ({ value: asObject(p)?.name, path: [...c.path, "ports", i, "name"] })),
          "port name",
          ctx,
        );
        const mounts = asArray(c.value.volumeMounts);
        repeats(
          r,
          mounts.map((m, i) => ({ value: asObject(m)?.mountPath, path: [...c.path, "volumeMounts", i, "mountPath"] })),
          "mount path",
          ctx,
        );
      }
    }
  },
});
