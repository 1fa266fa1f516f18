import { describe, expect, it } from "vitest";
import { GPU_IDS, GPUS, gpuFromProductLabel } from "../catalog/gpus.js";
import { INTERCONNECT_IDS, INTERCONNECTS, nodeNetworkBytesPerSecond } from "../catalog/interconnects.js";
import { DEFAULT_INSTANCE, INSTANCE_PRICES, SERVER_PRICES, validatePriceRows } from "../catalog/prices.js";

describe("catalogs: cited data", () => {
  it("has exactly the GPU ids the CLI documents", () => {
    expect(GPU_IDS.sort()).toEqual(
      [
        "v100",
        "a100-40gb",
        "a100-80gb",
        "h100-sxm",
        "h100-pcie",
        "h200",
        "b200",
        "gb200",
        "mi250x",
        "mi300x",
        "mi325x",
        "tpu-v4",
        "tpu-v5e",
        "tpu-v5p",
        "l4",
        "l40s",
        "a10",
        "t4",
        "a10g",
        "rtx-6000-ada",
        "h20",
        "gaudi3",
        "inferentia2",
        "trainium",
        "trainium2",
      ].sort(),
    );
    expect(INTERCONNECT_IDS.sort()).toEqual(
      ["ndr", "hdr", "xdr", "roce-400", "roce-200", "efa", "eth-100", "eth-25"].sort(),
    );
  });

  it("every row carries a source and a date", () => {
    for (const g of Object.values(GPUS)) {
      expect(g.source.length, g.id).toBeGreaterThan(10);
      expect(g.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(g.bf16Tflops).toBeGreaterThan(0);
    }
    for (const n of Object.values(INTERCONNECTS)) expect(n.source.length, n.id).toBeGreaterThan(10);
    for (const p of INSTANCE_PRICES) {
      expect(p.source.length, p.id).toBeGreaterThan(5);
      expect(p.observed, p.id).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
      expect(p.id.startsWith(`${p.provider}:`), p.id).toBe(true);
    }
    for (const s of Object.values(SERVER_PRICES)) expect(s?.observed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const id of Object.values(DEFAULT_INSTANCE)) expect(INSTANCE_PRICES.map((p) => p.id)).toContain(id);
  });

  it("published figures: SC21's A100 peak, the H100's dense peak, Selene's 8 × 200 Gb/s HDR", () => {
    expect(GPUS["a100-80gb"].bf16Tflops).toBe(312);
    expect(GPUS["h100-sxm"].bf16Tflops).toBe(989);
    expect(nodeNetworkBytesPerSecond(INTERCONNECTS.hdr) / INTERCONNECTS.hdr.efficiency).toBe(200e9);
  });

  it("Llama 3 Table 4: 430 TFLOP/s per H100 is the published 43% BF16 MFU of the catalog's dense peak", () => {
    expect(Math.round((430 / GPUS["h100-sxm"].bf16Tflops) * 100)).toBe(43);
    // SC21 Table 1: 163 TFLOP/s per A100 is "52% of peak".
    expect(Math.round((163 / GPUS["a100-80gb"].bf16Tflops) * 100)).toBe(52);
  });

  // MosaicML llm-foundry benchmarking README: MFU = (3·flops_per_seq + 3·attn_flops_per_seq)·seq/s / (gpus·peak),
  // flops_per_token = 2·n_params, attn_flops_per_seq = n_layers·2·2·d_model·seq_len²; MPT-7B: 32 layers, d_model 4096.
  it.each([
    ["h100-sxm", 10643, 46.44],
    ["a100-80gb", 4641, 64.23],
  ] as const)("llm-foundry 7B table: %s at %i tokens/s/GPU → MFU %f%% with the catalog's peak", (gpu, tokS, mfuPct) => {
    const nParams = 6_658_859_008;
    const seq = 2048;
    const perToken = 3 * 2 * nParams + (3 * (32 * 2 * 2 * 4096 * seq * seq)) / seq;
    const mfu = ((perToken * tokS) / (GPUS[gpu].bf16Tflops * 1e12)) * 100;
    expect(Math.abs(mfu - mfuPct)).toBeLessThan(0.05);
  });

  it.each([
    ["NVIDIA-H100-80GB-HBM3", "h100-sxm"],
    ["NVIDIA-H100-PCIe", "h100-pcie"],
    ["NVIDIA-A100-SXM4-80GB", "a100-80gb"],
    ["NVIDIA-A100-SXM4-40GB", "a100-40gb"],
    ["nvidia-tesla-a100", "a100-40gb"],
    ["Tesla-V100-SXM2-32GB", "v100"],
    ["nvidia-h200-141gb", "h200"],
    ["NVIDIA-GB200", "gb200"],
    ["tpu-v5-lite-podslice", "tpu-v5e"],
    ["tpu-v5p-slice", "tpu-v5p"],
    ["AMD_Instinct_MI300X", "mi300x"],
    ["NVIDIA-L4", "l4"],
    ["nvidia-l4", "l4"],
    ["NVIDIA-L40S", "l40s"],
    ["NVIDIA-A10", "a10"],
    ["Tesla-T4", "t4"],
    ["nvidia-tesla-t4", "t4"],
    ["NVIDIA-A10G", "a10g"],
    ["a10g", "a10g"],
    ["NVIDIA-RTX-6000-Ada-Generation", "rtx-6000-ada"],
    ["NVIDIA-H20", "h20"],
    ["nvidia-h200-141gb", "h200"],
    ["HL-325L", "gaudi3"],
    ["inferentia2", "inferentia2"],
    ["trainium2", "trainium2"],
    ["trainium", "trainium"],
  ])("node label %s → %s", (label, id) => expect(gpuFromProductLabel(label)).toBe(id));

  it.each(["NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition", "NVIDIA-H800", "Radeon-Pro-V710"])(
    "%s is an unknown product, not read as another GPU",
    (label) => expect(gpuFromProductLabel(label)).toBeUndefined(),
  );

  it("inference GPUs are priced from dated, cited instance prices; a GPU with no listed price has none", () => {
    for (const gpu of ["l4", "l40s", "a10g", "a10", "t4", "mi300x", "inferentia2", "trainium"] as const) {
      const offer = INSTANCE_PRICES.find((p) => p.id === DEFAULT_INSTANCE[gpu]);
      expect(offer?.gpu, gpu).toBe(gpu);
      expect(offer?.observed, gpu).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // g6.48xlarge: 8 × L4 at $13.3504/h (Karpenter's generated AWS price table, 2026-07-20).
    expect(INSTANCE_PRICES.find((p) => p.id === "aws:g6.48xlarge")).toMatchObject({
      gpu: "l4",
      gpus: 8,
      onDemandPerHour: 13.3504,
    });
    for (const gpu of ["h20", "gaudi3", "rtx-6000-ada"] as const) {
      expect(DEFAULT_INSTANCE[gpu]).toBeUndefined();
      expect(INSTANCE_PRICES.some((p) => p.gpu === gpu)).toBe(false);
    }
  });

  it.each(["nvidia-l40", "NVIDIA-A100-SXM4-80GB-MIG-1g.10gb"])(
    "%s is not read as an inference GPU it is not",
    (label) => expect(["l4", "l40s", "a10", "t4"]).not.toContain(gpuFromProductLabel(label)),
  );

  it("validates a user price file", () => {
    expect(validatePriceRows({})).toMatch(/array/);
    expect(validatePriceRows([{ provider: "a" }])).toMatch(/instance/);
    const ok = validatePriceRows([
      { provider: "a", instance: "b", gpu: "h100-sxm", gpus: 8, onDemandPerHour: 10, observed: "2026", source: "s" },
    ]);
    expect(Array.isArray(ok) && ok[0]?.id).toBe("a:b");
  });
});
