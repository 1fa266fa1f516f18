import { describe, expect, it } from "vitest";
import { buildSet, checkTexts } from "../check.js";
import { SourceFile } from "../load/types.js";
import { resolveAmong, resolveRef } from "./refs.js";

const queue = (name: string, ns?: string) =>
  `apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}spec: {clusterQueue: cq}\n`;
const job = (queueName: string, ns?: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n${ns ? `  namespace: ${ns}\n` : ""}  labels: {kueue.x-k8s.io/queue-name: ${queueName}}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n`;

function resolveFrom(files: Record<string, string>, jobFile: string, namespaced = true) {
  const { set } = buildSet(Object.entries(files).map(([p, t]) => new SourceFile(p, t)));
  const from = set.resources.find((r) => r.kind === "Job" && r.doc.file.path === jobFile);
  if (!from) throw new Error("no job");
  const res = resolveRef(set.resources, from, { group: "kueue.x-k8s.io", kind: "LocalQueue", name: "q", namespaced });
  return {
    scope: res.scope,
    objects: res.objects.map((r) => r.doc.file.path),
    all: res.all.map((r) => r.doc.file.path),
  };
}

describe("resolveRef: what belongs together", () => {
  it("the referrer's own file first, even when its directory defines the name too", () => {
    expect(
      resolveFrom({ "app/job.yaml": `${job("q")}---\n${queue("q")}`, "app/queues.yaml": queue("q") }, "app/job.yaml"),
    ).toEqual({
      scope: "file",
      objects: ["app/job.yaml"],
      all: ["app/job.yaml", "app/queues.yaml"],
    });
  });

  it("then the one file of its directory that defines it", () => {
    expect(resolveFrom({ "app/job.yaml": job("q"), "app/queues.yaml": queue("q") }, "app/job.yaml").scope).toBe(
      "directory",
    );
  });

  it("several files of the directory each defining it are separate examples: ambiguous, nothing belongs", () => {
    expect(
      resolveFrom({ "ex/a.yaml": queue("q"), "ex/b.yaml": queue("q"), "ex/job.yaml": job("q") }, "ex/job.yaml"),
    ).toEqual({ scope: "ambiguous", objects: [], all: ["ex/a.yaml", "ex/b.yaml"] });
  });

  it("another directory is another application: it exists, but does not belong", () => {
    expect(resolveFrom({ "a/queues.yaml": queue("q"), "b/job.yaml": job("q") }, "b/job.yaml")).toEqual({
      scope: "elsewhere",
      objects: [],
      all: ["a/queues.yaml"],
    });
  });

  it("namespaced kinds match the referrer's namespace; an object without one matches any", () => {
    expect(
      resolveFrom({ "a/q.yaml": queue("q", "team-b"), "a/job.yaml": job("q", "team-a") }, "a/job.yaml").scope,
    ).toBe("none");
    expect(resolveFrom({ "a/q.yaml": queue("q"), "a/job.yaml": job("q", "team-a") }, "a/job.yaml").scope).toBe(
      "directory",
    );
    expect(
      resolveFrom({ "a/q.yaml": queue("q", "team-b"), "a/job.yaml": job("q", "team-a") }, "a/job.yaml", false).scope,
    ).toBe("directory");
  });
});

describe("rules follow references only to what belongs together", () => {
  const runtime = (gpus: number) =>
    `apiVersion: trainer.kubeflow.org/v1alpha1\nkind: ClusterTrainingRuntime\nmetadata:\n  name: torch\nspec:\n  mlPolicy: {numNodes: 1, torch: {}}\n  template:\n    spec:\n      replicatedJobs:\n        - name: node\n          template:\n            spec:\n              template:\n                spec:\n                  containers: [{name: node, image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime, resources: {limits: {nvidia.com/gpu: ${gpus}}}}]\n`;
  const trainJob =
    "apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainJob\nmetadata:\n  name: t\nspec:\n  runtimeRef: {name: torch}\n  trainer:\n    numNodes: 2\n";
  const memoryFindings = (files: Record<string, string>) =>
    checkTexts(Object.entries(files).map(([path, text]) => ({ path, text })))
      .findings.filter((f) => f.ruleId === "reliability/memory-limit" && f.file.endsWith("job.yaml"))
      .map((f) => f.message.slice(0, 60));

  it("a TrainJob is judged by the runtime of its directory", () => {
    expect(memoryFindings({ "app/runtime.yaml": runtime(8), "app/job.yaml": trainJob })).toEqual([
      'the TrainJob trainer (resources from runtime "torch") sets n',
    ]);
  });

  it("never by one of several examples' runtimes, and a runtime defined elsewhere still exists", () => {
    const files = { "ex/a.yaml": runtime(8), "ex/b.yaml": runtime(0), "ex/job.yaml": trainJob };
    expect(memoryFindings(files)).toEqual([]);
    const all = checkTexts(Object.entries(files).map(([path, text]) => ({ path, text }))).findings;
    expect(all.filter((f) => f.ruleId === "scheduling/trainer-unknown-runtime")).toEqual([]);
  });
});

describe("resolveAmong: objects found by a selector, with the same tiers", () => {
  const pool = `apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata: {name: p}
spec:
  selector: {matchLabels: {app: vllm}}
  targetPorts: [{number: 8000}]
`;
  const server = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: vllm}}
  template:
    metadata: {labels: {app: vllm}}
    spec:
      containers: [{name: vllm, image: vllm/vllm-openai:v0.10.0}]
`;
  const select = (files: Record<string, string>) => {
    const { set } = buildSet(Object.entries(files).map(([p, t]) => new SourceFile(p, t)));
    const from = set.resources.find((r) => r.kind === "InferencePool");
    if (!from) throw new Error("no pool");
    const res = resolveAmong(
      set.resources.filter((r) => r.kind === "Deployment"),
      from,
    );
    return { scope: res.scope, objects: res.objects.map((r) => r.name) };
  };

  it("the pool's own file, then the one file of its directory; other directories are other applications", () => {
    expect(select({ "a/pool.yaml": `${pool}---\n${server("mine")}`, "a/other.yaml": server("other") })).toEqual({
      scope: "file",
      objects: ["mine"],
    });
    expect(select({ "a/pool.yaml": pool, "a/servers.yaml": server("s") })).toEqual({
      scope: "directory",
      objects: ["s"],
    });
    expect(select({ "a/pool.yaml": pool, "b/servers.yaml": server("s") })).toEqual({
      scope: "elsewhere",
      objects: [],
    });
  });
});
