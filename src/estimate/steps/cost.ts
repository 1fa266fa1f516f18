// Step 10 of the estimate: what the GPU-hours cost on a cloud offer and on owned servers, and the
// utilisation above which owning is cheaper.
import type { GpuSpec } from "../../catalog/gpus.js";
import { BARE_METAL_DEFAULTS, DEFAULT_INSTANCE, INSTANCE_PRICES, SERVER_PRICES } from "../../catalog/prices.js";
import { CITATIONS } from "../citations.js";
import { bareMetalServerHour, breakEvenUtilization } from "../formulas.js";
import { type Estimate, EstimateError, type EstimateInput } from "../types.js";
import { fmt, type Working } from "../working.js";
import type { Layout } from "./layout.js";

export type Cost = Estimate["cost"];

export function costOf(input: EstimateInput, gpu: GpuSpec, j: Layout & { gpuHours: number }, w: Working): Cost {
  const { gpusPerNode, nodes, gpuHours } = j;
  const table = input.prices ?? INSTANCE_PRICES;
  let cloud: Estimate["cost"]["cloud"];
  let cloudPerGpuHour: number | null = null;
  if (input.pricePerGpuHour !== undefined) {
    cloudPerGpuHour = input.pricePerGpuHour;
    cloud = {
      total: gpuHours * cloudPerGpuHour,
      perGpuHour: cloudPerGpuHour,
      offer: "--price-per-gpu-hour",
      observed: null,
    };
  } else {
    let offerId = input.cloud;
    if (offerId === undefined) {
      offerId = input.prices ? table.find((p) => p.gpu === gpu.id)?.id : DEFAULT_INSTANCE[gpu.id];
      if (offerId)
        w.assume(
          "cloud",
          offerId,
          input.prices
            ? "the first row for this GPU in --price-file"
            : "the first-listed hyperscaler instance for this GPU",
        );
    }
    const offer = offerId ? table.find((p) => p.id.toLowerCase() === offerId.toLowerCase()) : undefined;
    if (offerId && !offer)
      throw new EstimateError(`unknown cloud offer "${offerId}"; known: ${table.map((p) => p.id).join(", ")}`);
    if (offer) {
      if (offer.gpu !== gpu.id) w.warn(`--cloud ${offer.id} has ${offer.gpu} GPUs, not ${gpu.id}; priced as given`);
      const commitment = input.commitment ?? w.assume("commitment", "on-demand", "on-demand price unless --commitment");
      const perGpu =
        commitment === "1y"
          ? offer.commit1yPerGpuHour
          : commitment === "3y"
            ? offer.commit3yPerGpuHour
            : offer.onDemandPerHour / offer.gpus;
      if (perGpu === undefined)
        throw new EstimateError(`${offer.id} has no published ${commitment} committed-use price`);
      cloudPerGpuHour = perGpu;
      cloud = {
        total: gpuHours * perGpu,
        perGpuHour: perGpu,
        offer: `${offer.id} ${commitment}`,
        observed: offer.observed,
        note: offer.source,
      };
    } else {
      cloud = {
        total: null,
        perGpuHour: null,
        offer: null,
        observed: null,
        note: `no cloud price in the table for ${gpu.id}: give --cloud or --price-per-gpu-hour`,
      };
    }
  }
  if (cloud.total !== null)
    w.step({
      section: "cost",
      label: "cloud cost",
      value: cloud.total,
      unit: "USD",
      formula: `GPU-hours × $${fmt(cloud.perGpuHour as number)}/GPU-h (${cloud.offer}${cloud.observed ? `, price observed ${cloud.observed}` : ""})`,
    });

  const bm = BARE_METAL_DEFAULTS;
  const catalogServer = SERVER_PRICES[gpu.id];
  const serverPrice =
    input.serverPrice ??
    (catalogServer
      ? w.assume(
          "serverPrice",
          Math.round((catalogServer.usd / 8) * gpusPerNode),
          `${catalogServer.source}, observed ${catalogServer.observed}${gpusPerNode !== 8 ? "; scaled per GPU" : ""}`,
        )
      : undefined);
  const utilization = input.utilization ?? w.assume("utilization", bm.utilization.value, bm.utilization.source);
  let bareMetal: Estimate["cost"]["bareMetal"];
  let breakEven: number | null = null;
  const unpriced = (note: string): Estimate["cost"]["bareMetal"] => ({
    total: null,
    perGpuHour: null,
    serverHour: null,
    utilization,
    note,
  });
  if (serverPrice === undefined) {
    bareMetal = unpriced(`no published server price for ${gpu.id} in the catalog: give --server-price`);
  } else {
    const amortizeYears =
      input.amortizeYears ?? w.assume("amortizeYears", bm.amortizeYears.value, bm.amortizeYears.source);
    const pue = input.pue ?? w.assume("pue", bm.pue.value, bm.pue.source);
    const kwhPrice = input.kwhPrice ?? w.assume("kwhPrice", bm.kwhPrice.value, bm.kwhPrice.source);
    const coloPerMonth =
      input.coloPerMonth ??
      w.assume(
        "coloPerMonth",
        bm.coloPerGpuMonth.value * gpusPerNode,
        `${bm.coloPerGpuMonth.source} × ${gpusPerNode} GPUs`,
      );
    // The cluster fabric is capital only a job spanning nodes needs; one server has none to pay for.
    const networkShare =
      input.networkShare ??
      (nodes > 1
        ? w.assume("networkShare", bm.networkShare.value, `${bm.networkShare.source} (the job spans ${nodes} nodes)`)
        : w.assume("networkShare", 0, "0: the job fits in one server, so no cluster network is bought for it"));
    let serverKw = input.serverKw;
    if (serverKw === undefined) {
      if (gpu.serverKw !== undefined && gpusPerNode === 8) serverKw = w.assume("serverKw", gpu.serverKw, gpu.source);
      else if (gpu.tdpW !== undefined)
        serverKw = w.assume(
          "serverKw",
          (gpusPerNode * gpu.tdpW + bm.hostW.value) / 1000,
          `${gpusPerNode} × ${gpu.tdpW} W TDP + ${bm.hostW.value} W; ${bm.hostW.source}`,
        );
    }
    if (serverKw === undefined) {
      bareMetal = unpriced(`no power figure for ${gpu.id}: give --server-kw`);
    } else {
      const serverHour = bareMetalServerHour({
        serverPrice,
        networkShare,
        amortizeYears,
        coloPerMonth,
        serverKw,
        pue,
        kwhPrice,
      });
      const perGpuHour = serverHour.total / (gpusPerNode * utilization);
      bareMetal = { total: gpuHours * perGpuHour, perGpuHour, serverHour, utilization };
      for (const c of [CITATIONS.amortisation, CITATIONS.pue, CITATIONS.utilisation]) w.cite(c);
      if (networkShare > 0) w.cite(CITATIONS.networkShare);
      w.step({
        section: "cost",
        label: "bare-metal server-hour",
        value: serverHour.total,
        unit: "USD",
        formula: `capital $${fmt(serverPrice)}${networkShare > 0 ? `/(1−${networkShare} network share)` : ""}/(${amortizeYears}·8766 h) = $${fmt(serverHour.capital)} + colo $${fmt(coloPerMonth)}·12/8766 = $${fmt(serverHour.colo)} + power ${fmt(serverKw)} kW × PUE ${pue} × $${kwhPrice}/kWh = $${fmt(serverHour.power)}`,
      });
      w.step({
        section: "cost",
        label: "bare-metal cost per used GPU-hour",
        value: perGpuHour,
        unit: "USD",
        formula: `server-hour / (${gpusPerNode} GPUs × ${utilization} utilisation)`,
      });
      w.step({
        section: "cost",
        label: "bare-metal cost",
        value: bareMetal.total as number,
        unit: "USD",
        formula: "GPU-hours × bare-metal cost per used GPU-hour",
      });
      if (cloudPerGpuHour !== null) {
        breakEven = breakEvenUtilization(serverHour.total, gpusPerNode, cloudPerGpuHour);
        w.step({
          section: "cost",
          label: "break-even utilisation",
          value: breakEven,
          unit: "ratio",
          formula: `server-hour / (${gpusPerNode} × cloud $${fmt(cloudPerGpuHour)}/GPU-h): bare metal is cheaper when its servers are busy more than this${breakEven > 1 ? " — never, at these prices" : ""}`,
        });
      }
    }
  }
  return { cloud, bareMetal, breakEvenUtilization: breakEven };
}
