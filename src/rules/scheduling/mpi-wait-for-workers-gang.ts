import { schedulerNameOf } from "../../model/gang.js";
import { asObject, asString, getIn } from "../../model/resource.js";
import { defineRule } from "../types.js";
import { describe, num } from "./_util.js";

function mpiJob(policy: string[]): string {
  return [
    "apiVersion: kubeflow.org/v2beta1",
    "kind: MPIJob",
    "metadata:",
    "  name: nccl-tests",
    "spec:",
    "  launcherCreationPolicy: WaitForWorkersReady",
    "  runPolicy:",
    ...policy,
    "  mpiReplicaSpecs:",
    "    Launcher:",
    "      replicas: 1",
    "      template:",
    "        spec:",
    "          containers: [{name: launcher, image: mpioperator/openmpi:0.6.0, command: [mpirun, -np, '16', all_reduce_perf]}]",
    "    Worker:",
    "      replicas: 2",
    "      template:",
    "        spec:",
    "          schedulerName: volcano",
    "          containers:",
    "            - name: worker",
    "              image: mpioperator/openmpi:0.6.0",
    "              resources: {limits: {nvidia.com/gpu: 8}}",
    "",
  ].join("\n");
}

export default defineRule({
  id: "scheduling/mpi-wait-for-workers-gang",
  category: "scheduling",
  severity: "warning",
  summary:
    "An MPIJob waits for its workers before creating the launcher, but its gang minimum counts the launcher: the scheduler and the operator wait for each other",
  rationale:
    "With `launcherCreationPolicy: WaitForWorkersReady` the MPI Operator creates the launcher only after every worker is Ready. With gang scheduling (`runPolicy.schedulingPolicy`, with the operator's Volcano or scheduler-plugins integration) it also creates a PodGroup whose `minMember` is `schedulingPolicy.minAvailable`, defaulting to workers + 1 (the launcher). The scheduler then holds the workers until the launcher pod exists, while the operator holds the launcher until the workers run: no pod is ever scheduled (kubeflow/mpi-operator#608, open). A minimum above workers + 1 is `scheduling/gang-min-exceeds-pods`.",
  remediation:
    "Set `runPolicy.schedulingPolicy.minAvailable` to the number of workers (the launcher needs no accelerator and is created once they are Ready), or use `launcherCreationPolicy: AtStartup`.",
  links: [
    {
      title: "kubeflow/mpi-operator#608: WaitForWorkersReady and gang scheduling deadlock",
      url: "https://github.com/kubeflow/mpi-operator/issues/608",
    },
    {
      title: "MPI Operator: PodGroup minAvailable (calculateMinAvailable, podgroup.go)",
      url: "https://github.com/kubeflow/mpi-operator/blob/master/pkg/controller/podgroup.go",
    },
    {
      title: "MPIJob v2beta1 API: launcherCreationPolicy",
      url: "https://github.com/kubeflow/mpi-operator/blob/master/pkg/apis/kubeflow/v2beta1/types.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "the gang minimum counts only the workers",
        yaml: mpiJob(["    schedulingPolicy: {minAvailable: 2}"]),
      },
    ],
    invalid: [
      {
        title: "the default minimum (workers + launcher)",
        yaml: mpiJob(["    schedulingPolicy: {queue: gpu}"]),
        findings: [
          {
            line: 6,
            column: 27,
            message:
              /MPIJob nccl-tests .*WaitForWorkersReady.*gang minimum is 3 \(2 workers \+ the launcher, the default\).*minAvailable to 2/,
          },
        ],
      },
      {
        title: "minAvailable set to workers + 1",
        yaml: mpiJob(["    schedulingPolicy: {minAvailable: 3}"]),
        findings: [{ line: 8, column: 38, message: /gang minimum is 3 \(runPolicy.schedulingPolicy.minAvailable\)/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "kubeflow.org" || r.kind !== "MPIJob" || r.version !== "v2beta1") return;
    if (asString(getIn(r.value, ["spec", "launcherCreationPolicy"])) !== "WaitForWorkersReady") return;
    const policy = asObject(getIn(r.value, ["spec", "runPolicy", "schedulingPolicy"]));
    if (!policy) return;
    // KAI groups MPIJob pods itself; the operator's PodGroup is for Volcano and scheduler-plugins.
    if (w.podGroups.some((g) => schedulerNameOf(g).name === "kai-scheduler")) return;
    const worker = w.podGroups.find((g) => g.role === "Worker");
    const launcher = w.podGroups.find((g) => g.role === "Launcher");
    const workers = worker?.replicas;
    if (workers === undefined || !launcher || launcher.replicas === 0) return;
    const set = num(policy.minAvailable);
    const min = set ?? workers + 1;
    // Above workers + 1 the group can never fill at all: gang-min-exceeds-pods says so.
    if (min <= workers || min > workers + 1) return;
    ctx.report({
      resource: r,
      path:
        set !== undefined
          ? ["spec", "runPolicy", "schedulingPolicy", "minAvailable"]
          : ["spec", "launcherCreationPolicy"],
      message: `${describe(r)} creates its launcher only when all workers are Ready (launcherCreationPolicy: WaitForWorkersReady), but its gang minimum is ${min} (${set !== undefined ? "runPolicy.schedulingPolicy.minAvailable" : `${workers} workers + the launcher, the default`}): the gang scheduler waits for the launcher pod while the operator waits for the workers, and no pod is ever scheduled (kubeflow/mpi-operator#608); set runPolicy.schedulingPolicy.minAvailable to ${workers} or use launcherCreationPolicy AtStartup`,
    });
  },
});
