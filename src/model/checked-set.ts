import type { ParsedDocument, SourceFile } from "../load/types.js";
import type { CrdIndex } from "./crd.js";
import type { DvcSet } from "./dvc.js";
import type { MlProject } from "./mlproject.js";
import type { Resource } from "./resource.js";
import type { TerraformSet } from "./terraform.js";
import type { Workload } from "./workload.js";

/** The whole checked set: every resource of every file in one run. Cross-document rules look here. */
export interface CheckedSet {
  files: readonly SourceFile[];
  resources: readonly Resource[];
  workloads: readonly Workload[];
  /**
   * Pod groups found by shape in kinds mlgate does not model, and known kinds embedded in them
   * whose fields an operator merges (src/model/by-shape.ts). Kept apart from `workloads`: only
   * rules with `podContent` see them, so no set-level rule counts their unknown replicas.
   */
  shapeWorkloads?: readonly Workload[];
  /** GitHub Actions workflow and action documents (parsed as YAML 1.2), for the `ci` rules. */
  workflows: readonly ParsedDocument[];
  /** Terraform configuration (HCL modules) and plans, for the Terraform rules; absent when the run has none. */
  terraform?: TerraformSet;
  /** DVC pipelines, lock files, `.dvc` files and their parameters; absent when the run has none. */
  dvc?: DvcSet;
  /** MLflow projects (`MLproject` files); absent when the run has none. */
  mlprojects?: readonly MlProject[];
  /** The kinds of the CustomResourceDefinitions given (`--crd`) or in the set; absent when there are none. */
  crds?: CrdIndex;
}
