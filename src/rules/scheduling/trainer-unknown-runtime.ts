import { trainingRuntimeRef } from "../../model/gang.js";
import { asObject, asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { refSeverity, refSuffix } from "./_util.js";

export default defineRule({
  id: "scheduling/trainer-unknown-runtime",
  category: "scheduling",
  severity: "info",
  summary: "A TrainJob's runtimeRef names a (Cluster)TrainingRuntime that is not in the checked set",
  rationale:
    "A TrainJob gets its pods, its gang policy (podGroupPolicy) and its node count from the runtime it names. When the runtime does not exist the Trainer cannot build the JobSet and the job never starts; when it is not among the checked files mlgate cannot tell whether the job is gang-scheduled or how many nodes it really has. A namespaced TrainingRuntime must be in the TrainJob's own namespace. Info (it may exist in the cluster — Trainer installs default ClusterTrainingRuntimes such as torch-distributed) unless --strict-refs is given.",
  remediation:
    "Fix runtimeRef.name and runtimeRef.kind (default ClusterTrainingRuntime), or include the runtime in the manifests you check.",
  links: [
    {
      title: "Kubeflow Trainer: runtimes",
      url: "https://www.kubeflow.org/docs/components/trainer/operator-guides/runtime/",
    },
  ],
  examples: {
    valid: [
      {
        title: "the runtime is in the set",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: ClusterTrainingRuntime
          metadata:
            name: torch-custom
          spec:
            mlPolicy: {numNodes: 1, torch: {}}
            template:
              spec:
                replicatedJobs: []
          ---
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch-custom}
        `,
      },
    ],
    invalid: [
      {
        title: "a TrainingRuntime (namespaced) that is not in the set",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef:
              name: torch-custom
              kind: TrainingRuntime
            trainer: {numNodes: 2}
        `,
        findings: [{ line: 7, column: 11, severity: "info", message: /TrainingRuntime torch-custom/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "trainer.kubeflow.org" || r.kind !== "TrainJob") return;
    const ref = asObject(getIn(r.value, ["spec", "runtimeRef"]));
    const name = asString(ref?.name);
    // Defined anywhere in the run is defined: the run applies it (src/model/refs.ts).
    if (!name || (trainingRuntimeRef(r, ctx.set.resources)?.all.length ?? 0) > 0) return;
    const kind = asString(ref?.kind) ?? "ClusterTrainingRuntime";
    const where =
      kind === "TrainingRuntime" ? (r.namespace ? ` in namespace ${r.namespace}` : " in the TrainJob's namespace") : "";
    ctx.report({
      resource: r,
      path: ["spec", "runtimeRef", "name"],
      severity: refSeverity(ctx),
      message: `TrainJob ${r.name ?? ""} uses ${kind} ${name}, which is not in the checked set${where}: if it does not exist the job never starts, and mlgate cannot check its gang policy or node count${refSuffix(ctx)}`,
    });
  },
});
