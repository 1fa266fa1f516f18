import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { dailyCost } from "./daily.js";
import { estimate, suggestFit } from "./estimate.js";
import { jobsFromWorkloads } from "./manifest.js";
import { parseSize } from "./size.js";
import { EstimateError } from "./types.js";

const DAY = 86400;

describe("parseSize", () => {
  it.each([
    ["7e9", 7e9],
    ["7B", 7e9],
    ["175B", 175e9],
    ["1.4T", 1.4e12],
    ["300M", 300e6],
    ["8k", 8000],
    ["2,048", 2048],
    ["0.4", 0.4],
    ["51200", 51200],
  ])("%s → %d", (s, n) => expect(parseSize(s)).toBeCloseTo(n, 6));
  it.each(["", "B", "7X", "-3", "1e"])("rejects %j", (s) => expect(parseSize(s)).toBeUndefined());
});

describe("estimate(): the published examples through the whole calculator", () => {
  it("SC21 §5.1: the CLI's own example (175B, 300B tokens, 1,024 A100, 140 TFLOP/s) gives 34 days", () => {
    const e = estimate({ params: 175e9, tokens: 300e9, gpu: "a100-80gb", gpus: 1024, tflops: 140 });
    expect(e.flops.total).toBe(8 * 175e9 * 300e9);
    expect(Math.round(e.time.computeSeconds / DAY)).toBe(34);
    expect(e.time.wallSeconds).toBe(e.time.computeSeconds);
    // Plain data parallelism: 16Ψ = 2.8 TB per GPU does not fit.
    expect(e.memory.perGpuBytes.total).toBe(16 * 175e9);
    expect(e.memory.fits).toBe(false);
  });

  it("SC21 §5.1 with the GPT-3 architecture (Eq. 3 instead of Eq. 4) stays within 3% of 34 days and fits at TP8 × PP8", () => {
    const e = estimate({
      tokens: 300e9,
      gpu: "a100-80gb",
      gpus: 1024,
      tflops: 140,
      layers: 96,
      hidden: 12288,
      heads: 96,
      tp: 8,
      pp: 8,
      globalBatch: 1536,
      interconnect: "hdr",
    });
    expect(e.params / 1e9).toBeCloseTo(174.6, 1);
    expect(Math.abs(e.time.days - 34) / 34).toBeLessThan(0.03);
    expect(e.memory.fits).toBe(true);
    expect(e.time.networkDominates).toBe(false);
    expect(e.parallelism.dp).toBe(16);
  });

  it("LLaMA §2.4 / Table 15: 65.2B on 2,048 A100 at ~380 tokens/s/GPU, 1.4T tokens → ~21 days, 1,022,362 GPU-hours", () => {
    const tflops = (6 * 65.2e9 * 380) / 1e12;
    const e = estimate({ params: 65.2e9, tokens: 1.4e12, gpu: "a100-80gb", gpus: 2048, tflops, recompute: "none" });
    expect(Math.round(e.time.days)).toBe(21);
    expect(Math.abs(e.time.gpuHours - 1_022_362) / 1_022_362).toBeLessThan(0.002);
  });

  it("--mfu is the GPU's compute efficiency: compute = FLOPs executed/(n·e·peak), so recomputation costs time", () => {
    const full = estimate({ params: 7e9, tokens: 1e12, gpu: "h100-sxm", gpus: 64, mfu: 0.4 });
    expect(full.flops.total).toBe(8 * 7e9 * 1e12);
    expect(full.time.computeSeconds).toBeCloseTo((8 * 7e9 * 1e12) / (64 * 0.4 * 989e12), 3);
    const none = estimate({ params: 7e9, tokens: 1e12, gpu: "h100-sxm", gpus: 64, mfu: 0.4, recompute: "none" });
    expect(none.time.computeSeconds).toBeCloseTo((6 * 7e9 * 1e12) / (64 * 0.4 * 989e12), 3);
    // End to end (over the wall time, with the data-parallel sync that backward does not hide) the MFU is lower.
    expect(none.throughput.computeEfficiency).toBe(0.4);
    expect(none.throughput.mfu).toBeLessThanOrEqual(0.4);
    expect(full.throughput.mfu).toBeLessThan(0.4 * 0.76);
  });

  it("the default compute efficiency of an H100 or H200 is the measured single-H200 MFU, 0.45, and is listed with its source", () => {
    const e = estimate({ params: 7e9, tokens: 1e12, gpu: "h200", gpus: 8 });
    const a = e.assumptions.find((x) => x.name === "mfu");
    expect(a?.value).toBe(0.45);
    expect(a?.source).toMatch(/measured on one H200/);
    expect(e.citations.map((c) => c.id)).toContain("measured-h200");
  });

  it("lists every default it used in assumptions", () => {
    const e = estimate({ params: 70e9, tokens: 2e12, gpu: "h100-sxm", gpus: 1024, tp: 8, pp: 4 });
    const names = e.assumptions.map((a) => a.name);
    for (const n of [
      "gpusPerNode",
      "dp",
      "zero",
      "recompute",
      "seq",
      "microBatch",
      "globalBatch",
      "mfu",
      "interconnect",
      "nicsPerNode",
      "linkEfficiency",
      "cloud",
      "commitment",
      "serverPrice",
      "utilization",
      "amortizeYears",
      "pue",
      "kwhPrice",
      "coloPerMonth",
      "networkShare",
      "serverKw",
    ])
      expect(names, n).toContain(n);
    for (const a of e.assumptions) expect(a.source.length, a.name).toBeGreaterThan(10);
  });

  it("cloud vs bare metal: break-even utilisation comes from the model, and bare metal wins only above it", () => {
    const e = estimate({ params: 70e9, tokens: 2e12, gpu: "h100-sxm", gpus: 1024, tp: 8, pp: 4, utilization: 0.9 });
    const be = e.cost.breakEvenUtilization as number;
    expect(be).toBeGreaterThan(0);
    expect(be).toBeLessThan(1);
    expect(e.cost.bareMetal.total as number).toBeLessThan(e.cost.cloud.total as number);
    const idle = estimate({
      params: 70e9,
      tokens: 2e12,
      gpu: "h100-sxm",
      gpus: 1024,
      tp: 8,
      pp: 4,
      utilization: be * 0.9,
    });
    expect(idle.cost.bareMetal.total as number).toBeGreaterThan(idle.cost.cloud.total as number);
  });

  it("says when the network dominates: 64 nodes of 8 on 25 GbE with plain data parallelism", () => {
    const e = estimate({ params: 7e9, tokens: 1e12, gpu: "h100-sxm", gpus: 512, interconnect: "eth-25" });
    expect(e.time.networkDominates).toBe(true);
    // Step = compute + what the backward cannot hide of the gradient all-reduce.
    expect(e.time.wallSeconds).toBeCloseTo(e.time.computeSeconds + e.time.commSeconds, 0);
    expect(e.time.commSeconds).toBeGreaterThan(e.time.computeSeconds);
    expect(e.warnings.join("\n")).toMatch(/network would dominate/);
  });

  it("ZeRO-3 moves 1.5× the data-parallel bytes (ZeRO §7), in every micro-batch; ZeRO-1 the same bytes as plain data parallelism", () => {
    const base = { params: 7e9, tokens: 1e12, gpu: "h100-sxm" as const, gpus: 64 };
    const z0 = estimate({ ...base, zero: 0 });
    const z1 = estimate({ ...base, zero: 1 });
    const z3 = estimate({ ...base, zero: 3 });
    const m = z3.parallelism.microBatchesPerPipeline;
    expect(m).toBeGreaterThan(1);
    expect(z3.time.perStep.dpSeconds / (z0.time.perStep.dpSeconds * m)).toBeCloseTo(1.5, 9);
    expect(z1.time.perStep.dpSeconds).toBeCloseTo(z0.time.perStep.dpSeconds, 12);
    // ZeRO-1's parameter all-gather after the optimizer step is not hidden by backward; plain DP's sync partly is.
    expect(z1.time.perStep.dpExposedSeconds).toBeGreaterThan(z0.time.perStep.dpExposedSeconds);
  });

  it("the bare-metal network share applies only when the job spans nodes (--network-share sets it)", () => {
    const one = estimate({ params: 7e9, tokens: 1e11, gpu: "h100-sxm", gpus: 8 });
    expect(one.assumptions.find((a) => a.name === "networkShare")?.value).toBe(0);
    // capital over 3 years + colo + power, nothing else: $270,000/(3·8766) + $1,800·12/8766 + 10.2·1.1·0.10
    expect(one.cost.bareMetal.serverHour?.total).toBeCloseTo(270000 / (3 * 8766) + (1800 * 12) / 8766 + 1.122, 6);
    const many = estimate({ params: 7e9, tokens: 1e11, gpu: "h100-sxm", gpus: 64 });
    expect(many.assumptions.find((a) => a.name === "networkShare")?.value).toBe(0.19);
    expect(many.cost.bareMetal.serverHour?.capital).toBeCloseTo(270000 / 0.81 / (3 * 8766), 6);
    const set = estimate({ params: 7e9, tokens: 1e11, gpu: "h100-sxm", gpus: 8, networkShare: 0.1 });
    expect(set.cost.bareMetal.serverHour?.capital).toBeCloseTo(270000 / 0.9 / (3 * 8766), 6);
  });

  it("--price-per-gpu-hour overrides the table; a price file replaces it", () => {
    const e = estimate({ params: 7e9, tokens: 1e11, gpu: "h100-sxm", gpus: 8, pricePerGpuHour: 2 });
    expect(e.cost.cloud.total).toBeCloseTo(e.time.gpuHours * 2, 6);
    const f = estimate({
      params: 7e9,
      tokens: 1e11,
      gpu: "h100-sxm",
      gpus: 8,
      prices: [
        {
          id: "acme:box",
          provider: "acme",
          instance: "box",
          gpu: "h100-sxm",
          gpus: 8,
          onDemandPerHour: 16,
          observed: "2026-11-01",
          source: "quote",
        },
      ],
    });
    expect(f.cost.cloud.offer).toBe("acme:box on-demand");
    expect(f.cost.cloud.perGpuHour).toBe(2);
  });

  it("rejects contradictions with a message naming the flag", () => {
    expect(() => estimate({ params: 7e9, tokens: 1e9, gpu: "h100-sxm", gpus: 12, tp: 8 })).toThrow(EstimateError);
    expect(() => estimate({ params: 7e9, tokens: 1e9, gpu: "h100-sxm", gpus: 8, tflops: 2000 })).toThrow(/peak/);
    expect(() => estimate({ tokens: 1e9, gpu: "h100-sxm", gpus: 8 })).toThrow(/--params/);
    expect(() => estimate({ params: 7e9, tokens: 1e9, gpu: "h100-sxm", gpus: 8, globalBatch: 12 })).toThrow(
      /--global-batch/,
    );
  });
});

describe("jobsFromWorkloads", () => {
  const yaml = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: llama, namespace: ml}
spec:
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      template:
        metadata:
          annotations: {k8s.v1.cni.cncf.io/networks: ib-net}
        spec:
          nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
          containers:
            - name: pytorch
              image: img
              resources:
                limits: {nvidia.com/gpu: 8, rdma/rdma_shared_device_a: 1}
    Worker:
      replicas: 3
      template:
        metadata:
          annotations: {k8s.v1.cni.cncf.io/networks: ib-net}
        spec:
          nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
          containers:
            - name: pytorch
              image: img
              resources:
                limits: {nvidia.com/gpu: 8, rdma/rdma_shared_device_a: 1}
---
apiVersion: v1
kind: Service
metadata: {name: svc}
spec: {ports: [{port: 80}]}
`;
  const jobsOf = (text: string) => jobsFromWorkloads(buildSet([new SourceFile("job.yaml", text)]).set.workloads);

  it("reads GPU count, GPUs per node, product and RDMA network", () => {
    const [job, ...rest] = jobsOf(yaml);
    expect(rest).toHaveLength(0);
    expect(job).toMatchObject({
      name: "llama",
      gpus: 32,
      pods: 4,
      gpusPerNode: 8,
      gpu: "h100-sxm",
      interconnect: "ndr",
      gpuEvidence: "nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3",
    });
  });

  it("NCCL_IB_DISABLE=1 means TCP sockets", () => {
    const text = yaml.replace(
      "              image: img\n",
      '              image: img\n              env: [{name: NCCL_IB_DISABLE, value: "1"}]\n',
    );
    expect(jobsOf(text)[0]?.interconnect).toBe("eth-100");
  });

  it("no RDMA device and no secondary network: pod network", () => {
    const text = yaml
      .replaceAll(", rdma/rdma_shared_device_a: 1", "")
      .replaceAll("        metadata:\n          annotations: {k8s.v1.cni.cncf.io/networks: ib-net}\n", "");
    const [job] = jobsOf(text);
    expect(job?.interconnect).toBe("eth-25");
    expect(job?.networkEvidence.join(" ")).toMatch(/TCP sockets/);
  });

  it("reads the product from GKE and instance-type labels", () => {
    const gke = yaml.replaceAll(
      "nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3",
      "cloud.google.com/gke-accelerator: nvidia-a100-80gb",
    );
    expect(jobsOf(gke)[0]?.gpu).toBe("a100-80gb");
    const aws = yaml.replaceAll(
      "nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3",
      "node.kubernetes.io/instance-type: p5.48xlarge",
    );
    expect(jobsOf(aws)[0]).toMatchObject({ gpu: "h100-sxm", cloud: "aws:p5.48xlarge" });
  });
});

describe("dailyCost (for check's cost rule)", () => {
  it("prices a workload's GPU-hours per day at its requested size", () => {
    const d = dailyCost({
      kind: "PyTorchJob",
      name: "j",
      namespace: undefined,
      file: "f.yaml",
      gpus: 16,
      pods: 2,
      gpusPerPod: 8,
      gpusPerNode: 8,
      gpu: "h100-sxm",
      gpuEvidence: undefined,
      interconnect: undefined,
      networkEvidence: [],
      cloud: undefined,
    });
    expect(d.gpuHoursPerDay).toBe(384);
    expect(d.offer?.id).toBe("aws:p5.48xlarge");
    expect(d.cloudPerDay).toBeCloseTo((384 * 55.04) / 8, 6);
  });
});

describe("suggestFit", () => {
  it("175B on 1,024 A100 with plain data parallelism: ZeRO-3 is the first layout that fits (16Ψ/N = 2.73 GB)", () => {
    expect(suggestFit({ params: 175e9, tokens: 300e9, gpu: "a100-80gb", gpus: 1024, tflops: 140 })).toBe(
      "--zero 3 fits: 2.73 GB per GPU",
    );
  });
  it("nothing to suggest when no layout fits", () => {
    expect(
      suggestFit({ params: 10e12, tokens: 1e9, gpu: "v100", gpus: 8, layers: 200, hidden: 65536, heads: 128 }),
    ).toBe(undefined);
  });
});
