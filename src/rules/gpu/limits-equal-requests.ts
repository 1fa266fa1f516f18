import { resourcesPath } from "../../model/gpu.js";
import type { Path } from "../../model/path.js";
import { isExtendedResource, parseQuantity } from "../../model/quantity.js";
import { asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel, lineOf } from "./_util.js";

export default defineRule({
  id: "gpu/limits-equal-requests",
  category: "gpu",
  severity: "error",
  podContent: true,
  summary: "An accelerator (extended resource) request differs from its limit, or is requested without a limit",
  rationale:
    'Extended resources such as nvidia.com/gpu cannot be overcommitted. The API server rejects a container whose request differs from its limit ("must be equal to nvidia.com/gpu limit") and one that requests the resource without a limit ("Limit must be set for non overcommitable resources"). The manifest never becomes a pod.',
  remediation:
    "Set the accelerator in `limits` only (the request defaults to it), or give requests and limits the same whole number.",
  links: [
    { title: "Schedule GPUs (Kubernetes docs)", url: "https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/" },
    {
      title: "Extended resources",
      url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#extended-resources",
    },
  ],
  examples: {
    valid: [
      {
        title: "GPU in limits only, or equal in both",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: i
                resources:
                  limits: {nvidia.com/gpu: 2}
              - name: b
                image: i
                resources:
                  requests: {nvidia.com/gpu: "1", cpu: 1}
                  limits: {nvidia.com/gpu: 1, cpu: 2}
        `,
      },
    ],
    invalid: [
      {
        title: "request differs from the limit",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: i
                        resources:
                          requests: {nvidia.com/gpu: 2}
                          limits: {nvidia.com/gpu: 4}
        `,
        findings: [
          { line: 15, column: 44, message: /nvidia.com\/gpu request \(2\) differs from its limit \(4, line 16\)/ },
        ],
      },
      {
        title: "request without a limit",
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
                  requests:
                    nvidia.com/gpu: "1"
        `,
        findings: [{ line: 11, column: 27, message: /requested \(1\) without a limit/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const res = asObject(c.value.resources);
        const requests = asObject(res?.requests);
        if (!requests) continue;
        const limits = asObject(res?.limits) ?? {};
        const base: Path = resourcesPath(c);
        for (const [name, rv] of Object.entries(requests)) {
          if (!isExtendedResource(name)) continue;
          const rq = parseQuantity(rv);
          if (rq === undefined) continue;
          const reqPath = [...base, "requests", name];
          if (!(name in limits)) {
            ctx.report({
              resource: r,
              path: reqPath,
              message: `${name} is requested (${rq}) without a limit in ${containerLabel(c)}; the API server rejects it ("Limit must be set for non overcommitable resources") — set limits.${name}: ${rq}`,
            });
            continue;
          }
          const lq = parseQuantity(limits[name]);
          if (lq === undefined || lq === rq) continue;
          const limitLine = lineOf(r, [...base, "limits", name]);
          ctx.report({
            resource: r,
            path: reqPath,
            message: `${name} request (${rq}) differs from its limit (${lq}${limitLine === undefined ? "" : `, line ${limitLine}`}) in ${containerLabel(c)}; extended resources cannot be overcommitted, so the API server rejects the pod`,
          });
        }
      }
    }
  },
});
