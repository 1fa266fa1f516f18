// The workload model on one real upstream example per modelled kind (../shared/corpus/upstream;
// `npm run test:corpus`).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedPath } from "../../test/corpus.js";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { totalPods } from "./workload.js";

const upstream = sharedPath("corpus", "upstream");

function groupsOf(rel: string) {
  const text = readFileSync(`${upstream}/${rel}`, "utf8");
  const { set } = buildSet([new SourceFile(rel, text)]);
  return set.workloads.map((w) => ({
    kind: `${w.resource.apiVersion}/${w.resource.kind}`,
    groups: w.podGroups.map((g) => `${g.role}×${g.replicas ?? "?"}:${g.containers.map((c) => c.name).join("+")}`),
    scheduling: w.scheduling,
    total: totalPods(w),
  }));
}

// One real upstream example per modelled kind (paths under ../shared/corpus/upstream).
const CASES: Array<[string, string, string[]]> = [
  [
    "Azure__aks-rdma-infiniband/website__docs__configurations__01-network-operator.md.block03.yaml",
    "v1/Pod",
    ["pod×1:ib"],
  ],
  ["NVIDIA__gpu-operator/tests__plugin-test.yaml", "apps/v1/Deployment", ["pod×5:nvidia-plugin-test-ctr"]],
  [
    "kubernetes-sigs__kueue/site__static__examples__serving-workloads__sample-statefulset.yaml",
    "apps/v1/StatefulSet",
    ["pod×3:nginx"],
  ],
  [
    "Azure__aks-rdma-infiniband/configs__amd-driver-installer__daemonset.yaml",
    "apps/v1/DaemonSet",
    ["pod×?:install-amdgpu-driver"],
  ],
  ["volcano-sh__volcano/example__kubecon-2019-china__drf__nginx-1.yaml", "apps/v1/ReplicaSet", ["pod×8:nginx-1"]],
  ["NVIDIA__k8s-device-plugin/testdata__job-1.yaml", "batch/v1/Job", ["pod×1:cuda-container"]],
  ["kubernetes-sigs__kueue/site__static__examples__jobs__sample-cronjob.yaml", "batch/v1/CronJob", ["pod×3:dummy-job"]],
  [
    "kubeflow__training-operator/examples__pytorch__cpu-demo__demo.yaml",
    "kubeflow.org/v1/PyTorchJob",
    ["Master×1:pytorch", "Worker×1:pytorch"],
  ],
  [
    "kubeflow__training-operator/examples__tensorflow__dist-mnist__tf_job_mnist.yaml",
    "kubeflow.org/v1/TFJob",
    ["Chief×1:tensorflow", "PS×1:tensorflow", "Worker×2:tensorflow"],
  ],
  [
    "kubeflow__training-operator/examples__mpi__tensorflow-mnist-elastic.yaml",
    "kubeflow.org/v1/MPIJob",
    ["Launcher×1:mpi-launcher", "Worker×2:mpi-worker"],
  ],
  [
    "Azure__aks-rdma-infiniband/tests__scenarios__k8s__rccl__mpi-job.yaml",
    "kubeflow.org/v2beta1/MPIJob",
    ["Launcher×1:rccl", "Worker×2:rccl"],
  ],
  [
    "kubeflow__training-operator/examples__xgboost__lightgbm-dist__xgboostjob_v1_lightgbm_dist_training.yaml",
    "kubeflow.org/v1/XGBoostJob",
    ["Master×1:xgboost", "Worker×2:xgboost"],
  ],
  [
    "kubeflow__training-operator/examples__paddlepaddle__simple-cpu.yaml",
    "kubeflow.org/v1/PaddleJob",
    ["Worker×2:paddle"],
  ],
  ["kubeflow__training-operator/examples__jax__cpu-demo__demo.yaml", "kubeflow.org/v1/JAXJob", ["Worker×2:jax"]],
  [
    "kubeflow__trainer/docs__operator-guides__job-scheduling__kai.md.block02.yaml",
    "trainer.kubeflow.org/v1alpha1/TrainJob",
    ["node×4:node"],
  ],
  [
    "kubeflow__trainer/docs__operator-guides__runtime.md.block03.yaml",
    "trainer.kubeflow.org/v1alpha1/TrainingRuntime",
    ["node×1:node"],
  ],
  [
    "kubernetes-sigs__kueue/site__static__examples__jobs__ray-cluster-sample.yaml",
    "ray.io/v1/RayCluster",
    ["head×1:ray-head", "small-group×1:ray-worker"],
  ],
  [
    "kubernetes-sigs__kueue/site__static__examples__jobs__ray-job-autoscaling-sample.yaml",
    "ray.io/v1/RayJob",
    ["head×1:ray-head", "small-group×1:ray-worker"],
  ],
  [
    "kubernetes-sigs__kueue/site__static__examples__jobs__ray-service-sample.yaml",
    "ray.io/v1/RayService",
    ["head×1:ray-head", "small-group×1:ray-worker"],
  ],
  [
    "volcano-sh__volcano/example__MindSpore-example__mindspore_cpu__mindspore-cpu.yaml",
    "batch.volcano.sh/v1alpha1/Job",
    ["pod×8:mindspore-cpu-job"],
  ],
  [
    "kubernetes-sigs__kueue/site__static__examples__serving-workloads__sample-leaderworkerset-tas.yaml",
    "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet",
    ["leader×2:nginx-leader", "worker×4:nginx-worker"],
  ],
  [
    "kserve__kserve/docs__samples__accelerators__tensorflow-gpu.yaml",
    "serving.kserve.io/v1beta1/InferenceService",
    ["predictor×1:kserve-container"],
  ],
];

describe("workload model on upstream examples", () => {
  it.each(CASES)("%s → %s", (rel, kind, groups) => {
    const ws = groupsOf(rel);
    expect(ws[0]?.kind).toBe(kind);
    expect(ws[0]?.groups).toEqual(groups);
  });

  it("reads ClusterTrainingRuntime pod groups from its JobSet template", () => {
    const ws = groupsOf("kubeflow__trainer/manifests__base__runtimes__torch_distributed.yaml");
    expect(ws[0]?.kind).toBe("trainer.kubeflow.org/v1alpha1/ClusterTrainingRuntime");
    expect(ws[0]?.groups.length).toBeGreaterThan(0);
  });

  it("reads a Volcano Job's queue and minAvailable", () => {
    const ws = groupsOf("volcano-sh__volcano/example__MindSpore-example__mindspore_cpu__mindspore-cpu.yaml");
    expect(ws[0]?.scheduling.queue?.name).toBe("default");
    expect(ws[0]?.scheduling.minAvailable?.value).toBe(1);
    expect(ws[0]?.scheduling.schedulerNames).toEqual(["volcano"]);
  });
});
