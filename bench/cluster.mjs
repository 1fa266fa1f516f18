// `npm run bench:cluster` (after a build): mlgate's cluster-aware commands at the scale of issue 9.
// Generates, deterministically, a 1,000-node / 8,000-GPU NodeList in the shape
// `kubectl get nodes -o json` prints (GPU Feature Discovery labels, taints, a few cordoned nodes)
// and 500 workloads (PyTorchJobs, some gang-scheduled; Jobs; inference Deployments), then times
// `mlgate check --cluster` and `mlgate simulate` as medians of BENCH_RUNS runs (default 5),
// printed as a Markdown table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(new URL(".", import.meta.url).pathname, "..");
const bin = join(root, "bin", "mlgate.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const NODES = 1000;
const WORKLOADS = 500;

if (!existsSync(join(root, "dist", "cli.js"))) {
  console.error("bench/cluster.mjs: build first (npx tsup, or npm run build)");
  process.exit(2);
}

// mulberry32: a small seeded generator, so every run measures the same inputs.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(9);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const POOLS = [
  // 600 H100 nodes (tainted, RDMA) + 400 A100 nodes, 8 GPUs each: 8,000 GPUs.
  {
    prefix: "h100",
    count: 600,
    product: "NVIDIA-H100-80GB-HBM3",
    family: "hopper",
    memory: "81559",
    driver: [570, 124, 6],
    cuda: [12, 8],
    cpu: "190",
    mem: "2113351128Ki",
    taint: true,
    rdma: true,
  },
  {
    prefix: "a100",
    count: 400,
    product: "NVIDIA-A100-SXM4-80GB",
    family: "ampere",
    memory: "81920",
    driver: [550, 54, 15],
    cuda: [12, 4],
    cpu: "94",
    mem: "1056675564Ki",
    taint: false,
    rdma: false,
  },
];

function node(pool, i) {
  const name = `${pool.prefix}-${i}`;
  const [dmaj, dmin, drev] = pool.driver;
  const labels = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
    "node.kubernetes.io/instance-type": "bare-metal",
    "topology.kubernetes.io/zone": `dc1-${"abc"[i % 3]}`,
    "nvidia.com/gpu.present": "true",
    "nvidia.com/gpu.count": "8",
    "nvidia.com/gpu.product": pool.product,
    "nvidia.com/gpu.family": pool.family,
    "nvidia.com/gpu.memory": pool.memory,
    "nvidia.com/mig.strategy": "single",
    "nvidia.com/cuda.driver-version.major": String(dmaj),
    "nvidia.com/cuda.driver-version.minor": String(dmin),
    "nvidia.com/cuda.driver-version.revision": String(drev),
    "nvidia.com/cuda.driver-version.full": `${dmaj}.${dmin}.${drev}`,
    "nvidia.com/cuda.runtime-version.major": String(pool.cuda[0]),
    "nvidia.com/cuda.runtime-version.minor": String(pool.cuda[1]),
  };
  const allocatable = {
    cpu: pool.cpu,
    "ephemeral-storage": "1712232510914",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: pool.mem,
    pods: "110",
    "nvidia.com/gpu": "8",
    ...(pool.rdma ? { "rdma/ib": "8" } : {}),
  };
  const cordoned = i % 97 === 13;
  const taints = [
    ...(pool.taint ? [{ effect: "NoSchedule", key: "nvidia.com/gpu", value: "present" }] : []),
    ...(cordoned
      ? [{ effect: "NoSchedule", key: "node.kubernetes.io/unschedulable", timeAdded: "2026-11-20T08:00:00Z" }]
      : []),
  ];
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      annotations: { "node.alpha.kubernetes.io/ttl": "0" },
      creationTimestamp: "2026-10-02T09:14:11Z",
      labels,
      name,
      resourceVersion: String(100000 + i),
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    },
    spec: { ...(taints.length ? { taints } : {}), ...(cordoned ? { unschedulable: true } : {}) },
    status: {
      allocatable,
      capacity: allocatable,
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady" }],
      nodeInfo: { kubeletVersion: "v1.34.2", containerRuntimeVersion: "containerd://2.1.4" },
    },
  };
}

const items = POOLS.flatMap((p) => Array.from({ length: p.count }, (_, i) => node(p, i)));
if (items.length !== NODES) throw new Error(`generated ${items.length} nodes`);

const TOLERATE = `          tolerations:
            - key: nvidia.com/gpu
              operator: Exists
              effect: NoSchedule
`;

function pytorchJob(i) {
  const workers = pick([1, 2, 2, 4, 4, 8, 16]);
  const gpus = pick([8, 8, 8, 4]);
  const h100 = rand() < 0.6;
  const gang = rand() < 0.5;
  // A few mistakes for the cluster rules to find: a misspelt product, a CUDA 13 image on nodes
  // whose driver stops at CUDA 12, a GPU pod without the toleration for the H100 taint.
  const mistake = rand();
  const product = mistake < 0.02 ? "NVIDIA-H100-80GB" : h100 ? "NVIDIA-H100-80GB-HBM3" : "NVIDIA-A100-SXM4-80GB";
  const image =
    mistake >= 0.02 && mistake < 0.04 ? "nvcr.io/nvidia/pytorch:25.12-py3" : "nvcr.io/nvidia/pytorch:24.05-py3";
  const tolerate = h100 && !(mistake >= 0.04 && mistake < 0.06);
  return `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: train-${i}
  namespace: team-${i % 10}
spec:
${gang ? `  runPolicy:\n    schedulingPolicy:\n      minAvailable: ${workers + 1}\n` : ""}  pytorchReplicaSpecs:
    Master:
      replicas: 1
      template:
        spec:
          containers:
            - name: pytorch
              image: nvcr.io/nvidia/pytorch:24.05-py3
              resources:
                requests: { cpu: "4", memory: 32Gi }
    Worker:
      replicas: ${workers}
      template:
        spec:
          nodeSelector:
            nvidia.com/gpu.product: ${product}
${tolerate ? TOLERATE : ""}          containers:
            - name: pytorch
              image: ${image}
              resources:
                requests: { cpu: "${gpus * 10}", memory: ${gpus * 100}Gi, nvidia.com/gpu: ${gpus} }
                limits: { nvidia.com/gpu: ${gpus} }
`;
}

function batchJob(i) {
  const gpus = pick([1, 2, 4]);
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: eval-${i}
  namespace: team-${i % 10}
spec:
  parallelism: ${pick([1, 2, 4])}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: eval
          image: nvcr.io/nvidia/pytorch:24.05-py3
          resources:
            requests: { cpu: "8", memory: 64Gi, nvidia.com/gpu: ${gpus} }
            limits: { nvidia.com/gpu: ${gpus} }
`;
}

function inference(i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: serve-${i}
  namespace: team-${i % 10}
spec:
  replicas: ${pick([1, 2, 3])}
  selector:
    matchLabels: { app: serve-${i} }
  template:
    metadata:
      labels: { app: serve-${i} }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          resources:
            requests: { cpu: "8", memory: 64Gi, nvidia.com/gpu: 1 }
            limits: { nvidia.com/gpu: 1 }
`;
}

const dir = mkdtempSync(join(tmpdir(), "mlgate-bench-cluster-"));
const manifests = join(dir, "manifests");
const nodesFile = join(dir, "nodes.json");
try {
  writeFileSync(
    nodesFile,
    JSON.stringify({ apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } }, null, 4),
  );
  const kinds = { PyTorchJob: 0, Job: 0, Deployment: 0 };
  const docs = [];
  for (let i = 0; i < WORKLOADS; i++) {
    const r = rand();
    if (r < 0.7) {
      docs.push(pytorchJob(i));
      kinds.PyTorchJob++;
    } else if (r < 0.85) {
      docs.push(batchJob(i));
      kinds.Job++;
    } else {
      docs.push(inference(i));
      kinds.Deployment++;
    }
  }
  // 50 files of 10 workloads, as a repository would hold them.
  spawnSync("mkdir", ["-p", manifests]);
  for (let f = 0; f < docs.length / 10; f++)
    writeFileSync(
      join(manifests, `team-${String(f).padStart(2, "0")}.yaml`),
      docs.slice(f * 10, f * 10 + 10).join("---\n"),
    );

  const run = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`mlgate ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return { ms, stdout: r.stdout };
  };
  const cases = {
    "mlgate check (no --cluster)": ["check", manifests, "--format", "json"],
    "mlgate check --cluster": ["check", "--cluster", nodesFile, manifests, "--format", "json"],
    "mlgate simulate --strategy spread": ["simulate", "--cluster", nodesFile, manifests, "--format", "json"],
    "mlgate simulate --strategy binpack": [
      "simulate",
      "--cluster",
      nodesFile,
      manifests,
      "--strategy",
      "binpack",
      "--format",
      "json",
    ],
  };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const last = {};
  for (const [k, args] of Object.entries(cases)) last[k] = run(args).stdout; // warm the file cache
  for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(cases)) times[k].push(run(args).ms);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const check = JSON.parse(last["mlgate check --cluster"]);
  const clusterFindings = check.findings.filter((f) => /\/cluster-/.test(f.ruleId)).length;
  const sims = ["spread", "binpack"].map((s) => [s, JSON.parse(last[`mlgate simulate --strategy ${s}`])]);
  const gpusAsked = sims[0][1].workloads.reduce((n, w) => n + w.gpus, 0);

  console.log(
    `${NODES} nodes / ${items.reduce((n, it) => n + Number(it.status.allocatable["nvidia.com/gpu"]), 0)} GPUs (kubectl NodeList, ${(statSync(nodesFile).size / 2 ** 20).toFixed(1)} MiB); ` +
      `${WORKLOADS} workloads (${kinds.PyTorchJob} PyTorchJobs, ${kinds.Job} Jobs, ${kinds.Deployment} Deployments) asking for ${gpusAsked} GPUs; ` +
      `median of ${runs} runs, Node ${process.versions.node}, built CLI (bin/mlgate.js)\n`,
  );
  console.log("| command | median s | result |");
  console.log("| --- | ---: | --- |");
  const s = (k) => (median(times[k]) / 1000).toFixed(2);
  console.log(
    `| mlgate check (no --cluster) | ${s("mlgate check (no --cluster)")} | ${JSON.parse(last["mlgate check (no --cluster)"]).summary.findings} findings |`,
  );
  console.log(
    `| mlgate check --cluster | ${s("mlgate check --cluster")} | ${check.summary.findings} findings, ${clusterFindings} of them cluster rules |`,
  );
  for (const [strategy, j] of sims) {
    const c = j.cluster;
    const startsGang = j.workloads.filter((w) => w.startsWithGang).length;
    const startsPlain = j.workloads.filter((w) => w.startsWithoutGang).length;
    console.log(
      `| mlgate simulate --strategy ${strategy} | ${s(`mlgate simulate --strategy ${strategy}`)} | ` +
        `${c.gpusUsed} GPUs in use at submission, ${c.gpusIdleFragmented} idle by fragmentation; ` +
        `${startsPlain} workloads start pod by pod, ${startsGang} with gang admission; ` +
        `deadlock: ${c.deadlock ? `${c.deadlock.workloads.length} workloads holding ${Object.values(c.deadlock.heldGpus).reduce((a, b) => a + b, 0)} GPUs` : "none"} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
