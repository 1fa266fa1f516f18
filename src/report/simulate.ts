/**
 * The reports of `mlgate simulate`: text, Markdown and JSON (docs/schema/simulate.schema.json;
 * the HTML page is html-simulate.ts). They format what the simulator found (src/cluster/simulate.ts)
 * and its verdict; the exit code that goes with the verdict is the command's (src/cli/simulate.ts),
 * given here only to be shown.
 */
import type { RunOutcome, SimulatedWorkload, SimulationResult, SimulationVerdict } from "../cluster/simulate.js";
import type { ClusterInventory } from "../cluster/types.js";
import type { Workload } from "../model/workload.js";
import { VERSION } from "../version.js";

/** Version of the `--format json` output; bump it when a field changes meaning or goes away. */
export const SIMULATE_JSON_VERSION = 1;

/** What the reports show: the simulator's result, the cluster, the verdict and the command's exit code for it. */
export interface SimulationReport {
  result: SimulationResult;
  inventory: ClusterInventory;
  /** The simulated workloads, index for index with result.workloads. */
  workloads: Workload[];
  verdict: SimulationVerdict;
  exitCode: number;
}

// Words shared by the text and Markdown reports.

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function podCount(w: Workload): number {
  return w.podGroups.reduce((s, g) => s + (g.replicas ?? 0), 0);
}

/** `h100-0 (Worker-0), h100-1 (Worker-1)`; long placements are cut after a few nodes. */
function placementText(placement: RunOutcome["placement"], maxNodes = 4): string {
  const byNode = new Map<string, string[]>();
  for (const p of placement) {
    const pods = byNode.get(p.node);
    if (pods) pods.push(p.pod);
    else byNode.set(p.node, [p.pod]);
  }
  const parts = [...byNode].map(
    ([node, pods]) => `${node} (${pods.length > 3 ? `${pods.length} pods` : pods.join(", ")})`,
  );
  if (parts.length <= maxNodes) return parts.join(", ");
  return `${parts.slice(0, maxNodes).join(", ")}, … ${parts.length} nodes in all`;
}

function heldText(o: RunOutcome): string {
  const what = o.heldGpus > 0 ? plural(o.heldGpus, "GPU") : plural(o.placement.length, "pod");
  return `holds ${what} on ${placementText(o.placement)} and waits for the rest`;
}

/** One run's outcome for one workload, in words. */
function outcomeText(o: RunOutcome, gang: boolean, r: SimulationReport): string {
  if (o.starts)
    return `${o.atSubmission ? "starts at submission" : `starts once earlier workloads finish${o.queue ? ` (${o.queue})` : ""}`}, on ${placementText(o.placement)}`;
  if (o.queue && o.placement.length === 0) return `never starts: ${o.queue}`;
  if (!gang && o.placement.length > 0) return `never starts: ${heldText(o)}`;
  if (!gang) return "never starts: none of its pods can be placed";
  return r.inventory.hasPods
    ? "never starts: the cluster cannot hold it whole beside the pods already running"
    : "never starts: the cluster cannot hold it whole";
}

function deadlockText(r: SimulationReport): string | undefined {
  const d = r.result.cluster.deadlock;
  if (!d) return undefined;
  const held = d.workloads.map((w) => `${w} holds ${plural(d.heldGpus[w] ?? 0, "GPU")}`);
  return `${held.join(", ")}; each waits for GPUs another holds, and none can proceed`;
}

/** Advice for a deadlock, naming the deadlocked workloads that are not gang-scheduled. */
function deadlockFix(r: SimulationReport): string | undefined {
  const d = r.result.cluster.deadlock;
  if (!d) return undefined;
  const notGang = r.verdict.deadlockedWithoutGang;
  const admitted = r.result.workloads.filter((w) => d.workloads.includes(w.name)).every((w) => w.startsWithGang);
  const outcome = admitted
    ? "With gang admission each is admitted whole or waits without holding GPUs, and all of them start."
    : "Gang admission avoids holding GPUs while waiting, but not every one of them fits even then.";
  const who =
    notGang.length === 0
      ? "The deadlocked workloads declare gang scheduling; check that the gang scheduler they name runs in the cluster."
      : `Not gang-scheduled: ${notGang.join(", ")}. Give them a gang scheduler (runPolicy.schedulingPolicy.minAvailable with Volcano or scheduler-plugins coscheduling, Volcano minAvailable, or a Kueue queue).`;
  return `${outcome} ${who}`;
}

function summaryLine(used: number, total: number, idle: number): string {
  return `${used} of ${plural(total, "GPU")} in use at submission, ${idle} idle by fragmentation`;
}

/** The verdict in words, with the exit code the command gives it. */
function verdict(r: SimulationReport): string {
  const { neverStart: never, deadlockedWithoutGang: stuck } = r.verdict;
  if (never.length === 0 && stuck.length > 0) {
    return `every workload would start with gang admission, but as written ${stuck.join(", ")} ${stuck.length === 1 ? "is" : "are"} not gang-scheduled and deadlock (exit ${r.exitCode})`;
  }
  if (never.length === 0) return `every workload starts with gang admission (exit ${r.exitCode})`;
  const where = r.inventory.hasPods ? "beside the pods already running" : "on this cluster";
  return `${plural(never.length, "workload")} never start${never.length === 1 ? "s" : ""} ${where}, even admitted whole: ${never.join(", ")}; \`mlgate check --cluster\` says why (exit ${r.exitCode})`;
}

/** `3 workloads submitted together to nodes.json (4 nodes, 32 GPUs), strategy spread`. */
export function simulationHeader(r: Pick<SimulationReport, "result" | "inventory">): string {
  const { result, inventory } = r;
  const src = inventory.source;
  return `${plural(result.workloads.length, "workload")} submitted together to ${src} (${plural(inventory.nodes.length, "node")}, ${plural(result.cluster.gpusTotal, "GPU")}), strategy ${result.strategy}`;
}

// Formats.

export function formatSimulationText(r: SimulationReport): string {
  const { result } = r;
  const out: string[] = [`mlgate simulate: ${simulationHeader(r)}`, ""];
  result.workloads.forEach((sw, i) => {
    const w = r.workloads[i] as Workload;
    out.push(`${sw.name}  ${plural(sw.gpus, "GPU")}, ${plural(podCount(w), "pod")}  (${w.resource.doc.file.path})`);
    out.push(`  without gang scheduling  ${outcomeText(sw.withoutGang, false, r)}`);
    out.push(`  with gang admission      ${outcomeText(sw.withGang, true, r)}`);
    out.push("");
  });
  const c = result.cluster;
  const dl = deadlockText(r);
  out.push(
    `Without gang scheduling: ${dl ? `DEADLOCK. ${dl}.` : "no deadlock."} ${summaryLine(c.gpusUsed, c.gpusTotal, c.gpusIdleFragmented)}.`,
  );
  out.push(`With gang admission: ${summaryLine(c.withGang.gpusUsed, c.gpusTotal, c.withGang.gpusIdleFragmented)}.`);
  const fix = deadlockFix(r);
  if (fix) out.push(`Fix: ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`);
  if (c.gpusIdleFragmented > 0 && result.strategy === "spread")
    out.push(
      `Fragmentation: spreading pods leaves GPUs free where no waiting pod fits; compare --strategy binpack (most-allocated scoring).`,
    );
  for (const s of result.skipped) out.push(`Not simulated: ${s.name}: ${s.reason}.`);
  out.push("", `Result: ${verdict(r)}.`, "");
  return out.join("\n");
}

const md = (s: string) => s.replace(/\|/g, "\\|");

function outcomeCell(o: RunOutcome, gang: boolean, r: SimulationReport): string {
  const t = outcomeText(o, gang, r);
  return md(o.starts ? t : `**${t}**`);
}

export function formatSimulationMarkdown(r: SimulationReport): string {
  const { result } = r;
  const c = result.cluster;
  const never = result.workloads.some((w) => !w.startsWithGang);
  const title = never
    ? "a workload never starts on this cluster"
    : c.deadlock
      ? "deadlock without gang scheduling, none with it"
      : "every workload starts";
  const out: string[] = [
    `### mlgate simulate: ${title}`,
    "",
    `${md(simulationHeader(r))}.`,
    "",
    "| Workload | GPUs | Without gang scheduling | With gang admission |",
    "| --- | ---: | --- | --- |",
  ];
  for (const sw of result.workloads)
    out.push(
      `| \`${sw.name}\` | ${sw.gpus} | ${outcomeCell(sw.withoutGang, false, r)} | ${outcomeCell(sw.withGang, true, r)} |`,
    );
  out.push(
    "",
    "| Cluster at submission | Without gang scheduling | With gang admission |",
    "| --- | ---: | ---: |",
    `| GPUs in use | ${c.gpusUsed} of ${c.gpusTotal} | ${c.withGang.gpusUsed} of ${c.gpusTotal} |`,
    `| GPUs idle by fragmentation | ${c.gpusIdleFragmented} | ${c.withGang.gpusIdleFragmented} |`,
    `| Deadlock | ${c.deadlock ? `**yes**: ${md(c.deadlock.workloads.join(", "))}` : "no"} | no |`,
    "",
  );
  const dl = deadlockText(r);
  if (dl) out.push(`**Deadlock without gang scheduling:** ${md(dl)}. ${md(deadlockFix(r) ?? "")}`, "");
  for (const s of result.skipped) out.push(`Not simulated: \`${s.name}\`: ${md(s.reason)}.`, "");
  out.push(`Result: ${md(verdict(r))}.`, "");
  return out.join("\n");
}

/** The JSON report: the issue's fields per workload and for the cluster, in a versioned object. */
export function formatSimulationJson(r: SimulationReport): string {
  const { result } = r;
  const c = result.cluster;
  const run = (o: RunOutcome) => ({
    starts: o.starts ? (o.atSubmission ? "at-submission" : "after-others-finish") : "never",
    placement: o.placement.map((p) => ({ pod: p.pod, node: p.node })),
    ...(o.heldGpus > 0 ? { heldGpus: o.heldGpus } : {}),
    ...(o.queue ? { queue: o.queue } : {}),
  });
  const strip = (w: SimulatedWorkload, i: number) => {
    const res = (r.workloads[i] as Workload).resource;
    return {
      name: w.name,
      kind: w.kind,
      resource: res.ref,
      gpus: w.gpus,
      startsWithGang: w.startsWithGang,
      startsWithoutGang: w.startsWithoutGang,
      withGang: run(w.withGang),
      withoutGang: run(w.withoutGang),
      placement: w.placement.map((p) => ({ pod: p.pod, node: p.node })),
      reason: w.reason,
    };
  };
  return `${JSON.stringify(
    {
      version: SIMULATE_JSON_VERSION,
      tool: { name: "mlgate", version: VERSION },
      strategy: result.strategy,
      cluster: {
        gpusTotal: c.gpusTotal,
        gpusUsed: c.gpusUsed,
        gpusIdleFragmented: c.gpusIdleFragmented,
        deadlock: c.deadlock ? { workloads: c.deadlock.workloads, heldGpus: c.deadlock.heldGpus } : null,
      },
      withGang: { gpusUsed: c.withGang.gpusUsed, gpusIdleFragmented: c.withGang.gpusIdleFragmented },
      workloads: result.workloads.map(strip),
      skipped: result.skipped,
    },
    null,
    2,
  )}\n`;
}
