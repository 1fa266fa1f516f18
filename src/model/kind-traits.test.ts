import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { KIND_TRAITS, kindsWith, kindTraits } from "./kind-traits.js";
import { WORKLOAD_KINDS } from "./kinds.js";

const docOf = (apiVersion: string, kind: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\nspec: {}\n`;

describe("kind traits: one row per kind the model normalises", () => {
  it("every kind with a row, at each of its versions, is modelled as a workload", () => {
    for (const apiVersionKind of WORKLOAD_KINDS) {
      const kind = apiVersionKind.slice(apiVersionKind.lastIndexOf("/") + 1);
      const apiVersion = apiVersionKind.slice(0, apiVersionKind.lastIndexOf("/"));
      const { set } = buildSet([new SourceFile("k.yaml", docOf(apiVersion, kind))]);
      expect(set.workloads.length, apiVersionKind).toBe(1);
    }
    expect(WORKLOAD_KINDS).toContain("kubeflow.org/v2beta1/MPIJob");
    expect(WORKLOAD_KINDS).toContain("v1/Pod");
  });

  it("a kind without a row has no traits and no workload", () => {
    expect(kindTraits({ group: "", kind: "ConfigMap" })).toEqual({ key: "", versions: [] });
    const { set } = buildSet([new SourceFile("k.yaml", docOf("v1", "ConfigMap"))]);
    expect(set.workloads).toEqual([]);
  });

  it("keys are unique and traits read as the rules need them", () => {
    expect(new Set(KIND_TRAITS.map((t) => t.key)).size).toBe(KIND_TRAITS.length);
    expect(kindTraits({ group: "kubeflow.org", kind: "MPIJob" }).apiFree?.exceptRoles?.test("Launcher")).toBe(true);
    expect(kindTraits({ group: "kubeflow.org", kind: "TFJob" }).replicaSpecs).toBe("tfReplicaSpecs");
    expect(kindsWith("servedRole")).toEqual([
      "apps/Deployment",
      "apps/StatefulSet",
      "leaderworkerset.x-k8s.io/LeaderWorkerSet",
      "apps.nvidia.com/NIMService",
    ]);
    // Kueue's batch integrations (enabled by default): batch/Job, JobSet, Kubeflow, TrainJob, Ray, LWS.
    expect(kindsWith("kueue")).toHaveLength(12);
  });

  it("a Kubeflow v1 job's roles come from its replicaSpecs field", () => {
    const { set } = buildSet([
      new SourceFile(
        "j.yaml",
        "apiVersion: kubeflow.org/v1\nkind: XGBoostJob\nmetadata: {name: x}\nspec:\n  xgbReplicaSpecs:\n    Master: {template: {spec: {containers: [{name: c, image: i}]}}}\n    Worker: {replicas: 3, template: {spec: {containers: [{name: c, image: i}]}}}\n",
      ),
    ]);
    expect(set.workloads[0]?.podGroups.map((g) => [g.role, g.replicas])).toEqual([
      ["Master", 1],
      ["Worker", 3],
    ]);
  });
});
