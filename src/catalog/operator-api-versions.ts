/**
 * API versions of ML operators' kinds that a current operator still serves. A manifest at any other
 * version is rejected by the API server ("no matches for kind") wherever a current operator is
 * installed, as a removed core API is.
 *
 * Sources (read 2026-12-04):
 * - Kubeflow Training Operator v1.9.4 (kubeflow/trainer tag v1.9.4 @4445c12aa62e,
 *   manifests/base/crds/): PyTorchJob, TFJob, XGBoostJob, PaddleJob, JAXJob and MPIJob are served at
 *   kubeflow.org/v1 only. TFJob v1alpha1 was deleted in 2018-11 (commit 3d8e203d), v1alpha2 in
 *   2019-02 (5e429de9), v1beta1 in 2019-05 (f41a5e54), v1beta2 in 2019-08 (bc339d08).
 * - MPI Operator (kubeflow/mpi-operator@caa3c47fc42e, manifests/base/kubeflow.org_mpijobs.yaml):
 *   MPIJob v2beta1 only; v1alpha1 and v1alpha2 removed in #438 (2021-11, a334c4c2), its v1 in #492,
 *   both first released in v0.4.0. The Training Operator serves MPIJob v1 (a cluster has one of the
 *   two operators, which own the same CRD name).
 */
export interface ServedVersions {
  versions: readonly string[];
  /** What to write instead, for the message. */
  use: string;
}

/** `group/Kind` → the versions current operators serve. */
export const OPERATOR_SERVED_VERSIONS: Readonly<Record<string, ServedVersions>> = {
  "kubeflow.org/PyTorchJob": {
    versions: ["v1"],
    use: "kubeflow.org/v1 (Training Operator v1) or a Trainer v2 TrainJob",
  },
  "kubeflow.org/TFJob": { versions: ["v1"], use: "kubeflow.org/v1 (Training Operator v1)" },
  "kubeflow.org/XGBoostJob": { versions: ["v1"], use: "kubeflow.org/v1 (Training Operator v1)" },
  "kubeflow.org/PaddleJob": { versions: ["v1"], use: "kubeflow.org/v1 (Training Operator v1)" },
  "kubeflow.org/JAXJob": { versions: ["v1"], use: "kubeflow.org/v1 (Training Operator v1)" },
  "kubeflow.org/MPIJob": {
    versions: ["v1", "v2beta1"],
    use: "kubeflow.org/v2beta1 (MPI Operator) or kubeflow.org/v1 (Training Operator v1)",
  },
};
