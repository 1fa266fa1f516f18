import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CheckRequest, check } from "../check.js";
import { type Config, EMPTY_CONFIG } from "../config/config.js";
import type { CheckResult } from "../findings/finding.js";
import { parseStream } from "../load/parse.js";
import { readSources } from "../load/sources.js";
import { SourceFile } from "../load/types.js";
import { locateInResource, type Resource, resourcesOf } from "../model/resource.js";
import { formatSarif } from "../report/sarif.js";
import { formatText } from "../report/text.js";
import { ALL_RULES } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import { checkSharded, checkWith, inThreadShards, notSplittable, partition, type Shards } from "./check.js";
import { defaultJobs } from "./index.js";
import {
  type FactsReply,
  type FactsRequest,
  foreignLoad,
  fromWireFile,
  type JudgeRequest,
  type LoadReply,
  type Reply,
  type Request,
  sharedTexts,
  toSharedFile,
  toWireFile,
} from "./shard.js";

const repo = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");

function split(req: CheckRequest, jobs: number): CheckResult {
  const parts = partition(req.files, jobs);
  return checkSharded(req, inThreadShards(parts.length), parts);
}

function read(paths: string[]): CheckRequest {
  const r = readSources(paths, { cwd: repo, exclude: [], maxFileSize: 1 << 20, env: {} });
  return { files: r.files, problems: r.problems };
}

/** A run whose per-object rules need objects of other files: what each worker must be given. */
const CROSS_FILE: Array<{ path: string; text: string }> = [
  {
    path: "app/platform.yaml",
    text: `apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata:
  name: torch-custom
spec:
  mlPolicy: {numNodes: 1, torch: {}}
  template:
    spec:
      replicatedJobs: []
---
apiVersion: v1
kind: ConfigMap
metadata: {name: nccl, namespace: ml}
data:
  NCCL_DEBUG: INFO
  NCCL_IB_DISABLE: "1"
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: LocalQueue
metadata: {name: team, namespace: ml}
spec: {clusterQueue: cq}
---
apiVersion: v1
kind: Service
metadata: {name: vllm, namespace: ml}
spec:
  type: LoadBalancer
  selector: {app: vllm}
  ports: [{port: 8000}]
`,
  },
  {
    path: "app/train.yaml",
    text: `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata: {name: t, namespace: ml}
spec:
  runtimeRef: {name: torch-custom}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j, namespace: ml}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime
          envFrom: [{configMapRef: {name: nccl}}]
          resources: {limits: {nvidia.com/gpu: 8}}
`,
  },
  {
    path: "app/serve.yaml",
    text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: vllm, namespace: ml, annotations: {mlgate.io/ignore: security/hardcoded-secret}}
spec:
  replicas: 1
  selector: {matchLabels: {app: vllm}}
  template:
    metadata: {labels: {app: vllm}}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]
          env: [{name: HF_TOKEN, value: hf_abcdefghijklmnopqrstuvwxyzABCDEFGH}]
          resources: {limits: {nvidia.com/gpu: 1}}
`,
  },
];

function requestOf(texts: Array<{ path: string; text: string }>): CheckRequest {
  return { files: texts.map((t) => new SourceFile(t.path, t.text)) };
}

describe("a check split across workers", () => {
  it("gives check()'s result on a run whose objects refer to each other across files", () => {
    const req = requestOf(CROSS_FILE);
    const one = check(req);
    // The run exercises what crosses files: a runtime, a ConfigMap's environment, a Service's pods.
    expect(one.findings.some((f) => f.ruleId === "scheduling/trainer-unknown-runtime")).toBe(false);
    expect(one.findings.some((f) => f.file === "app/train.yaml" && /NCCL/.test(f.message))).toBe(true);
    for (const jobs of [2, 3]) expect(split(req, jobs)).toEqual(one);
  });

  it("gives check()'s result, text and SARIF alike, on the examples and fixtures", () => {
    const req = read(["examples", "test/fixtures", "test/golden/repo"]);
    expect(req.files.length).toBeGreaterThan(20);
    const one = check(req);
    for (const jobs of [2, 5]) {
      const many = split(req, jobs);
      expect(JSON.stringify(many)).toBe(JSON.stringify(one));
      expect(formatSarif(many, ALL_RULES)).toBe(formatSarif(one, ALL_RULES));
      const text = { color: false, quiet: false, sources: new Map(req.files.map((f) => [f.path, f.text])) };
      expect(formatText(many, text)).toBe(formatText(one, text));
    }
  });

  it("reads Terraform, DVC and MLproject files in the main thread, beside manifests in workers", () => {
    const req = requestOf([
      ...CROSS_FILE,
      { path: "ml/dvc.yaml", text: "stages:\n  train:\n    deps: [train.py]\n    outs: [model.pkl]\n" },
      { path: "ml/params.yaml", text: "lr: 0.1\n" },
      { path: "infra/main.tf", text: 'resource "aws_eks_node_group" "gpu" {\n  instance_types = ["p5.48xlarge"]\n' },
    ]);
    const one = check(req);
    expect(one.findings.some((f) => f.file === "ml/dvc.yaml")).toBe(true);
    expect(one.findings.some((f) => f.file === "infra/main.tf")).toBe(true);
    expect(split(req, 3)).toEqual(one);
  });

  it("keeps one report per run where the rule says once, the first over every worker's", () => {
    const server = (name: string, ignore: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ml${ignore ? "\n  annotations: {mlgate.io/ignore: gpu/serving-unknown-model}" : ""}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          args: ["--model", "acme/house-model-13b"]
          resources: {limits: {nvidia.com/gpu: 1}}
`;
    for (const firstIgnored of [false, true]) {
      const req = requestOf([
        { path: "a/one.yaml", text: server("one", firstIgnored) },
        { path: "b/two.yaml", text: server("two", false) },
        { path: "c/three.yaml", text: server("three", false) },
      ]);
      const one = check(req);
      const unknown = one.findings.filter((f) => f.ruleId === "gpu/serving-unknown-model");
      expect(unknown.map((f) => f.file)).toEqual(firstIgnored ? [] : ["a/one.yaml"]);
      expect(split(req, 3)).toEqual(one);
    }
  });

  it("keeps configuration: severities, ignores and rules switched off", () => {
    const base = check(requestOf(CROSS_FILE));
    const first = base.findings[0]?.ruleId as string;
    expect(first).toBeDefined();
    const config: Config = {
      ...EMPTY_CONFIG,
      rules: { [first]: "off", "network/tcp-fallback": "warning" },
      ignore: [{ rules: ["reproducibility/image-digest"], file: "app/serve.yaml" }],
    };
    const req = { ...requestOf(CROSS_FILE), config };
    const one = check(req);
    expect(one.suppressed).toBeGreaterThan(0);
    expect(split(req, 3)).toEqual(one);
  });

  it("runs in one thread what cannot travel to a worker", () => {
    const files = [new SourceFile("a.yaml", "kind: ConfigMap\n"), new SourceFile("b.yaml", "kind: ConfigMap\n")];
    expect(notSplittable({ files })).toBeUndefined();
    expect(notSplittable({ files, rules: ALL_RULES })).toBeUndefined();
    expect(notSplittable({ files, rules: ALL_RULES.slice(1) })).toBe("plugin rules");
    expect(notSplittable({ files, scopes: [{ config: EMPTY_CONFIG, paths: new Set(["a.yaml"]) }] })).toBe(
      "nested configurations",
    );
    const run = checkWith({ files, rules: [] }, 4, () => {
      throw new Error("no shards for a request that cannot be split");
    });
    expect(run.workers).toBe(0);
    expect(checkWith({ files }, 4, inThreadShards).workers).toBe(2);
  });
});

/** In-thread shards that keep every request and reply. */
function recorded(count: number) {
  const inner = inThreadShards(count);
  const sent: Request[] = [];
  const replies: Reply[] = [];
  const shards: Shards = {
    count,
    send(k, req) {
      sent.push(req);
      inner.send(k, req);
    },
    receiveAll() {
      const got = inner.receiveAll();
      replies.push(...got);
      return got;
    },
    close() {},
  };
  return { shards, sent, replies };
}

/** A gang and its members in three files, a training job that declares its own minimum, a Karpenter pool. */
const GANGS: Array<{ path: string; text: string }> = [
  {
    path: "team/gang.yaml",
    text: `apiVersion: scheduling.x-k8s.io/v1alpha1
kind: PodGroup
metadata: {name: pg, namespace: ml}
spec: {minMember: 5}
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: gpu}
spec:
  template:
    spec:
      requirements: [{key: karpenter.k8s.aws/instance-family, operator: In, values: [p5]}]
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
  limits: {nvidia.com/gpu: "64"}
`,
  },
  ...["a", "b"].map((name) => ({
    path: `team/member-${name}.yaml`,
    text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ml}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, scheduling.x-k8s.io/pod-group: pg}}
    spec:
      schedulerName: scheduler-plugins-scheduler
      containers: [{name: c, image: busybox:1.36, resources: {limits: {cpu: "1", memory: 1Gi}}}]
`,
  })),
  {
    path: "team/train.yaml",
    text: `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: llm, namespace: ml}
spec:
  runPolicy: {schedulingPolicy: {minAvailable: 2}}
  pytorchReplicaSpecs:
    Worker:
      replicas: 4
      template:
        spec:
          containers:
            - name: pytorch
              image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime
              command: ["torchrun", "--nnodes=4", "train.py"]
              resources: {limits: {nvidia.com/gpu: 8}}
`,
  },
];

describe("set-level rules in a split check", () => {
  it("read the workloads' facts, never their documents, and report on them through the worker that holds them", () => {
    const req = requestOf(GANGS);
    const one = check(req);
    const setLevel = (f: { ruleId: string }) =>
      [
        "scheduling/gang-min-exceeds-pods",
        "scheduling/gang-min-below-pods",
        "reliability/karpenter-consolidation",
      ].includes(f.ruleId);
    // On the PodGroup (a lookup, the main thread's), on the job (a workload, a worker's), on the pool.
    expect(one.findings.filter(setLevel).map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      "scheduling/gang-min-exceeds-pods team/gang.yaml:4",
      "reliability/karpenter-consolidation team/gang.yaml:6",
      "scheduling/gang-min-below-pods team/train.yaml:5",
    ]);
    const parts = partition(req.files, 8);
    // The PodGroup's file and the job's are in different workers.
    expect(parts.find((p) => p.includes(0))).not.toContain(3);
    const { shards, sent, replies } = recorded(parts.length);
    expect(checkSharded(req, shards, parts)).toEqual(one);
    // What came back from the load: the PodGroup's and the pool's file; of the others, facts only.
    const loaded = replies.filter((r): r is LoadReply => r.type === "loaded");
    const docs = loaded.flatMap((r) => r.files.flatMap((f) => ("docs" in f ? f.docs : [])));
    expect(docs.map((d) => (d.value as { kind: string }).kind)).toEqual(["PodGroup", "NodePool"]);
    // Facts only of the rules with something to read them against: the pool, the PodGroup (and
    // the files no loader claimed), not Services, Roles or InferencePools, which this run has none of.
    const asked = sent.filter((r): r is FactsRequest => r.type === "facts");
    expect(asked.length).toBe(parts.length);
    expect(asked[0]?.rules).toEqual([
      "scheduling/gang-min-below-pods",
      "scheduling/gang-min-exceeds-pods",
      "security/hardcoded-secret",
      "reliability/karpenter-consolidation",
    ]);
    const facts = replies.filter((r): r is FactsReply => r.type === "facts");
    expect(facts.flatMap((r) => r.facts.filter((f) => f.facts.length > 0).map((f) => f.rule))).toContain(
      "scheduling/gang-min-below-pods",
    );
    // The report on the PyTorchJob went to its worker; no request asked for every document.
    const judged = sent.filter((r): r is JudgeRequest => r.type === "judge");
    expect(judged.flatMap((r) => r.placed.map((p) => p.rule))).toEqual(["scheduling/gang-min-below-pods"]);
    expect(sent.some((r) => r.type === "values")).toBe(false);
  });

  it("turn a facts hook that throws into an error on its workload, as one thread does", () => {
    const rule = ALL_RULES.find((r) => r.id === "security/hardcoded-secret") as Rule;
    const facts = rule.facts;
    rule.facts = (w, ctx) => {
      if (w.resource.name === "b") throw new Error("boom");
      return facts?.(w, ctx);
    };
    try {
      const req = requestOf(GANGS);
      const one = check(req);
      const crash = one.findings.filter((f) => f.internal);
      expect(crash.map((f) => `${f.ruleId} ${f.file} ${f.message}`)).toEqual([
        expect.stringMatching(/^security\/hardcoded-secret team\/member-b.yaml internal error: .*Deployment b: boom/),
      ]);
      expect(split(req, 4)).toEqual(one);
    } finally {
      rule.facts = facts;
    }
  });

  it("give a set hook that reads a fact's object an error in a split check, which the tests of both runs catch", () => {
    const rule = ALL_RULES.find((r) => r.id === "security/hardcoded-secret") as Rule;
    const set = rule.set;
    rule.set = (s, ctx, facts) => {
      for (const f of facts) if (f.of.name === "a") throw new Error("read a workload");
      return set?.(s, ctx, facts);
    };
    try {
      const req = requestOf(GANGS);
      expect(check(req).findings.some((f) => f.internal)).toBe(true);
      const many = split(req, 4).findings.filter((f) => f.internal);
      expect(many.map((f) => f.message)).toEqual([expect.stringMatching(/a fact's object is only for reports/)]);
    } finally {
      rule.set = set;
    }
  });

  it("judge an InferencePool by the model servers of another file, as one thread does", () => {
    const req = requestOf([
      {
        path: "serve/pool.yaml",
        text: `apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata: {name: llm, namespace: ml}
spec:
  selector: {matchLabels: {app: vllm}}
  targetPorts: [{number: 8080}]
  endpointPickerRef: {name: epp, port: {number: 9002}}
`,
      },
      {
        path: "serve/server.yaml",
        text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: vllm, namespace: ml}
spec:
  selector: {matchLabels: {app: vllm}}
  template:
    metadata: {labels: {app: vllm}}
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.0
          ports: [{containerPort: 8000}]
          resources: {limits: {nvidia.com/gpu: 1}}
`,
      },
    ]);
    const one = check(req);
    expect(one.findings.filter((f) => f.ruleId === "network/inference-pool-endpoints").map((f) => f.message)).toEqual([
      expect.stringMatching(/targets port 8080, but the pods it selects declare only 8000 \(Deployment vllm\)/),
    ]);
    // The pool in one worker, its model server in the other.
    expect(checkSharded(req, inThreadShards(2), [[0], [1]])).toEqual(one);
  });

  it("ask every worker for every document when a rule reads the whole set (admission policies)", () => {
    const req = read(["test/fixtures/policy"]);
    const one = check(req);
    expect(one.findings.some((f) => f.ruleId.startsWith("policy/"))).toBe(true);
    const parts = partition(req.files, 3);
    const { shards, sent } = recorded(parts.length);
    expect(JSON.stringify(checkSharded(req, shards, parts))).toBe(JSON.stringify(one));
    expect(sent.filter((r) => r.type === "values").length).toBe(parts.length);
  });
});

describe("files sent to workers", () => {
  it("keep their own fields (how they were rendered, which render made them) and lose only caches", () => {
    const rendered = { lines: [3, 4], shifts: [0, 2], sourceText: "a: 1\n" };
    const file = Object.assign(new SourceFile("chart/templates/a.yaml", "a: 1\nb: 2\n", rendered), { unit: "chart" });
    file.position(3); // fills the line index cache
    const back = fromWireFile(structuredClone(toWireFile(file)));
    expect(back).toBeInstanceOf(SourceFile);
    expect(back.position(6)).toEqual(file.position(6));
    expect((back as unknown as { unit: string }).unit).toBe("chart");
  });
});

describe("another worker's objects", () => {
  it("are located in their file when a message names where they are", () => {
    // What a message naming the matched object prints (its kind, name, file and line).
    const describeMatch = (r: Resource) =>
      `${r.kind} ${r.name} (${r.doc.file.path}:${r.doc.file.position(locateInResource(r, ["metadata", "name"])?.value.start ?? -1).line})`;
    const file = new SourceFile("app/platform.yaml", CROSS_FILE[0]?.text as string);
    const parsed = parseStream(file).documents;
    // The file's text travels in the buffer all threads share, after another file's.
    const texts = sharedTexts([new SourceFile("other.yaml", "é: 1\n"), file]);
    const load = foreignLoad(
      {
        i: 1,
        file: structuredClone(toSharedFile(file, texts.spans[1] as [number, number])),
        docs: parsed.slice(1, 3).map((d) => ({ index: d.index, start: d.start, value: structuredClone(d.value) })),
      },
      texts.buffer,
    );
    if (load.kind !== "manifest") throw new Error("a foreign file is a manifest");
    const there = load.docs.flatMap((d) => resourcesOf(d));
    const here = parsed.slice(1, 3).flatMap((d) => resourcesOf(d));
    expect(there.map(describeMatch)).toEqual(here.map(describeMatch));
    expect(there.map(describeMatch)).toEqual([
      "ConfigMap nccl (app/platform.yaml:13)",
      "LocalQueue team (app/platform.yaml:20)",
    ]);
  });
});

describe("partition", () => {
  it("cuts the files into contiguous runs of about equal size, Terraform left to the main thread", () => {
    const f = (path: string, size: number) => new SourceFile(path, "x".repeat(size));
    const files = [f("a.yaml", 10), f("b.yaml", 10), f("main.tf", 100), f("c.yaml", 10), f("d.yaml", 10)];
    expect(partition(files, 2)).toEqual([
      [0, 1],
      [3, 4],
    ]);
    expect(partition(files, 8)).toEqual([[0], [1], [3], [4]]);
    expect(partition([f("big.yaml", 1000), f("a.yaml", 1), f("b.yaml", 1)], 2)).toEqual([[0], [1, 2]]);
  });
});

describe("defaultJobs", () => {
  const big = { files: [new SourceFile("a.yaml", "x".repeat(5_000_000))] };
  const small = { files: [new SourceFile("a.yaml", "x".repeat(1000))] };
  it("uses the cores, up to 8, for large inputs on 4 or more cores, and one thread otherwise", () => {
    expect(defaultJobs(big, 16)).toBe(8);
    expect(defaultJobs(big, 4)).toBe(4);
    expect(defaultJobs(big, 2)).toBe(1);
    expect(defaultJobs(small, 16)).toBe(1);
  });
});
