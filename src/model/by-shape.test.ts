import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { shapeScan, workloadsOf } from "./by-shape.js";

function resource(yaml: string) {
  const r = buildSet([new SourceFile("x.yaml", yaml)]).set.resources[0];
  if (!r) throw new Error("no resource");
  return r;
}

describe("pod templates found by shape", () => {
  it("finds a pod template at any depth, partial with unknown replicas", () => {
    const r = resource(
      "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: s}\nspec:\n  executor:\n    template:\n      metadata: {labels: {a: b}}\n      spec:\n        containers: [{name: e, image: 'x:1'}]\n",
    );
    const { full, shape } = workloadsOf(r);
    expect(full).toEqual([]);
    expect(shape).toHaveLength(1);
    const g = shape[0]?.podGroups[0];
    expect(shape[0]?.byShape).toBe(true);
    expect(g?.templatePath).toEqual(["spec", "executor", "template"]);
    expect(g?.podLabels).toEqual({ a: "b" });
    expect(g?.partial).toBe(true);
    expect(g?.replicas).toBeUndefined();
    expect(g?.containers[0]?.path).toEqual(["spec", "executor", "template", "spec", "containers", 0]);
  });

  it("does not take a list of named objects without container fields for containers", () => {
    // Kaiwo's Azure blob download: `containers: [{name, files, folders}]`.
    const r = resource(
      "apiVersion: kaiwo.silogen.ai/v1alpha1\nkind: KaiwoJob\nmetadata: {name: k}\nspec:\n  storage:\n    download:\n      azureBlob:\n        - containers: [{name: test, files: [{path: a}]}]\n",
    );
    expect(shapeScan(r).groups).toEqual([]);
  });

  it("does not take an object reference for an embedded object", () => {
    const r = resource(
      "apiVersion: example.com/v1\nkind: Scaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n",
    );
    expect(shapeScan(r).embedded).toEqual([]);
  });

  it("reads no pods in admission policies' patterns", () => {
    const r = resource(
      "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n    - validate:\n        pattern:\n          spec:\n            containers: [{name: '*', securityContext: {privileged: false}}]\n",
    );
    expect(workloadsOf(r).shape).toEqual([]);
  });

  it("models an embedded object that names its kind as that kind, checked by every rule", () => {
    const r = resource(
      "apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: {name: e}\nspec:\n  trialTemplate:\n    trialSpec:\n      apiVersion: kubeflow.org/v1\n      kind: MPIJob\n      spec:\n        mpiReplicaSpecs:\n          Worker:\n            replicas: 2\n            template:\n              spec:\n                containers: [{name: w, image: 'x:1'}]\n",
    );
    const { full, shape, resources } = workloadsOf(r);
    expect(shape).toEqual([]);
    expect(full).toHaveLength(1);
    expect(full[0]?.resource.kind).toBe("MPIJob");
    expect(full[0]?.resource.basePath).toEqual(["spec", "trialTemplate", "trialSpec"]);
    expect(full[0]?.embeddedIn).toBe(r);
    expect(full[0]?.podGroups[0]?.replicas).toBe(2);
    expect(resources).toHaveLength(1);
  });

  it("models a KaiwoJob's rayJob as a RayJob whose groups the controller completes", () => {
    const r = resource(
      "apiVersion: kaiwo.silogen.ai/v1alpha1\nkind: KaiwoJob\nmetadata: {name: k}\nspec:\n  rayJob:\n    spec:\n      rayClusterSpec:\n        headGroupSpec:\n          template:\n            spec:\n              containers: [{name: head, image: 'rayproject/ray:2.41.0'}]\n",
    );
    const { full, shape, resources } = workloadsOf(r);
    expect(full).toEqual([]);
    expect(resources).toEqual([]);
    expect(shape).toHaveLength(1);
    expect(shape[0]?.resource.kind).toBe("RayJob");
    expect(shape[0]?.byShape).toBe(true);
    expect(shape[0]?.podGroups.every((g) => g.partial)).toBe(true);
  });

  it("leaves kinds mlgate models to their own model", () => {
    const r = resource(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: 'x:1'}]\n",
    );
    const { full, shape } = workloadsOf(r);
    expect(full).toHaveLength(1);
    expect(shape).toEqual([]);
    expect(full[0]?.byShape).toBeUndefined();
  });
});

describe("NIM operator's NIMService", () => {
  it("is modelled as one partial pod group whose NIM container takes the spec's image, env and resources", () => {
    const set = buildSet([
      new SourceFile(
        "nim.yaml",
        "apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata: {name: n}\nspec:\n  image: {repository: nvcr.io/nim/meta/llama3-8b-instruct, tag: '1.0.3'}\n  replicas: 2\n  multiNode: {parallelism: {tensor: 8, pipeline: 2}}\n  resources: {limits: {nvidia.com/gpu: 8}}\n",
      ),
    ]).set;
    const w = set.workloads[0];
    expect(w?.resource.kind).toBe("NIMService");
    const g = w?.podGroups[0];
    expect(g?.partial).toBe(true);
    expect(g?.replicas).toBe(4);
    expect(g?.containers[0]?.value.image).toBe("nvcr.io/nim/meta/llama3-8b-instruct:1.0.3");
    expect(g?.containers[0]?.path).toEqual(["spec"]);
    expect(set.shapeWorkloads ?? []).toEqual([]);
  });
});
