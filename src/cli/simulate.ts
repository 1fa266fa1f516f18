/**
 * `mlgate simulate`: submit the given workloads together to a cluster and say, per workload,
 * whether and where it starts when its pods are bound one at a time (the default scheduler) and
 * when it is admitted whole (gang scheduling), with the GPUs left idle by fragmentation and the
 * deadlock, if any. The engine and its verdict are src/cluster/simulate.ts, the reports
 * src/report/simulate.ts; this module is the I/O edge, and maps the verdict to the exit code.
 *
 * Exit codes: 0 every workload starts with gang admission, 1 one does not (it can never start on
 * this cluster, whatever the scheduler), 2 usage or input errors.
 */

import { type Command, Option } from "commander";
import { buildSet } from "../check.js";
import { readInventory } from "../cluster/read.js";
import { type Strategy, simulate, simulationVerdict, skipReason } from "../cluster/simulate.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../load/sources.js";
import { problemText } from "../load/types.js";
import { readKueue } from "../model/kueue.js";
import { formatSimulationHtml } from "../report/html-simulate.js";
import {
  formatSimulationJson,
  formatSimulationMarkdown,
  formatSimulationText,
  type SimulationReport,
  simulationHeader,
} from "../report/simulate.js";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, runCommand, UsageError } from "./usage.js";

const EXIT_NEVER_STARTS = EXIT_FINDINGS;

/** A flag or input the user must fix; printed as `mlgate: simulate: …`, exit 2. */

interface Flags {
  cluster?: string;
  pods?: string;
  strategy: Strategy;
  format: "text" | "json" | "markdown" | "html";
}

/** What the simulation read and found, before its verdict. */
type Simulated = Omit<SimulationReport, "verdict" | "exitCode">;

function simulateFiles(paths: string[], f: Flags, io: CliIo): Simulated {
  if (paths.length === 0)
    throw new UsageError(
      "give the manifests of the workloads to submit together (files, directories, or - for standard input)",
    );
  if (!f.cluster)
    throw new UsageError(
      f.pods
        ? "--pods needs --cluster: give the nodes the pods run on"
        : "give the cluster with --cluster nodes.json (`kubectl get nodes -o json`, or a node pool inventory: docs/cluster.md)",
    );
  const inventory = readInventory(f.cluster, f.pods, io.cwd);
  const read = readSources(paths, {
    cwd: io.cwd,
    exclude: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    readStdin: io.readStdin,
  });
  if (read.missing.length > 0)
    throw new UsageError(read.missing.map((m) => `${m}: no such file or directory`).join("\n"));
  const { set, problems } = buildSet(read.files);
  const bad = [...read.problems, ...problems];
  // A workload that cannot be read changes what the others compete with: refuse rather than guess.
  if (bad.length > 0)
    throw new UsageError(
      `cannot read every manifest, so the simulation would leave workloads out:\n${bad.map(problemText).join("\n")}`,
    );
  if (set.workloads.length === 0) throw new UsageError(`no workload that creates pods in ${paths.join(", ")}`);
  const result = simulate(set.workloads, inventory, f.strategy, readKueue(set.resources));
  if (result.workloads.length === 0)
    throw new UsageError(`nothing to simulate: ${result.skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")}`);
  return { result, inventory, workloads: set.workloads.filter((w) => skipReason(w) === undefined) };
}

function run(paths: string[], f: Flags, io: CliIo): number {
  const simulated = simulateFiles(paths, f, io);
  const verdict = simulationVerdict(simulated.result, simulated.workloads);
  const exitCode = verdict.ok ? EXIT_OK : EXIT_NEVER_STARTS;
  const r: SimulationReport = { ...simulated, verdict, exitCode };
  if (f.format === "json") io.stdout(formatSimulationJson(r));
  else if (f.format === "markdown") io.stdout(formatSimulationMarkdown(r));
  else if (f.format === "html") io.stdout(formatSimulationHtml(r.result, simulationHeader(r)));
  else io.stdout(formatSimulationText(r));
  return exitCode;
}

/** Adds `mlgate simulate` to the program. */
export function registerSimulate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("simulate")
    .description(
      "submit workloads together to a cluster: whether and where each starts with and without gang scheduling, fragmentation, deadlock (exit 1 when one never starts even admitted whole, or workloads that are not gang-scheduled deadlock)",
    )
    .argument("[paths...]", "manifests of the workloads, in submission order (files, directories, - for stdin)")
    .option(
      "--cluster <file>",
      "the cluster: `kubectl get nodes -o json`, or a node pool inventory (docs/cluster.md); required",
    )
    .option("--pods <file>", "what already runs, from `kubectl get pods -A -o json`")
    .addOption(
      new Option("--strategy <strategy>", "node scoring: least-allocated (spread) or most-allocated (binpack)")
        .choices(["spread", "binpack"])
        .default("spread"),
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "markdown", "html"])
        .default("text"),
    )
    .action((paths: string[], flags: Flags) => runCommand("simulate", io, setExit, () => run(paths, flags, io)));
}
