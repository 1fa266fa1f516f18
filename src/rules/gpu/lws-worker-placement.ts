import { containerAccelerators } from "../../model/gpu.js";
import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { requestsAccelerator } from "../scheduling/_util.js";
import { defineRule } from "../types.js";

const lws = (worker: string) => dedent`
  apiVersion: leaderworkerset.x-k8s.io/v1
  kind: LeaderWorkerSet
  metadata:
    name: vllm
  spec:
    leaderWorkerTemplate:
      size: 2
      leaderTemplate:
        spec:
          nodeSelector:
            cloud.google.com/gke-accelerator: nvidia-h100-80gb
          tolerations:
            - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
            - {key: cloud.google.com/gke-spot, operator: Equal, value: "true", effect: NoSchedule}
          containers:
            - {name: leader, image: "vllm/vllm-openai:v0.11.0", resources: {limits: {nvidia.com/gpu: 8}}}
      workerTemplate:
        spec:
  ${worker}        containers:
            - {name: worker, image: "vllm/vllm-openai:v0.11.0", resources: {limits: {nvidia.com/gpu: 8}}}
`;

function tolerationKeys(g: PodGroup): Set<string> {
  return new Set(
    asArray(g.podSpec?.tolerations)
      .map((t) => asString(asObject(t)?.key))
      .filter((k): k is string => k !== undefined),
  );
}

export default defineRule({
  id: "gpu/lws-worker-placement",
  category: "gpu",
  severity: "warning",
  summary:
    "A LeaderWorkerSet's worker template lacks the node selector or tolerations its leader uses to reach its accelerators",
  rationale:
    "A LeaderWorkerSet's leader and workers are one model instance split across hosts: the engine is started for one GPU type and one interconnect. Leader and workers are placed from their own templates, so a `nodeSelector` (an H100 node pool, a TPU topology) written only in the leader leaves the workers free to land on any node with a GPU — another GPU type, another pool — and a toleration written only in the leader keeps the workers off the tainted accelerator nodes, so they stay Pending.",
  remediation:
    "Give the worker template the same node selector, node affinity and tolerations as the leader (or put them in a shared base when generating both).",
  links: [
    {
      title: "LeaderWorkerSet API: leaderTemplate and workerTemplate",
      url: "https://lws.sigs.k8s.io/docs/reference/leaderworkerset.v1/",
    },
  ],
  examples: {
    valid: [
      {
        title:
          "the worker selects the same accelerator and tolerates the same spot taint (the GPU taint's toleration is added by admission)",
        yaml: lws(
          '        nodeSelector:\n          cloud.google.com/gke-accelerator: nvidia-h100-80gb\n        tolerations:\n          - {key: cloud.google.com/gke-spot, operator: Equal, value: "true", effect: NoSchedule}\n',
        ),
      },
    ],
    invalid: [
      {
        title: "the worker has neither the leader's accelerator selector nor its toleration",
        yaml: lws(""),
        findings: [
          {
            line: 19,
            column: 9,
            message:
              /worker template lacks the leader's nodeSelector cloud.google.com\/gke-accelerator=nvidia-h100-80gb, toleration cloud.google.com\/gke-spot:/,
          },
        ],
      },
    ],
  },
  podContent: true,
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "leaderworkerset.x-k8s.io" || r.kind !== "LeaderWorkerSet") return;
    if (!asObject(getIn(r.value, ["spec", "leaderWorkerTemplate", "leaderTemplate"]))) return;
    const leader = w.podGroups.find((g) => g.role === "leader");
    const worker = w.podGroups.find((g) => g.role === "worker");
    if (!leader || !worker || !requestsAccelerator(worker) || !worker.podSpecPath) return;
    const missing: string[] = [];
    const leaderSel = asObject(leader.podSpec?.nodeSelector) ?? {};
    const workerSel = asObject(worker.podSpec?.nodeSelector) ?? {};
    for (const [k, v] of Object.entries(leaderSel)) {
      if (workerSel[k] !== v) missing.push(`nodeSelector ${k}=${String(v)}`);
    }
    const workerAffinity = getIn(worker.podSpec, [
      "affinity",
      "nodeAffinity",
      "requiredDuringSchedulingIgnoredDuringExecution",
    ]);
    const leaderAffinity = getIn(leader.podSpec, [
      "affinity",
      "nodeAffinity",
      "requiredDuringSchedulingIgnoredDuringExecution",
    ]);
    if (leaderAffinity !== undefined && JSON.stringify(workerAffinity) !== JSON.stringify(leaderAffinity))
      missing.push("required node affinity");
    // The ExtendedResourceToleration admission plugin (on in GKE and AKS) adds a toleration for each
    // extended resource a pod requests: a worker that requests nvidia.com/gpu needs none written.
    const wt = tolerationKeys(worker);
    const requested = new Set(worker.containers.flatMap((c) => containerAccelerators(c).map((a) => a.resource)));
    for (const k of tolerationKeys(leader)) if (!wt.has(k) && !requested.has(k)) missing.push(`toleration ${k}`);
    if (missing.length === 0) return;
    const path: Path = worker.podSpecPath;
    ctx.report({
      resource: r,
      path,
      message: `the worker template lacks the leader's ${missing.join(", ")}: the workers of one model instance can land on other nodes than the leader (another GPU type or pool), or stay Pending off the tainted accelerator nodes; repeat them in workerTemplate`,
    });
  },
});
