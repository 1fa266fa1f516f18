import { describe, expect, it } from "vitest";
import { GENERATED_SHAPES_JSON } from "../catalog/shapes/generated.js";
import { checkTexts } from "../check.js";
import { WORKLOAD_KINDS } from "./kinds.js";
import {
  deref,
  kindShape,
  propsOf,
  SHAPE_RELEASES,
  type Shape,
  type ShapeObject,
  shapedKinds,
  shapeRelease,
} from "./shape.js";

function findings(yaml: string, ruleIds = ["schema/unknown-field", "schema/wrong-type", "schema/non-string-value"]) {
  return checkTexts([{ path: "t.yaml", text: yaml }])
    .findings.filter((f) => ruleIds.includes(f.ruleId))
    .map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);
}

describe("shape catalog", () => {
  it("has a shape for every workload kind mlgate models", () => {
    const missing = WORKLOAD_KINDS.filter((k) => {
      const i = k.lastIndexOf("/");
      return kindShape(k.slice(0, i), k.slice(i + 1)) === undefined;
    });
    expect(missing).toEqual([]);
  });

  it("resolves every reference and inlined definition", () => {
    const seen = new Set<Shape>();
    const visit = (s: Shape) => {
      if (seen.has(s)) return;
      seen.add(s);
      const d = deref(s); // throws on a dangling reference
      if (typeof d === "string") return;
      for (const v of Object.values(propsOf(d) ?? {})) visit(v);
      if (d.m !== undefined) visit(d.m);
      if (d.a !== undefined) visit(d.a);
    };
    for (const k of shapedKinds()) {
      const i = k.lastIndexOf("/");
      visit(kindShape(k.slice(0, i), k.slice(i + 1)) as Shape);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it("stays small", () => {
    expect(GENERATED_SHAPES_JSON.length).toBeLessThan(300_000);
  });
});

describe("shape checks", () => {
  it("checks an LLMInferenceService against KServe's CRD, model and router blocks included", () => {
    const yaml = [
      "apiVersion: serving.kserve.io/v1alpha2",
      "kind: LLMInferenceService",
      "metadata: {name: qwen}",
      "spec:",
      "  model: {uir: hf://Qwen/Qwen2.5-7B-Instruct, name: qwen}",
      "  router:",
      "    scheduler:",
      "      config:",
      "        inline: |",
      "          apiVersion: llm-d.ai/v1alpha1",
      "          kind: EndpointPickerConfig",
      "  template:",
      "    containers: [{name: main}]",
      "",
    ].join("\n");
    expect(findings(yaml)).toEqual([
      'schema/unknown-field 5:11 unknown field "uir" in spec.model of LLMInferenceService: did you mean "uri"?',
      'schema/wrong-type 9:17 inline must be a mapping (key: value), but it is the string "apiVersion: llm-d.ai/v1alpha1\\n…"',
    ]);
  });

  it("treats a key named like an Object.prototype member as any other unknown key", () => {
    // The catalogs are plain objects: a lookup by key once found toString and constructor there.
    const yaml =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, toString: x}\nspec:\n  constructor: {a: 1}\n  containers: [{name: m, image: i}]\n";
    expect(findings(yaml)).toEqual([
      'schema/unknown-field 3:21 unknown field "toString" in metadata of Pod',
      'schema/unknown-field 5:3 unknown field "constructor" in spec of Pod',
    ]);
  });

  it("checks every item of a List at its own position", () => {
    const yaml =
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers: [{name: m, image: i, imagePullPolicey: Always}]\n";
    expect(findings(yaml)).toEqual([
      'schema/unknown-field 8:40 unknown field "imagePullPolicey" in spec.containers[0] of Pod: did you mean "imagePullPolicy"?',
    ]);
  });

  it("checks KServe framework blocks as containers and the component as a pod spec", () => {
    const yaml =
      "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: s}\nspec:\n  predictor:\n    minReplicas: 1\n    tolerations: [{key: nvidia.com/gpu, operator: Exists}]\n    model:\n      modelFormat: {name: huggingface}\n      storageUri: hf://meta-llama/Llama-3.1-8B\n      resoures: {limits: {nvidia.com/gpu: 1}}\n";
    expect(findings(yaml)).toEqual([
      'schema/unknown-field 11:7 unknown field "resoures" in spec.predictor.model of InferenceService: did you mean "resources"?',
    ]);
  });

  it("lets free-form maps through, and checks what they hold where typed", () => {
    const yaml =
      "apiVersion: ray.io/v1\nkind: RayService\nmetadata: {name: s}\nspec:\n  serveConfigV2: |\n    applications: []\n  rayClusterConfig:\n    headGroupSpec:\n      rayStartParams: {num-cpus: '0'}\n      template:\n        spec:\n          containers: [{name: head, image: ray:2, ports: [{containerPort: '8000'}]}]\n";
    expect(findings(yaml)).toEqual([
      'schema/wrong-type 12:75 containerPort must be an integer, but it is the string "8000"; remove the quotes',
    ]);
  });

  it("leaves labels, annotations, env values and ConfigMap data to schema/non-string-value", () => {
    const yaml =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, labels: {v: 2}}\nspec:\n  template:\n    metadata: {annotations: {on: yes}}\n    spec:\n      restartPolicy: Never\n      containers:\n        - {name: m, image: i, env: [{name: A, value: 1}]}\n";
    const got = findings(yaml);
    expect(got.filter((f) => f.startsWith("schema/wrong-type"))).toEqual([]);
    expect(got.filter((f) => f.startsWith("schema/non-string-value"))).toHaveLength(3);
  });

  it("does not report $-brace placeholders (envsubst templates) as wrong types", () => {
    const yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: $" + "{REPLICAS}\n";
    expect(findings(yaml)).toEqual([]);
  });

  it("reads null as unset, and does not check kinds without a shape", () => {
    const yaml =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, creationTimestamp: null}\nspec:\n  nodeSelector: null\n  containers: [{name: m, image: i, resources: {}}]\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n";
    expect(findings(yaml)).toEqual([]);
  });

  it("names a list item by its list", () => {
    const yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [vllm]\n";
    expect(findings(yaml, ["schema/wrong-type"])).toEqual([
      'schema/wrong-type 5:16 containers[0] must be a mapping (key: value), but it is the string "vllm"',
    ]);
  });

  it("says when a template level is missing", () => {
    const yaml =
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    containers: [{name: m, image: i}]\n";
    expect(findings(yaml, ["schema/unknown-field"])).toEqual([
      'schema/unknown-field 6:5 unknown field "containers" in spec.template of Job: "containers" is a field of spec, one level down; move it there',
    ]);
  });
});

describe("built-in kinds per release", () => {
  const pod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  schedulingGroup: {podGroupName: g}\n  containers: [{name: m, image: i}]\n";
  const unknown = (kubeVersion: string) =>
    checkTexts([{ path: "t.yaml", text: pod }], { options: { kubeVersion } })
      .findings.filter((f) => f.ruleId === "schema/unknown-field")
      .map((f) => f.message);

  it("checks a pod against the target release's schema: a field new in 1.36 is unknown to 1.34", () => {
    expect(unknown("1.36")).toEqual([]);
    expect(unknown("1.34")).toEqual([
      'unknown field "schedulingGroup" in spec of Pod: Kubernetes 1.34 does not have it; it is in 1.36 (the target is --kube-version 1.34)',
    ]);
    expect(unknown("1.29")).toEqual([
      'unknown field "schedulingGroup" in spec of Pod: Kubernetes 1.34 does not have it; it is in 1.36 (the target is --kube-version 1.29)',
    ]);
  });

  it("picks the newest kept release not after the target", () => {
    expect(shapeRelease("1.29")).toBe("1.34");
    expect(shapeRelease("1.35")).toBe("1.35");
    expect(shapeRelease("1.40")).toBe("1.36");
    expect(SHAPE_RELEASES).toEqual(["1.34", "1.35", "1.36"]);
  });

  it("covers kinds beyond workloads, with required fields and enumerations", () => {
    for (const k of [
      "v1/Service",
      "v1/ConfigMap",
      "rbac.authorization.k8s.io/v1/ClusterRole",
      "policy/v1/PodDisruptionBudget",
    ]) {
      const i = k.lastIndexOf("/");
      expect(kindShape(k.slice(0, i), k.slice(i + 1), "1.35"), k).toBeDefined();
    }
    const container = deref("@core.v1.Container") as ShapeObject;
    expect(container.r).toEqual(["name"]);
    expect(container.p?.imagePullPolicy).toEqual({ v: ["Always", "IfNotPresent", "Never"] });
  });
});
