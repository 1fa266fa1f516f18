// End-to-end: `mlgate estimate` through the built CLI (dist/, via bin/mlgate.js).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const bin = join(repoRoot, "bin", "mlgate.js");

function mlgate(args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  try {
    readFileSync(join(repoRoot, "dist", "cli.js"));
  } catch {
    execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
  }
});

const GPT3 = [
  "estimate",
  "--params",
  "175e9",
  "--tokens",
  "300e9",
  "--gpu",
  "a100-80gb",
  "--gpus",
  "1024",
  "--tflops",
  "140",
];

describe("mlgate estimate from flags", () => {
  it("the issue's example: 34 days, with the formula and its citation", () => {
    const r = mlgate(GPT3);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/33\.9 days/);
    expect(r.stdout).toMatch(/8·T·P\/\(n·X\)/);
    expect(r.stdout).toMatch(/\[sc21-eq4\] Narayanan et al\. SC21/);
    expect(r.stdout).toMatch(/DOES NOT FIT/);
    expect(r.stdout).toMatch(/Assumptions/);
  });

  it("--json carries the documented fields", () => {
    const r = mlgate([...GPT3, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params).toBe(175e9);
    expect(j.tokens).toBe(300e9);
    expect(j.flops.total).toBe(8 * 175e9 * 300e9);
    for (const k of ["computeSeconds", "commSeconds", "wallSeconds", "days", "gpuHours"])
      expect(typeof j.time[k]).toBe("number");
    expect(Math.round(j.time.days)).toBe(34);
    for (const k of ["params", "grads", "optimizer", "total"]) expect(typeof j.memory.perGpuBytes[k]).toBe("number");
    expect(j.memory.perGpuBytes).toHaveProperty("activations");
    expect(j.memory.fits).toBe(false);
    expect(j.cost.cloud).toHaveProperty("total");
    expect(j.cost.bareMetal).toHaveProperty("total");
    expect(j.cost).toHaveProperty("breakEvenUtilization");
    expect(Array.isArray(j.assumptions)).toBe(true);
    expect(j.assumptions.map((a: { name: string }) => a.name)).toContain("recompute");
    expect(mlgate([...GPT3, "--format", "json"]).stdout).toBe(r.stdout);
  });

  it("the parameters come from the architecture when --params is absent; sizes accept B and T", () => {
    const r = mlgate([
      "estimate",
      "--tokens",
      "1.4T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "64",
      "--layers",
      "36",
      "--hidden",
      "4096",
      "--heads",
      "32",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params / 1e9).toBeCloseTo(7.5, 1);
  });

  it("cloud against bare metal with the break-even utilisation", () => {
    const r = mlgate([
      "estimate",
      "--params",
      "70B",
      "--tokens",
      "2T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "1024",
      "--tp",
      "8",
      "--pp",
      "4",
      "--cloud",
      "gcp:a3-highgpu-8g",
      "--server-price",
      "300000",
      "--utilization",
      "80%",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j.cost.cloud.offer).toBe("gcp:a3-highgpu-8g on-demand");
    expect(j.cost.bareMetal.utilization).toBe(0.8);
    expect(j.cost.bareMetal.total).toBeLessThan(j.cost.cloud.total);
    expect(j.cost.breakEvenUtilization).toBeGreaterThan(0);
  });

  it("usage errors exit 2 and name the flag", () => {
    let r = mlgate(["estimate", "--params", "7X", "--tokens", "1T", "--gpu", "h100-sxm", "--gpus", "8"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--params: "7X" is not a number/);
    r = mlgate(["estimate", "--params", "7B", "--tokens", "1T", "--gpu", "h100", "--gpus", "8"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gpu/);
    r = mlgate(["estimate", "--params", "7B", "--gpu", "h100-sxm", "--gpus", "8"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tokens is required/);
    r = mlgate([
      "estimate",
      "--params",
      "7B",
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
      "--cloud",
      "aws:nope",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown cloud offer "aws:nope"/);
  });

  it("--price-file replaces the table", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-est-"));
    const file = join(dir, "prices.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          provider: "acme",
          instance: "h8",
          gpu: "h100-sxm",
          gpus: 8,
          onDemandPerHour: 20,
          observed: "2026-11-01",
          source: "quote",
        },
      ]),
    );
    const r = mlgate([
      "estimate",
      "--params",
      "7B",
      "--tokens",
      "100B",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
      "--price-file",
      file,
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).cost.cloud.perGpuHour).toBe(2.5);
  });
});

describe("mlgate estimate from manifests", () => {
  const job = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: pretrain, namespace: ml}
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: 16
      template:
        spec:
          nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
          containers:
            - name: trainer
              image: img
              env: [{name: NCCL_IB_DISABLE, value: "1"}]
              resources:
                limits: {nvidia.com/gpu: 8}
`;

  it("reads the job as written and says when the network would dominate", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-est-"));
    writeFileSync(join(dir, "job.yaml"), job);
    // Without recomputation the compute per step (6·P·D) is shorter than the gradient all-reduce on TCP.
    const r = mlgate(["estimate", "job.yaml", "--params", "7B", "--tokens", "1T", "--recompute", "none"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/job\.yaml: PyTorchJob ml\/pretrain/);
    expect(r.stdout).toMatch(/128 GPUs in 16 pod\(s\) of 8; GPU from nvidia\.com\/gpu\.product=NVIDIA-H100-80GB-HBM3/);
    expect(r.stdout).toMatch(/NCCL_IB_DISABLE=1 forces NCCL onto TCP sockets/);
    expect(r.stdout).toMatch(/network would dominate/);
    const j = JSON.parse(
      mlgate(["estimate", "-", "--params", "7B", "--tokens", "1T", "--recompute", "none", "--json"], { input: job })
        .stdout,
    );
    expect(j.gpus).toBe(128);
    expect(j.gpusPerNode).toBe(8);
    expect(j.network.interconnect).toBe("eth-100");
    expect(j.time.networkDominates).toBe(true);
    expect(j.workload.name).toBe("pretrain");
  });

  it("asks for --gpu when no node selector names the product; exits 2 when nothing requests GPUs", () => {
    let r = mlgate(["estimate", "examples/pytorch-multinode.yaml", "--params", "8B", "--tokens", "1T"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give --gpu/);
    r = mlgate([
      "estimate",
      "examples/pytorch-multinode.yaml",
      "--params",
      "8B",
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/32 GPUs in 4 pod\(s\) of 8/);
    r = mlgate(["estimate", "-", "--params", "8B", "--tokens", "1T"], {
      input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/requests GPUs/);
  });
});

describe("mlgate check --estimate (cost/gpu-daily-cost)", () => {
  const daily = (stdout: string) =>
    (JSON.parse(stdout).findings as { ruleId: string; file: string; line: number; message: string; severity: string }[])
      .filter((f) => f.ruleId === "cost/gpu-daily-cost")
      .map((f) => ({ ...f, file: f.file.replace(/\\/g, "/") }));

  it("reports each GPU workload's GPU-hours and cloud cost per day, and nothing without the flag", () => {
    const on = mlgate(["check", "examples/", "--estimate", "--format", "json"]);
    expect(on.stderr).toBe("");
    const found = daily(on.stdout);
    expect(found.map((f) => f.file).sort()).toEqual([
      "examples/pytorch-multinode.yaml",
      "examples/ray-cluster.yaml",
      "examples/trainjob.yaml",
      "examples/vllm-serving.yaml",
    ]);
    expect(found.every((f) => f.severity === "info")).toBe(true);
    const pt = found.find((f) => f.file === "examples/pytorch-multinode.yaml");
    expect(pt?.line).toBe(30);
    // The manifest names no GPU product: the cost is reported unknown, never priced as an H100.
    expect(pt?.message).toMatch(
      /requests 32 GPUs \(1 pod × 8 GPUs \+ 3 pods × 8 GPUs\): 768 GPU-hours per day, cloud cost unknown: the manifest does not name the GPU product; set a nodeSelector/,
    );
    expect(pt?.message).not.toMatch(/\$/);
    const off = mlgate(["check", "examples/", "--format", "json"]);
    expect(off.code).toBe(on.code);
    expect(daily(off.stdout)).toEqual([]);
    expect(JSON.parse(off.stdout).summary.infos).toBe(JSON.parse(on.stdout).summary.infos - 4);
  });

  it("is on with `estimate: true` in .mlgate.yaml, priced from the GPU the node selector names", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-est-check-"));
    writeFileSync(
      join(dir, "job.yaml"),
      `apiVersion: batch/v1
kind: Job
metadata: {name: train}
spec:
  activeDeadlineSeconds: 3600
  backoffLimit: 1
  parallelism: 2
  completions: 2
  template:
    spec:
      restartPolicy: Never
      nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
      containers:
        - {name: t, image: img, resources: {limits: {nvidia.com/gpu: 8}}}
`,
    );
    expect(daily(mlgate(["check", "job.yaml", "--format", "json"], { cwd: dir }).stdout)).toEqual([]);
    writeFileSync(join(dir, ".mlgate.yaml"), "estimate: true\n");
    const found = daily(mlgate(["check", "job.yaml", "--format", "json"], { cwd: dir }).stdout);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(
      /^this Job requests 16 GPUs \(2 pods × 8 GPUs\): 384 GPU-hours per day, \$2,642 per day on aws:p5\.48xlarge on demand \(\$6\.88\/GPU-h, observed 2026-09: GPUFlow/,
    );
    writeFileSync(join(dir, ".mlgate.yaml"), "estimate: maybe\n");
    const bad = mlgate(["check", "job.yaml"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/estimate: must be true or false/);
  });
});

describe("mlgate estimate: modern architectures and --plan", () => {
  const llama8 = ["--layers", "32", "--hidden", "4096", "--heads", "32", "--kv-heads", "8", "--ffn-hidden", "14336"];

  it("Llama-3-8B's architecture gives 8.03B parameters; the vocabulary changes the memory (fp32 logits)", () => {
    const run = (extra: string[]) =>
      JSON.parse(
        mlgate([
          "estimate",
          ...llama8,
          "--mlp",
          "swiglu",
          "--seq",
          "8192",
          "--tokens",
          "1T",
          "--gpu",
          "h100-sxm",
          "--gpus",
          "8",
          "--json",
          ...extra,
        ]).stdout,
      );
    const j = run(["--vocab", "128256"]);
    expect(j.params).toBe(8_030_261_248);
    expect(j.architecture.tiedEmbeddings).toBe(false);
    expect(j.parallelism.attention).toBe("flash");
    const small = run(["--vocab", "51200"]);
    expect(j.memory.perGpuBytes.activations).toBeGreaterThan(small.memory.perGpuBytes.activations + 5e9);
  });

  it("--mlp swiglu without --ffn-hidden and --plan with a layout flag are usage errors (exit 2)", () => {
    const a = mlgate([
      "estimate",
      ...llama8.slice(0, 6),
      "--mlp",
      "swiglu",
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
    ]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--ffn-hidden/);
    const b = mlgate([
      "estimate",
      "--plan",
      ...llama8,
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
      "--tp",
      "8",
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--plan chooses --tp itself/);
  });

  it("--plan ranks the layouts of a 70B model on 64 H100 and says why", () => {
    const r = mlgate([
      "estimate",
      "--plan",
      "--layers",
      "80",
      "--hidden",
      "8192",
      "--heads",
      "64",
      "--kv-heads",
      "8",
      "--ffn-hidden",
      "28672",
      "--mlp",
      "swiglu",
      "--vocab",
      "128256",
      "--seq",
      "4096",
      "--tokens",
      "1T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "64",
      "--top",
      "3",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/#1 {2}tp=\d+ pp=\d+/);
    expect(r.stdout).toMatch(/tp=8 pp=1 dp=8\+sp, ZeRO-\d, recompute \w+: step/);
    expect(r.stdout).toMatch(/tp=1 pp=1 dp=64, ZeRO-3, recompute full/);
    expect(r.stdout).toMatch(/tensor-parallel collectives/);
  });
});

describe("mlgate estimate --model: an open model's published architecture", () => {
  const run = (model: string, extra: string[] = []) =>
    mlgate(["estimate", "--model", model, "--tokens", "1T", "--gpu", "h100-sxm", "--gpus", "64", ...extra]);

  it("Llama-3-8B and Llama-3-70B give their published parameter counts, with the config cited", () => {
    const b8 = JSON.parse(run("meta-llama/Meta-Llama-3-8B", ["--json"]).stdout);
    expect(b8.params).toBe(8_030_261_248);
    expect(b8.citations.some((c: { id: string }) => c.id === "model-config")).toBe(true);
    const b70 = JSON.parse(run("Meta-Llama-3-70B-Instruct", ["--json"]).stdout);
    expect(b70.params).toBe(70_553_706_496);
    const mixtral = JSON.parse(run("mistralai/Mixtral-8x7B-Instruct-v0.1", ["--json"]).stdout);
    expect(mixtral.params / 1e9).toBeCloseTo(46.7, 1);
    expect(mixtral.activeParams / 1e9).toBeCloseTo(12.9, 1);
  });

  it("flags given with --model win; --plan takes it; an unknown model is a usage error", () => {
    const j = JSON.parse(run("Meta-Llama-3-8B", ["--vocab", "32000", "--json"]).stdout);
    expect(j.params).toBe(8_030_261_248 - 2 * (128256 - 32000) * 4096);
    const plan = run("Llama-3.1-70B", ["--seq", "4096", "--plan", "--top", "1"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/--plan: Llama 3\.1 \/ 3\.3 70B, 1T tokens on 64/);
    const bad = run("acme/llama-9");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model acme\/llama-9: not in the model catalog/);
  });
});

describe("estimate --serve (built CLI)", () => {
  it("prints the arithmetic for the layout and the smallest count of each GPU product", () => {
    const r = mlgate([
      "estimate",
      "--serve",
      "--model",
      "meta-llama/Llama-3.1-70B-Instruct",
      "--gpu",
      "l4",
      "--gpus",
      "4",
      "--max-model-len",
      "8192",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("4 × NVIDIA L4 24GB (tp 4)");
    expect(r.stdout).toMatch(/does not fit: 32\.85 GiB of weights per GPU exceed its 22\.49 GiB/);
    expect(r.stdout).toMatch(/^ {2}l4 \(L4 24GB\) +8 +tp 8 /m);
    const j = JSON.parse(
      mlgate([
        "estimate",
        "--serve",
        "--model",
        "Llama-3.1-8B-Instruct",
        "--gpu",
        "l4",
        "--max-model-len",
        "8K",
        "--json",
      ]).stdout,
    );
    expect(j.layout).toMatchObject({ gpus: 1, fits: true, fit: { kvTokens: 32432, sequences: 3 } });
  });

  it("usage errors exit 2", () => {
    const cases: [string[], RegExp][] = [
      [["--serve"], /--serve needs --model/],
      [["--serve", "--model", "acme/bot-13b"], /--model acme\/bot-13b: not in the model catalog.*\.mlgate\.yaml/],
      [["--serve", "--model", "Llama-3.1-8B", "--tokens", "1T"], /--tokens sizes a training job/],
      [["--serve", "--model", "Llama-3.1-8B", "--gpus", "2"], /give --gpu too/],
      [["--serve", "--model", "Llama-3.1-8B", "--gpu", "l4", "--gpus", "6", "--tp", "4"], /not a multiple of --tp 4/],
      [["--serve", "--model", "Llama-3.1-8B", "--quantization", "zip"], /--quantization zip: not a format/],
      [["--serve", "--model", "Llama-3.1-8B", "--gpu-memory-utilization", "90"], /must be a fraction in \(0, 1\]/],
      [
        ["--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm", "--gpus", "8", "--max-model-len", "8192"],
        /--max-model-len goes with --serve/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = mlgate(["estimate", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
