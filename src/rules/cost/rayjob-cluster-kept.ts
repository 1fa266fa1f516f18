import { containerAccelerators, podGpuCount } from "../../model/gpu.js";
import { asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { requestsAccelerator } from "../scheduling/_util.js";
import { defineRule } from "../types.js";

const RAYJOB_DOCS = "https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/rayjob-quick-start.html";

const rayJob = (extra: string) => dedent`
  apiVersion: ray.io/v1
  kind: RayJob
  metadata:
    name: finetune
  spec:
    entrypoint: python train.py
  ${extra}  rayClusterSpec:
      headGroupSpec:
        rayStartParams: {}
        template:
          spec:
            containers:
              - {name: ray-head, image: "rayproject/ray:2.41.0"}
      workerGroupSpecs:
        - groupName: gpu
          replicas: 2
          rayStartParams: {}
          template:
            spec:
              containers:
                - {name: ray-worker, image: "rayproject/ray:2.41.0-gpu", resources: {limits: {nvidia.com/gpu: 8}}}
`;

export default defineRule({
  id: "cost/rayjob-cluster-kept",
  category: "cost",
  severity: "warning",
  summary: "A RayJob creates its own GPU RayCluster but does not delete it when the job finishes",
  rationale:
    "A RayJob with a `rayClusterSpec` creates a RayCluster for the job. KubeRay deletes that cluster after the job only when `shutdownAfterJobFinishes: true` (or a `deletionStrategy` says so); the default is false, and `ttlSecondsAfterFinished` acts only together with it. Without it the cluster, with every GPU its workers hold, keeps running after the job has finished, until someone deletes it by hand. A RayJob that submits to an existing cluster (`clusterSelector`) creates none and is not concerned.",
  remediation:
    "Set `shutdownAfterJobFinishes: true` (and `ttlSecondsAfterFinished` for a grace period to read the logs), or a `deletionStrategy` that deletes the cluster on success and failure.",
  links: [
    { title: "KubeRay: RayJob quick start (shutdownAfterJobFinishes, ttlSecondsAfterFinished)", url: RAYJOB_DOCS },
  ],
  examples: {
    valid: [
      {
        title: "the cluster is deleted 5 minutes after the job",
        yaml: rayJob("  shutdownAfterJobFinishes: true\n  ttlSecondsAfterFinished: 300\n"),
      },
      {
        title: "a RayJob that submits to an existing cluster creates none",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayJob
          metadata:
            name: j
          spec:
            entrypoint: python train.py
            clusterSelector:
              ray.io/cluster: shared-gpu
        `,
      },
    ],
    invalid: [
      {
        title: "no shutdownAfterJobFinishes: two 8-GPU workers keep running after the job",
        yaml: rayJob(""),
        findings: [{ line: 8, column: 5, message: /keeps its RayCluster \(16 GPUs\) running after the job finishes/ }],
      },
      {
        title: "ttlSecondsAfterFinished without shutdownAfterJobFinishes does nothing",
        yaml: rayJob("  ttlSecondsAfterFinished: 600\n"),
        findings: [
          { line: 7, column: 28, message: /ttlSecondsAfterFinished acts only with shutdownAfterJobFinishes: true/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "ray.io" || r.kind !== "RayJob") return;
    const spec = asObject(r.value.spec);
    if (!spec || !asObject(spec.rayClusterSpec) || spec.clusterSelector !== undefined) return;
    if (spec.shutdownAfterJobFinishes === true || asObject(spec.deletionStrategy)) return;
    const accel = w.podGroups.filter((g) => g.role !== "submitter" && requestsAccelerator(g));
    if (accel.length === 0) return;
    const gpus = accel.reduce((n, g) => n + podGpuCount(g) * (g.replicas ?? 1), 0);
    const unit = accel.some((g) =>
      g.containers.some((c) => containerAccelerators(c).some((a) => a.resource === "google.com/tpu")),
    )
      ? "TPU chips"
      : "GPUs";
    const ttl = spec.ttlSecondsAfterFinished !== undefined;
    ctx.report({
      resource: r,
      path: ttl ? ["spec", "ttlSecondsAfterFinished"] : ["spec", "rayClusterSpec"],
      message:
        `RayJob ${r.name ?? ""} keeps its RayCluster${gpus > 0 ? ` (${gpus} ${unit})` : ""} running after the job finishes: ${ttl ? "ttlSecondsAfterFinished acts only with shutdownAfterJobFinishes: true, which is not set" : "shutdownAfterJobFinishes is not set (default false)"}; set shutdownAfterJobFinishes: true`.replace(
          "RayJob  keeps",
          "The RayJob keeps",
        ),
    });
  },
});
