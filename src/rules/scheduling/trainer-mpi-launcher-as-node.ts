import { trainingRuntimeOf } from "../../model/gang.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { defineRule } from "../types.js";
import { num } from "./_util.js";

const RUNTIME = [
  "apiVersion: trainer.kubeflow.org/v1alpha1",
  "kind: ClusterTrainingRuntime",
  "metadata:",
  "  name: mpi-launcher-only",
  "spec:",
  "  mlPolicy:",
  "    numNodes: 1",
  "    mpi: {runLauncherAsNode: true, numProcPerNode: 8}",
  "  template:",
  "    spec:",
  "      replicatedJobs:",
  "        - name: launcher",
  "          template:",
  "            metadata: {labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}}",
  "            spec:",
  "              template:",
  "                spec:",
  "                  containers: [{name: node, image: mpioperator/mpi-pi:openmpi}]",
];

function example(jobs: string[], numNodes: number): string {
  return [
    ...RUNTIME,
    ...jobs,
    "---",
    "apiVersion: trainer.kubeflow.org/v1alpha1",
    "kind: TrainJob",
    "metadata:",
    "  name: pi",
    "spec:",
    "  runtimeRef: {name: mpi-launcher-only}",
    "  trainer:",
    `    numNodes: ${numNodes}`,
    "",
  ].join("\n");
}

export default defineRule({
  id: "scheduling/trainer-mpi-launcher-as-node",
  category: "scheduling",
  severity: "error",
  summary:
    "A TrainJob asks for several nodes from an MPI runtime with runLauncherAsNode whose template lacks a launcher or node job: the Trainer rejects it",
  rationale:
    "With `mlPolicy.mpi.runLauncherAsNode: true` the launcher is one of the MPI nodes and the `node` replicated job gets `numNodes - 1` pods. The Trainer's MPI plugin therefore rejects a TrainJob with `trainer.numNodes` ≥ 2 when the runtime's template does not have both a `launcher` and a `node` replicated job (`must have 1 when MPI trainingRuntime with enabled runLauncherAsNode does not have either launcher and node`): there is no job to scale to the extra nodes. The runtime must be in the checked set.",
  remediation:
    "Add a `node` replicated job (with a container named `node`) next to `launcher` in the runtime, or run the job on one node (`numNodes: 1`).",
  links: [
    {
      title: "Kubeflow Trainer MPI plugin (Validate, pkg/runtime/framework/plugins/mpi/mpi.go)",
      url: "https://github.com/kubeflow/trainer/blob/master/pkg/runtime/framework/plugins/mpi/mpi.go",
    },
    {
      title: "Kubeflow Trainer: MPI runtime guide",
      url: "https://www.kubeflow.org/docs/components/trainer/user-guides/mpi/",
    },
  ],
  examples: {
    valid: [
      {
        title: "the runtime has launcher and node jobs",
        yaml: example(
          [
            "        - name: node",
            "          template:",
            "            metadata: {labels: {trainer.kubeflow.org/trainjob-ancestor-step: trainer}}",
            "            spec:",
            "              template:",
            "                spec:",
            "                  containers: [{name: node, image: mpioperator/mpi-pi:openmpi}]",
          ],
          4,
        ),
      },
      { title: "a launcher-only runtime used on one node", yaml: example([], 1) },
    ],
    invalid: [
      {
        title: "four nodes from a runtime that has only a launcher job",
        yaml: example([], 4),
        findings: [
          {
            line: 27,
            column: 15,
            message:
              /TrainJob pi asks for 4 nodes, but ClusterTrainingRuntime mpi-launcher-only .*runLauncherAsNode.*no node replicated job.*rejects/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "trainer.kubeflow.org" || r.kind !== "TrainJob") return;
    const numNodes = num(getIn(r.value, ["spec", "trainer", "numNodes"]));
    if (numNodes === undefined || numNodes < 2) return;
    const runtime = trainingRuntimeOf(r, ctx.set.resources);
    if (!runtime) return;
    if (getIn(runtime.value, ["spec", "mlPolicy", "mpi", "runLauncherAsNode"]) !== true) return;
    const jobs = asArray(getIn(runtime.value, ["spec", "template", "spec", "replicatedJobs"]))
      .map((j) => asString(asObject(j)?.name))
      .filter((n): n is string => n !== undefined);
    const missing = ["launcher", "node"].filter((n) => !jobs.includes(n));
    if (missing.length === 0) return;
    ctx.report({
      resource: r,
      path: ["spec", "trainer", "numNodes"],
      message: `TrainJob ${r.name ?? ""} asks for ${numNodes} nodes, but ${runtime.kind} ${runtime.name ?? ""} runs the launcher as a node (mlPolicy.mpi.runLauncherAsNode) and has no ${missing.join(" or ")} replicated job (it has: ${jobs.join(", ") || "none"}): the Trainer rejects the TrainJob ("must have 1 when MPI trainingRuntime with enabled runLauncherAsNode does not have either launcher and node"); add the missing job to the runtime or use numNodes: 1`,
    });
  },
});
