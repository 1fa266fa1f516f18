import { asArray, asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/**
 * Environment variables the Trainer's runtime plugins set themselves and its webhook refuses in
 * a TrainJob's spec.trainer.env. kubeflow/trainer@8c0f5059 pkg/runtime/framework/plugins/{torch,mpi,xgboost}
 * (TorchRunReservedEnvNames and the MPI/XGBoost equivalents), via ../shared/research/ml-workload-semantics.md §1.1.
 */
export const TRAINER_RESERVED_ENV: Record<string, string> = {
  PET_NNODES: "torch",
  PET_NPROC_PER_NODE: "torch",
  PET_NODE_RANK: "torch",
  PET_MASTER_ADDR: "torch",
  PET_MASTER_PORT: "torch",
  OMPI_MCA_orte_default_hostfile: "mpi",
  OMPI_MCA_plm_rsh_args: "mpi",
  OMPI_MCA_orte_keep_fqdn_hostnames: "mpi",
  OMPI_MCA_orte_set_default_slots: "mpi",
  DMLC_TRACKER_URI: "xgboost",
  DMLC_TRACKER_PORT: "xgboost",
  DMLC_TASK_ID: "xgboost",
  DMLC_NUM_WORKER: "xgboost",
};

export default defineRule({
  id: "schema/trainer-reserved-env",
  category: "schema",
  severity: "error",
  summary: "A TrainJob sets an environment variable that the Trainer reserves (PET_*, OMPI_MCA_*, DMLC_*)",
  rationale:
    "Kubeflow Trainer's runtime plugins inject the torchrun, MPI and XGBoost rendezvous variables from numNodes, numProcPerNode and the job's own names; its webhook rejects a TrainJob that sets them, because the user's value would contradict the topology the Trainer builds.",
  remediation: "Remove the variable; set numNodes and numProcPerNode in spec.trainer instead.",
  links: [
    {
      title: "Kubeflow Trainer torch plugin",
      url: "https://github.com/kubeflow/trainer/tree/master/pkg/runtime/framework/plugins/torch",
    },
  ],
  examples: {
    valid: [
      {
        title: "ordinary variables",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch-distributed}
            trainer:
              numNodes: 2
              env: [{name: NCCL_DEBUG, value: WARN}]
        `,
      },
    ],
    invalid: [
      {
        title: "PET_NNODES set by hand",
        yaml: dedent`
          apiVersion: trainer.kubeflow.org/v1alpha1
          kind: TrainJob
          metadata:
            name: t
          spec:
            runtimeRef: {name: torch-distributed}
            trainer:
              numNodes: 2
              env:
                - name: PET_NNODES
                  value: "4"
        `,
        findings: [{ line: 10, column: 15, message: /PET_NNODES is reserved/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "trainer.kubeflow.org" || r.kind !== "TrainJob") return;
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        if (c.role !== "trainer") continue;
        asArray(c.value.env).forEach((e, i) => {
          const name = asObject(e)?.name;
          if (typeof name !== "string") return;
          const plugin = TRAINER_RESERVED_ENV[name];
          if (plugin) {
            ctx.report({
              resource: r,
              path: [...c.path, "env", i, "name"],
              message: `${name} is reserved: the Trainer's ${plugin} plugin sets it, and its webhook rejects a TrainJob that does`,
            });
          }
        });
      }
    }
  },
});
