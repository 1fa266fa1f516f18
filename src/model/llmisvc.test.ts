import { describe, expect, it } from "vitest";
import { buildSet, checkTexts } from "../check.js";
import { SourceFile } from "../load/types.js";
import { llmGpusPerPod } from "./llmisvc.js";
import { isPartial } from "./workload.js";

const model = (yaml: string) => buildSet([new SourceFile("t.yaml", yaml)]).set;
const rules = (yaml: string) =>
  checkTexts([{ path: "t.yaml", text: yaml }]).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.severity}`);

const PD = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: pd
  annotations: {k8s.v1.cni.cncf.io/networks: roce, unrelated: x}
spec:
  model: {uri: "hf://Qwen/Qwen2.5-7B-Instruct", name: q}
  replicas: 2
  parallelism: {data: 16, dataLocal: 8, tensor: 1}
  labels: {team: a}
  template:
    containers:
      - name: main
        resources: {limits: {nvidia.com/gpu: "8"}, requests: {nvidia.com/gpu: "8"}}
  worker:
    containers:
      - name: main
        resources: {limits: {nvidia.com/gpu: "8"}, requests: {nvidia.com/gpu: "8"}}
  prefill:
    replicas: 3
    template:
      containers: [{name: main}]
  router:
    scheduler:
      replicas: 2
      template:
        containers: [{name: epp}]
`;

describe("LLMInferenceService model", () => {
  it("makes a partial pod group of every PodSpec the CRD defines, sized by parallelism", () => {
    const [w] = model(PD).workloads;
    expect(w?.podGroups.map((g) => [g.role, g.replicas, g.podSpecPath?.join("."), isPartial(g)])).toEqual([
      ["template", 2, "spec.template", true],
      ["worker", 2, "spec.worker", true], // 2 replicas × (16/8 − 1)
      ["prefill-template", 3, "spec.prefill.template", true],
      ["scheduler", 2, "spec.router.scheduler.template", true],
    ]);
    // Pod metadata: spec.labels, plus the service's own annotations under the prefixes the controller copies.
    expect(w?.podGroups[0]?.podLabels).toEqual({ team: "a" });
    expect(w?.podGroups[0]?.podAnnotations).toEqual({ "k8s.v1.cni.cncf.io/networks": "roce" });
  });

  it("reads GPUs per pod from the parallelism block and the args the preset appends", () => {
    const set = model(PD);
    const w = set.workloads[0];
    const g = w?.podGroups[1];
    if (!w || !g) throw new Error("no worker");
    expect(llmGpusPerPod(w.resource, g)).toMatchObject({
      n: 8,
      formula: "parallelism.tensor 1 × parallelism.dataLocal 8",
    });
    const single = model(`apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: {name: s}
spec:
  parallelism: {tensor: 2}
  template:
    containers:
      - name: main
        env: [{name: VLLM_ADDITIONAL_ARGS, value: "--max-model-len 8192 --tensor-parallel-size=4"}]
`).workloads[0];
    const sg = single?.podGroups[0];
    if (!single || !sg) throw new Error("no template");
    expect(llmGpusPerPod(single.resource, sg)).toMatchObject({ n: 4, formula: "--tensor-parallel-size 4" });
  });

  it("judges what a template writes, not what the presets supply", () => {
    const ok = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: {name: ok}
spec:
  model: {uri: "hf://m/m", name: m}
  parallelism: {tensor: 8}
  template:
    containers:
      - name: main
        resources:
          limits: {cpu: "8", memory: 64Gi, nvidia.com/gpu: "8", rdma/roce_gdr: 1}
          requests: {cpu: "4", memory: 32Gi, nvidia.com/gpu: "8", rdma/roce_gdr: 1}
`;
    // no image, no /dev/shm, no IPC_LOCK, no probes: the presets supply them
    expect(rules(ok).filter((f) => !f.includes(" info"))).toEqual([]);
    // a tensor size the GPUs cannot hold
    expect(rules(ok.replace("tensor: 8", "tensor: 16"))).toContain("gpu/launcher-gpu-count 6:25 error");
    const bad = ok
      .replace('nvidia.com/gpu: "8", rdma', 'nvidia.com/gpus: "8", rdma')
      .replace("      - name: main\n", "      - name: main\n        securityContext: {privileged: true}\n");
    const found = rules(bad);
    // a misspelt resource name, and a privileged GPU container (gpu/visible-devices supersedes security/privileged)
    expect(found).toContain("gpu/resource-name 12:44 error");
    expect(found).toContain("gpu/visible-devices 10:39 warning");
  });
});

describe("wrappers and overlays", () => {
  it("models a RayCronJob and a Volcano CronJob through the spec they wrap", () => {
    const set = model(`apiVersion: ray.io/v1
kind: RayCronJob
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    entrypoint: python eval.py
    rayClusterSpec:
      headGroupSpec:
        template: {spec: {containers: [{name: head, image: "rayproject/ray:2.52.0"}]}}
      workerGroupSpecs:
        - groupName: gpu
          replicas: 2
          template: {spec: {containers: [{name: w, image: "rayproject/ray:2.52.0"}]}}
---
apiVersion: batch.volcano.sh/v1alpha1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      queue: research
      minAvailable: 3
      tasks:
        - name: worker
          replicas: 3
          template: {spec: {containers: [{name: w, image: i}]}}
`);
    const [ray, vc] = set.workloads;
    expect(ray?.podGroups.map((g) => [g.role, g.replicas, g.templatePath?.join(".")])).toEqual([
      ["head", 1, "spec.jobTemplate.rayClusterSpec.headGroupSpec.template"],
      ["gpu", 2, "spec.jobTemplate.rayClusterSpec.workerGroupSpecs.0.template"],
    ]);
    expect(vc?.podGroups.map((g) => [g.role, g.replicas])).toEqual([["worker", 3]]);
    expect(vc?.scheduling.queue?.name).toBe("research");
    expect(vc?.scheduling.minAvailable?.value).toBe(3);
  });

  it("makes partial pod groups of a TrainJob's overrides and runtime patches", () => {
    const [w] = model(`apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata: {name: t}
spec:
  runtimeRef: {name: torch-distributed}
  podTemplateOverrides:
    - targetJobs: [{name: node}]
      spec:
        containers: [{name: node, securityContext: {privileged: true}}]
  runtimePatches:
    - manager: me
      trainingRuntimeSpec:
        template:
          spec:
            replicatedJobs:
              - name: node
                template:
                  spec:
                    template:
                      spec:
                        containers: [{name: node, env: [{name: X, value: "1"}]}]
`).workloads;
    expect(w?.podGroups.map((g) => [g.role, isPartial(g)])).toEqual([
      ["override:node", true],
      ["patch:node", true],
    ]);
    const found = rules(`apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata: {name: t}
spec:
  runtimeRef: {name: torch-distributed}
  podTemplateOverrides:
    - targetJobs: [{name: node}]
      spec:
        containers: [{name: node, securityContext: {privileged: true}}]
`);
    expect(found.some((f) => f.startsWith("security/privileged 9:"))).toBe(true);
    expect(found.some((f) => f.startsWith("schema/required-fields"))).toBe(false);
  });
});
