import { describe, expect, it } from "vitest";
import { buildSet, check, checkTexts } from "../check.js";
import { SourceFile } from "../load/types.js";
import { findConfigMap } from "./env.js";
import { belonging, describeMatch, type Place, resolveAmong, resolveRef } from "./refs.js";

const queue = (name: string, ns?: string) =>
  `apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}spec: {clusterQueue: cq}\n`;
const job = (queueName: string, ns?: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n${ns ? `  namespace: ${ns}\n` : ""}  labels: {kueue.x-k8s.io/queue-name: ${queueName}}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n`;

/** `unit:path` keys a file of a render (`SourceFile.unit`); a plain path a file read as it is. */
function sourceFiles(files: Record<string, string>): SourceFile[] {
  return Object.entries(files).map(([key, text]) => {
    const [unit, path] = key.includes(":") ? key.split(":") : [undefined, key];
    return new SourceFile(path as string, text, undefined, unit);
  });
}

function resolveFrom(files: Record<string, string>, jobFile: string, namespaced = true) {
  const { set } = buildSet(sourceFiles(files));
  const [jobUnit, jobPath] = jobFile.includes(":") ? jobFile.split(":") : [undefined, jobFile];
  const from = set.resources.find(
    (r) => r.kind === "Job" && r.doc.file.path === jobPath && r.doc.file.unit === jobUnit,
  );
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

  it("unrelated examples side by side never resolve against each other, however deep", () => {
    const files = {
      "examples/gpu/queues.yaml": queue("q"),
      "examples/cpu/setup/queues.yaml": queue("q"),
      "examples/cpu/jobs/job.yaml": job("q"),
    };
    expect(resolveFrom(files, "examples/cpu/jobs/job.yaml").scope).toBe("elsewhere");
  });

  it("then the directory tree: a setup above the referrer, or one below it, nearest first", () => {
    expect(
      resolveFrom({ "team/queues.yaml": queue("q"), "team/jobs/train/job.yaml": job("q") }, "team/jobs/train/job.yaml"),
    ).toEqual({ scope: "tree", objects: ["team/queues.yaml"], all: ["team/queues.yaml"] });
    expect(resolveFrom({ "app/kueue/q.yaml": queue("q"), "app/job.yaml": job("q") }, "app/job.yaml").scope).toBe(
      "tree",
    );
    // The nearer of two levels wins; two files at the nearest level are two examples: ambiguous.
    expect(
      resolveFrom(
        { "queues.yaml": queue("q"), "team/queues.yaml": queue("q"), "team/jobs/job.yaml": job("q") },
        "team/jobs/job.yaml",
      ).objects,
    ).toEqual(["team/queues.yaml"]);
    expect(
      resolveFrom({ "app/a/q.yaml": queue("q"), "app/b/q.yaml": queue("q"), "app/job.yaml": job("q") }, "app/job.yaml")
        .scope,
    ).toBe("ambiguous");
  });

  it("what one render produced belongs together, and another render never does", () => {
    // A kustomization that lists a base: the base's queue and the overlay's job are one application.
    expect(
      resolveFrom(
        { "overlays/prod:base/queues.yaml": queue("q"), "overlays/prod:overlays/prod/job.yaml": job("q") },
        "overlays/prod:overlays/prod/job.yaml",
      ),
    ).toEqual({ scope: "unit", objects: ["base/queues.yaml"], all: ["base/queues.yaml"] });
    // Two overlays render the same base: each job is judged by its own render's queue.
    const twice = {
      "overlays/prod:base/queues.yaml": queue("q"),
      "overlays/dev:base/queues.yaml": queue("q"),
      "overlays/dev:overlays/dev/job.yaml": job("q"),
    };
    expect(resolveFrom(twice, "overlays/dev:overlays/dev/job.yaml").scope).toBe("unit");
    // A chart beside a plain file: the chart is its own application, in both directions.
    expect(resolveFrom({ "chart:chart/templates/q.yaml": queue("q"), "job.yaml": job("q") }, "job.yaml").scope).toBe(
      "elsewhere",
    );
    expect(
      resolveFrom({ "a:a/templates/q.yaml": queue("q"), "b:b/templates/job.yaml": job("q") }, "b:b/templates/job.yaml")
        .scope,
    ).toBe("elsewhere");
    // A render may use a plain setup of the tree around it (a queue the repository shares).
    expect(resolveFrom({ "queues.yaml": queue("q"), "app:app/job.yaml": job("q") }, "app:app/job.yaml").scope).toBe(
      "tree",
    );
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

describe("belonging: the precedence over plain facts", () => {
  const place = (file: string, unit?: string): Place => ({ file, unit });
  it("reads only each definition's file and unit", () => {
    const defs = [place("ex/a.yaml"), place("ex/b.yaml"), place("ex/sub/c.yaml"), place("x/t.yaml", "x")];
    expect(belonging(place("ex/a.yaml"), defs, (p) => p)).toEqual({ objects: [defs[0]], scope: "file" });
    expect(belonging(place("ex/j.yaml"), defs, (p) => p).scope).toBe("ambiguous");
    expect(belonging(place("ex/sub/j.yaml"), defs, (p) => p)).toEqual({ objects: [defs[2]], scope: "directory" });
    expect(belonging(place("x/j.yaml", "x"), defs, (p) => p)).toEqual({ objects: [defs[3]], scope: "unit" });
    expect(belonging(place("y/j.yaml"), defs, (p) => p).scope).toBe("elsewhere");
    expect(belonging(place("y/j.yaml"), [], (p: Place) => p).scope).toBe("none");
    // Objects a selector matches: all of the nearest tier, never ambiguous.
    expect(belonging(place("ex/j.yaml"), defs, (p) => p, true)).toEqual({
      objects: [defs[0], defs[1]],
      scope: "directory",
    });
  });
});

describe("describeMatch", () => {
  it("names the object matched by kind, name, file and the line of its name", () => {
    const { set } = buildSet(sourceFiles({ "q.yaml": `${job("x")}---\n${queue("team-a")}` }));
    const q = set.resources.find((r) => r.kind === "LocalQueue");
    if (!q) throw new Error("no queue");
    expect(describeMatch(q)).toBe("LocalQueue team-a (q.yaml:14)");
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
      .map((f) => f.message.slice(0, 102));

  it("a TrainJob is judged by the runtime of its directory", () => {
    expect(memoryFindings({ "app/runtime.yaml": runtime(8), "app/job.yaml": trainJob })).toEqual([
      "the TrainJob trainer (resources from ClusterTrainingRuntime torch (app/runtime.yaml:4)) sets no memory",
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

describe("every set-level lookup goes through the resolver", () => {
  const findings = (files: Record<string, string>, rule: string) =>
    checkTexts(Object.entries(files).map(([path, text]) => ({ path, text })))
      .findings.filter((f) => f.ruleId === rule)
      .map((f) => `${f.file}:${f.line} ${f.message}`);

  it("a ConfigMap a container reads is the one that belongs with it", () => {
    const cm = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nccl\ndata:\n  NCCL_SOCKET_IFNAME: ${v}\n`;
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i\n      envFrom: [{configMapRef: {name: nccl}}]\n";
    const { set } = buildSet(sourceFiles({ "a/cm.yaml": cm("eth0"), "a/pod.yaml": pod, "b/cm.yaml": cm("ib0") }));
    const p = set.resources.find((r) => r.kind === "Pod");
    if (!p) throw new Error("no pod");
    expect(findConfigMap(set, "nccl", p)?.doc.file.path).toBe("a/cm.yaml");
    const { set: alone } = buildSet(sourceFiles({ "b/cm.yaml": cm("ib0"), "a/pod.yaml": pod }));
    const q = alone.resources.find((r) => r.kind === "Pod");
    if (!q) throw new Error("no pod");
    expect(findConfigMap(alone, "nccl", q)).toBeUndefined();
  });

  it("a Multus network is judged by its own definition, and one elsewhere still exists", () => {
    const nad = (res: string) =>
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: sriov-net\n  annotations: {k8s.v1.cni.cncf.io/resourceName: ${res}}\nspec:\n  config: '{"cniVersion": "0.3.1", "type": "sriov"}'\n`;
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {k8s.v1.cni.cncf.io/networks: sriov-net}\nspec:\n  containers: [{name: c, image: i, resources: {limits: {nvidia.com/sriov_a: 1}}}]\n";
    // Its own directory's NAD needs sriov_b, which the pod does not request: named with file and line.
    expect(
      findings(
        { "a/nad.yaml": nad("nvidia.com/sriov_b"), "a/pod.yaml": pod, "b/nad.yaml": nad("nvidia.com/sriov_a") },
        "network/nad-resource-not-requested",
      ),
    ).toEqual([
      expect.stringMatching(/^a\/pod\.yaml:5 .*from NetworkAttachmentDefinition sriov-net \(a\/nad\.yaml:4\)/),
    ]);
    // Another example's NAD is not this pod's: nothing to judge, and it exists, so no unknown-network info.
    const elsewhere = { "b/nad.yaml": nad("nvidia.com/sriov_b"), "a/pod.yaml": pod };
    expect(findings(elsewhere, "network/nad-resource-not-requested")).toEqual([]);
    expect(findings(elsewhere, "network/multus-networks")).toEqual([]);
  });

  it("an Ingress is judged by its own Service, which the message names", () => {
    const svc = (port: number) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: ${port}}]\n`;
    const notebook =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: jupyter/base-notebook:2024-01-01, ports: [{containerPort: 8888}]}]\n";
    const ingress =
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: {service: {name: web, port: {number: 80}}}\n";
    const own = findings(
      { "nb/svc.yaml": `${svc(8888)}---\n${notebook}`, "nb/ingress.yaml": ingress },
      "security/exposed-ml-endpoint",
    );
    expect(own).toEqual([expect.stringMatching(/^nb\/ingress\.yaml:11 .*Ingress to Service web \(nb\/svc\.yaml:4\)/)]);
    // The same names in another example: that notebook is not behind this Ingress.
    expect(
      findings(
        { "nb/svc.yaml": `${svc(8888)}---\n${notebook}`, "site/ingress.yaml": ingress },
        "security/exposed-ml-endpoint",
      ).filter((f) => f.startsWith("site/")),
    ).toEqual([]);
  });

  it("a RoleBinding grants only the workloads that belong with it", () => {
    const rbac =
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nsubjects:\n  - {kind: ServiceAccount, name: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n";
    const job =
      "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: bert\nspec:\n  pytorchReplicaSpecs:\n    Worker:\n      template:\n        spec:\n          containers: [{name: pytorch, image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime}]\n";
    expect(findings({ "ops/rbac.yaml": rbac, "ops/job.yaml": job }, "security/rbac-ml-access")).toEqual([
      expect.stringMatching(/Role r grants secrets .*PyTorchJob bert \(ops\/job\.yaml:4\)/),
    ]);
    expect(findings({ "ops/rbac.yaml": rbac, "train/job.yaml": job }, "security/rbac-ml-access")).toEqual([]);
  });

  it("a PodGroup counts only the pods whose reference resolves to it", () => {
    const pg =
      "apiVersion: scheduling.x-k8s.io/v1alpha1\nkind: PodGroup\nmetadata:\n  name: pg1\nspec:\n  minMember: 3\n";
    const rs = (n: number) =>
      `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: rs\nspec:\n  replicas: ${n}\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata:\n      labels: {app: a, scheduling.x-k8s.io/pod-group: pg1}\n    spec:\n      schedulerName: scheduler-plugins-scheduler\n      containers: [{name: c, image: i}]\n`;
    expect(findings({ "a/pg.yaml": pg, "a/rs.yaml": rs(2) }, "scheduling/gang-min-exceeds-pods")).toEqual([
      expect.stringMatching(/^a\/pg\.yaml:6 .*\(ReplicaSet rs \(a\/rs\.yaml:4\): 2\)/),
    ]);
    // Two examples of one directory each defining pg1: the pods belong to neither, so neither is judged.
    expect(
      findings({ "ex/pg.yaml": pg, "ex/pg2.yaml": pg, "ex/rs.yaml": rs(2) }, "scheduling/gang-min-exceeds-pods"),
    ).toEqual([]);
  });

  it("queues defined beside a job are those of its own file or render, never a neighbouring example's", () => {
    const lq =
      "apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: team\nspec: {clusterQueue: cq}\n";
    const plain =
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: i}]\n";
    expect(findings({ "ex/queues.yaml": lq, "ex/job.yaml": plain }, "scheduling/kueue-no-queue-name")).toEqual([]);
    expect(findings({ "ex/job.yaml": `${lq}---\n${plain}` }, "scheduling/kueue-no-queue-name")).toEqual([
      expect.stringMatching(/LocalQueue team \(ex\/job\.yaml:4\) is defined beside it/),
    ]);
    const { findings: rendered } = check({
      files: sourceFiles({ "app:app/base/queues.yaml": lq, "app:app/job.yaml": plain }),
    });
    expect(rendered.filter((f) => f.ruleId === "scheduling/kueue-no-queue-name").map((f) => f.message)).toEqual([
      expect.stringMatching(/LocalQueue team \(app\/base\/queues\.yaml:4\) is defined beside it/),
    ]);
  });
});
