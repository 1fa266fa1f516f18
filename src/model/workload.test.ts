import { describe, expect, it } from "vitest";
import { buildSet, checkTexts } from "../check.js";
import { SourceFile } from "../load/types.js";
import { podGpuCount } from "./gpu.js";
import { totalPods } from "./workload.js";

describe("workload model on hand-written cases", () => {
  const model = (yaml: string) => buildSet([new SourceFile("t.yaml", yaml)]).set;

  it("multiplies JobSet replicas by job parallelism and counts Ray hosts", () => {
    const set = model(`apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: js}
spec:
  replicatedJobs:
    - name: workers
      replicas: 3
      template:
        spec:
          parallelism: 4
          template:
            spec:
              containers: [{name: c, image: i}]
---
apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: rc}
spec:
  headGroupSpec:
    template: {spec: {containers: [{name: h, image: i}]}}
  workerGroupSpecs:
    - groupName: tpu
      replicas: 2
      numOfHosts: 4
      template: {spec: {containers: [{name: w, image: i}]}}
`);
    expect(set.workloads.map((w) => w.podGroups.map((g) => [g.role, g.replicas]))).toEqual([
      [["workers", 12]],
      [
        ["head", 1],
        ["tpu", 8],
      ],
    ]);
    expect(totalPods(set.workloads[1] as never)).toBe(9);
  });

  it("expands kind: List items, with positions inside the list", () => {
    const r = checkTexts([
      {
        path: "list.yaml",
        text: "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers:\n        - name: c\n          image: i\n          resources: {limits: {memory: 1Gb}}\n",
      },
    ]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toContain("schema/invalid-quantity 11:40");
  });

  it("gives a TrainJob's trainer a container view with resourcesPerNode as resources", () => {
    const set = model(
      "apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainJob\nmetadata: {name: t}\nspec:\n  trainer:\n    numNodes: 2\n    resourcesPerNode: {limits: {nvidia.com/gpu: 4}}\n",
    );
    const c = set.workloads[0]?.podGroups[0]?.containers[0];
    expect(c?.role).toBe("trainer");
    expect(c?.value.resources).toEqual({ limits: { "nvidia.com/gpu": 4 } });
  });

  it("survives fields of the wrong shape", () => {
    const set = model(
      "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata: {name: x}\nspec:\n  pytorchReplicaSpecs: [1, 2]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: {a: 1}}}}\n",
    );
    expect(set.workloads).toHaveLength(2);
    expect(set.workloads[1]?.podGroups[0]?.containers).toEqual([]);
  });
  it("models a KAITO Workspace: a preset pod with every GPU of its instance type, a template as written, both labelled", () => {
    const set = model(`apiVersion: kaito.sh/v1beta1
kind: Workspace
metadata: {name: phi}
resource:
  instanceType: Standard_NC96ads_A100_v4
  labelSelector: {matchLabels: {apps: phi}}
inference:
  preset: {name: phi-4}
---
apiVersion: kaito.sh/v1beta1
kind: Workspace
metadata: {name: custom}
resource:
  count: 2
  labelSelector: {matchLabels: {apps: custom}}
tuning:
  template:
    metadata: {labels: {team: a}}
    spec:
      containers: [{name: t, image: i, resources: {limits: {nvidia.com/gpu: 2}}}]
`);
    const [preset, custom] = set.workloads;
    expect(preset?.podGroups.map((g) => [g.role, g.replicas, podGpuCount(g), g.podLabels, g.partial])).toEqual([
      ["inference", undefined, 4, { "kaito.sh/workspace": "phi" }, true],
    ]);
    expect(preset?.podGroups[0]?.containers[0]?.path).toEqual(["inference", "preset"]);
    expect(custom?.podGroups.map((g) => [g.role, g.replicas, podGpuCount(g), g.podLabels])).toEqual([
      ["tuning", 2, 2, { team: "a", "kaito.sh/workspace": "custom" }],
    ]);
  });
});
