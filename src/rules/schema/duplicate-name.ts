import type { Path } from "../../model/path.js";
import { asArray, asObject, type Resource } from "../../model/resource.js";
import type { ContainerView } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

/**
 * Reports every item of `items` whose `keyOf` repeats an earlier one. Paths come from `pathOf`
 * and are built only for a report: this runs over every container, env list, port and mount.
 */
function repeats<T>(
  r: Resource,
  items: readonly T[],
  keyOf: (item: T) => unknown,
  pathOf: (index: number) => Path,
  what: string,
  ctx: RuleContext,
  severity?: "warning",
) {
  if (items.length < 2) return;
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const value = keyOf(items[i] as T);
    if (typeof value !== "string" && typeof value !== "number") continue;
    const key = String(value);
    if (seen.has(key)) {
      ctx.report({ resource: r, path: pathOf(i), message: `${what} "${key}" is given more than once`, severity });
    } else seen.add(key);
  }
}

const nameOf = (item: unknown) => asObject(item)?.name;

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
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: i
                env: [{name: X, value: '1'}, {name: Y, value: '2'}]
              - name: b
                image: i
        `,
      },
    ],
    invalid: [
      {
        title: "two containers named main",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            initContainers:
              - name: main
                image: i
            containers:
              - name: main
                image: i
        `,
        findings: [{ line: 7, column: 13, message: /container "main"/ }],
      },
      {
        title: "an env variable set twice",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: i
                env:
                  - {name: NCCL_DEBUG, value: INFO}
                  - {name: NCCL_DEBUG, value: WARN}
        `,
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
        pod,
        (c) => c.value.name,
        (i) => [...(pod[i] as ContainerView).path, "name"],
        "container",
        ctx,
      );
      if (g.podSpec && g.podSpecPath) {
        const base = g.podSpecPath;
        repeats(r, asArray(g.podSpec.volumes), nameOf, (i) => [...base, "volumes", i, "name"], "volume", ctx);
      }
      for (const c of g.containers) {
        repeats(r, asArray(c.value.env), nameOf, (i) => [...c.path, "env", i, "name"], "env variable", ctx, "warning");
        repeats(r, asArray(c.value.ports), nameOf, (i) => [...c.path, "ports", i, "name"], "port name", ctx);
        repeats(
          r,
          asArray(c.value.volumeMounts),
          (m) => asObject(m)?.mountPath,
          (i) => [...c.path, "volumeMounts", i, "mountPath"],
          "mount path",
          ctx,
        );
      }
    }
  },
});
