/**
 * Reads a container's command and args into the distributed launchers and model servers they
 * start: torchrun (`python -m torch.distributed.run|launch`), deepspeed, `accelerate launch`, vLLM
 * (`vllm serve`, `python -m vllm.entrypoints.openai.api_server`), SGLang
 * (`python -m sglang.launch_server`) and TGI (`text-generation-launcher`). Both the list form and
 * shell scripts (`bash -c "…"`, `sh -ec`, args holding the script) are understood. A pure parser:
 * it never throws, and what it cannot read it leaves out.
 */
import type { Path } from "./path.js";
import { asString, type JsonObject } from "./resource.js";
import { perObject } from "./set-index.js";
import { shellSplit } from "./shell.js";

// Re-exported for the readers that split scripts beside launchers (serving.ts).
export { shellSplit } from "./shell.js";

import type { ContainerView } from "./workload.js";

export type LauncherKind = "torchrun" | "deepspeed" | "accelerate" | "vllm" | "sglang" | "tgi";

export interface LauncherOption {
  /** Normalised name: no leading dashes, `_` → `-` (`--nproc_per_node` → `nproc-per-node`). */
  name: string;
  /** The option as written, `--nproc_per_node`. */
  raw: string;
  value: string | undefined;
  /** Path of the YAML string that holds the value (else the option): a list element, or the whole script. */
  path: Path;
}

export interface LauncherInvocation {
  kind: LauncherKind;
  /** How it was started, for messages: `torchrun`, `python -m vllm.entrypoints.openai.api_server`, `vllm image`. */
  label: string;
  /** Path of the YAML string holding the launcher word. */
  path: Path;
  options: LauncherOption[];
  /** A model server's words that are not options or their values (`vllm serve MODEL`): empty for script launchers. */
  positionals: Token[];
  /** True when read from a shell script rather than a list of arguments. */
  fromScript: boolean;
}

/** A word of a command line, with the path of the YAML string that holds it. */
export interface Token {
  text: string;
  path: Path;
}

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ash", "ksh"]);
/** Words that may precede the command itself. */
const PREFIX_WORDS = new Set(["exec", "time", "nohup", "then", "do", "else", "{", "!", "command", "stdbuf"]);

const MODULES: Record<string, LauncherKind> = {
  "torch.distributed.run": "torchrun",
  "torch.distributed.launch": "torchrun",
  "deepspeed.launcher.runner": "deepspeed",
  "accelerate.commands.launch": "accelerate",
  "vllm.entrypoints.openai.api_server": "vllm",
  "vllm.entrypoints.api_server": "vllm",
  "sglang.launch_server": "sglang",
};

/**
 * Options of the script launchers that take no value; every other option of theirs takes one.
 * torchrun: torch/distributed/run.py; deepspeed: deepspeed/launcher/runner.py; accelerate:
 * accelerate/commands/launch.py (read 2026-11-29).
 */
const FLAGS: Record<"torchrun" | "deepspeed" | "accelerate", ReadonlySet<string>> = {
  torchrun: new Set(["standalone", "no-python", "module", "m", "run-path", "use-env", "virtual-local-rank"]),
  deepspeed: new Set([
    "no-ssh",
    "no-ssh-check",
    "no-local-rank",
    "no-python",
    "module",
    "force-multi",
    "save-pid",
    "elastic-training",
    "bind-cores-to-rank",
    "enable-each-rank-log",
  ]),
  accelerate: new Set([
    "cpu",
    "multi-gpu",
    "tpu",
    "ipex",
    "use-xpu",
    "use-deepspeed",
    "use-fsdp",
    "use-megatron-lm",
    "module",
    "m",
    "no-python",
    "debug",
    "quiet",
    "q",
    "same-network",
    "enable-cpu-affinity",
    "tpu-use-cluster",
    "tpu-use-sudo",
  ]),
};

function basename(word: string): string {
  const i = word.lastIndexOf("/");
  return i >= 0 ? word.slice(i + 1) : word;
}

function normalise(opt: string): string {
  return opt.replace(/^-+/, "").replace(/_/g, "-");
}

function isOption(t: string): boolean {
  return t.startsWith("-") && t !== "-" && !/^-[0-9.]+$/.test(t);
}

/**
 * Option parsing for a launcher's own arguments (`rest` = the words after the launcher word): its
 * options and, for a model server, the words that are neither options nor their values. Exported
 * for servers started without a command line of their own (KServe's Hugging Face runtime passes a
 * predictor's `args` to vLLM).
 */
export function parseArguments(
  kind: LauncherKind,
  rest: readonly Token[],
): { options: LauncherOption[]; positionals: Token[] } {
  const out: LauncherOption[] = [];
  const positionals: Token[] = [];
  const flags = kind === "torchrun" || kind === "deepspeed" || kind === "accelerate" ? FLAGS[kind] : undefined;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i] as Token;
    if (t.text === "--") break;
    if (!isOption(t.text)) {
      // A script launcher's options end at the training script; a server has only options and a model.
      if (flags) break;
      positionals.push(t);
      continue;
    }
    const eq = t.text.indexOf("=");
    const raw = eq >= 0 ? t.text.slice(0, eq) : t.text;
    const name = normalise(raw);
    if (eq >= 0) {
      out.push({ name, raw, value: t.text.slice(eq + 1), path: t.path });
      continue;
    }
    const next = rest[i + 1];
    const takesValue = flags ? !flags.has(name) : next !== undefined && !isOption(next.text);
    if (takesValue && next !== undefined) {
      out.push({ name, raw, value: next.text, path: next.path });
      i++;
    } else {
      out.push({ name, raw, value: undefined, path: t.path });
    }
  }
  return { options: out, positionals };
}

/** Recognises the launcher a simple command starts, if any (exported for scripts/shell-compare.ts). */
export function launcherOf(words: Token[], fromScript: boolean): LauncherInvocation | undefined {
  let i = 0;
  // Skip env assignments and prefix words: `FOO=1 exec env A=2 torchrun …`.
  while (i < words.length) {
    const w = (words[i] as Token).text;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || PREFIX_WORDS.has(w) || w === "env") {
      i++;
      continue;
    }
    if ((w === "uv" || w === "poetry" || w === "pipenv") && words[i + 1]?.text === "run") {
      i += 2;
      continue;
    }
    break;
  }
  const head = words[i];
  if (!head) return undefined;
  const word = basename(head.text);
  const make = (kind: LauncherKind, label: string, restFrom: number): LauncherInvocation => ({
    kind,
    label,
    path: head.path,
    ...parseArguments(kind, words.slice(restFrom)),
    fromScript,
  });
  if (word === "torchrun") return make("torchrun", "torchrun", i + 1);
  if (word === "deepspeed") return make("deepspeed", "deepspeed", i + 1);
  if (word === "text-generation-launcher") return make("tgi", "text-generation-launcher", i + 1);
  if (word === "accelerate" && words[i + 1]?.text === "launch") return make("accelerate", "accelerate launch", i + 2);
  if (word === "vllm" && words[i + 1]?.text === "serve") return make("vllm", "vllm serve", i + 2);
  // SGLang's own command since 0.5 (docs.sglang.io "Launch server": `sglang serve --model-path …`).
  if (word === "sglang" && words[i + 1]?.text === "serve") return make("sglang", "sglang serve", i + 2);
  if (/^python[0-9.]*$/.test(word)) {
    let j = i + 1;
    while (j < words.length) {
      const w = (words[j] as Token).text;
      if (w === "-m") {
        const mod = words[j + 1]?.text;
        const kind = mod ? MODULES[mod] : undefined;
        return kind ? make(kind, `python -m ${mod}`, j + 2) : undefined;
      }
      if (w === "-X" || w === "-W") {
        j += 2;
        continue;
      }
      if (/^-[a-zA-Z]+$/.test(w)) {
        j++;
        continue;
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * An element of `command` or `args`. Its path is built when read, which happens only when a
 * launcher or one of its options points at it: most containers start no launcher, and a path
 * per word of every command line was most of what parsing them allocated.
 */
class ListToken implements Token {
  constructor(
    readonly text: string,
    private readonly containerPath: Path,
    private readonly field: "command" | "args",
    private readonly index: number,
  ) {}

  get path(): Path {
    return [...this.containerPath, this.field, this.index];
  }
}

export function stringList(v: unknown, containerPath: Path, field: "command" | "args"): Token[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Token[] = [];
  v.forEach((x, i) => {
    const s = asString(x) ?? (typeof x === "number" ? String(x) : undefined);
    if (s !== undefined) out.push(new ListToken(s, containerPath, field, i));
  });
  return out;
}

/** Images whose entrypoint is a model server, so that `args` alone are its options. */
const IMAGE_ENTRYPOINTS: { pattern: RegExp; kind: LauncherKind }[] = [
  { pattern: /(^|\/)vllm-openai(:|@|$)|(^|\/)vllm\/vllm-(openai|tpu)|(^|\/)rocm\/vllm(:|@|$)/, kind: "vllm" },
  { pattern: /(^|\/)text-generation-inference(:|@|$)/, kind: "tgi" },
];

/**
 * Every launcher a container starts, in order. `containerPath` is the container's path relative to
 * the resource; option paths point at the YAML strings that hold them.
 */
export function parseLaunchers(container: JsonObject, containerPath: Path): LauncherInvocation[] {
  return invocations(container, containerPath, commandsOf(container, containerPath));
}

function invocations(container: JsonObject, containerPath: Path, run: ContainerCommands): LauncherInvocation[] {
  const command = stringList(container.command, containerPath, "command");
  const args = stringList(container.args, containerPath, "args") ?? [];
  if (!command || command.length === 0) {
    const image = asString(container.image) ?? "";
    const entry = IMAGE_ENTRYPOINTS.find((e) => e.pattern.test(image));
    if (entry && args.length > 0 && !SHELLS.has(basename((args[0] as Token).text))) {
      return [
        {
          kind: entry.kind,
          label: `${entry.kind === "vllm" ? "vllm serve" : "text-generation-launcher"} (the image's entrypoint)`,
          path: [...containerPath, "image"],
          ...parseArguments(entry.kind, args),
          fromScript: false,
        },
      ];
    }
  }
  const { commands, fromScript } = run;
  const out: LauncherInvocation[] = [];
  for (const words of commands) {
    const inv = launcherOf(words, fromScript);
    if (inv) out.push(inv);
  }
  return out;
}

/** The last occurrence of any of the names (normalised) in an invocation. */
export function optionOf(inv: Pick<LauncherInvocation, "options">, ...names: string[]): LauncherOption | undefined {
  let found: LauncherOption | undefined;
  for (const o of inv.options) if (names.includes(o.name)) found = o;
  return found;
}

/**
 * An option value as a whole number: a literal, or `$VAR` / `${VAR}` / `$(VAR)` resolved through
 * `env` (the container's literal env vars). Undefined for anything else (`auto`, `gpu`, commands).
 */
export function intValue(value: string | undefined, env: (name: string) => string | undefined): number | undefined {
  if (value === undefined) return undefined;
  let v = value.trim();
  const ref = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|\(([A-Za-z_][A-Za-z0-9_]*)\)|([A-Za-z_][A-Za-z0-9_]*))$/.exec(v);
  if (ref) {
    const resolved = env((ref[1] ?? ref[2] ?? ref[3]) as string);
    if (resolved === undefined) return undefined;
    v = resolved.trim();
  }
  return /^[0-9]+$/.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** A variable a container's command line sets for the processes it starts. */
export interface ExportedVariable {
  name: string;
  /** Undefined for `-x NAME` or `export NAME` alone, which pass on a value set elsewhere. */
  value: string | undefined;
  /** How it is set: an MPI launcher's export to every rank, or the container's own shell script. */
  via: "mpirun" | "shell";
  /** The word as written (`NCCL_DEBUG=INFO`), to find it in a script. */
  word: string;
  /** Path of the YAML string holding it: a list element, or the whole script. */
  path: Path;
  /** Where the value is, when it is a word of its own (`-genv NAME VALUE`). */
  valuePath?: Path;
}

const MPI_LAUNCHERS = new Set(["mpirun", "mpiexec", "mpiexec.hydra", "orterun", "prterun"]);
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** The simple commands a container runs, with the path of the YAML string holding each word. */
export interface ContainerCommands {
  commands: Token[][];
  /** Read from a shell script (`sh -c "…"`, or one string holding a whole command line). */
  fromScript: boolean;
}

/**
 * What a container runs: its `command` and `args` as one command, or the commands of the script
 * they pass to a shell (`bash -c "…"`), or of a single string holding a whole command line.
 */
export function commandsOf(container: JsonObject, containerPath: Path): ContainerCommands {
  const command = stringList(container.command, containerPath, "command") ?? [];
  const args = stringList(container.args, containerPath, "args") ?? [];
  const argv = [...command, ...args];
  if (argv.length === 0) return { commands: [], fromScript: false };
  const { script, shell } = scriptOf(argv);
  if (script)
    return {
      commands: shellSplit(script.text).map((words) => words.map((text) => ({ text, path: script.path }))),
      fromScript: true,
    };
  return shell ? { commands: [], fromScript: true } : { commands: [argv], fromScript: false };
}

/**
 * The script a command line hands a shell (`bash -c "…"`, `sh -ec`, `bash -c -- "…"`), or a single
 * element holding a whole command line; `shell` when the program is a shell, script or not.
 */
export function scriptOf(argv: readonly Token[]): { script: Token | undefined; shell: boolean } {
  const first = argv[0];
  if (first && SHELLS.has(basename(first.text))) {
    const c = argv.findIndex((t, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(t.text));
    // `bash -c -- "script"`: `--` ends the options, and the script is the word after it.
    return { script: c > 0 ? (argv[c + 1]?.text === "--" ? argv[c + 2] : argv[c + 1]) : undefined, shell: true };
  }
  // A single list element holding a whole command line (`args: ["torchrun --nproc_per_node 8 train.py"]`).
  return { script: argv.length === 1 && first && /\s/.test(first.text) ? first : undefined, shell: false };
}

/** `commandsOf` a container view, split once per run. */
export const containerCommands = perObject((c: ContainerView): ContainerCommands => commandsOf(c.value, c.path));

/**
 * A container's launchers, parsed once per container view. Keyed on the view, not the container
 * object: a YAML alias can put one container object at two paths, and the paths differ.
 */
export const launchersOf = perObject((c: ContainerView): LauncherInvocation[] =>
  invocations(c.value, c.path, containerCommands(c)),
);

/**
 * Variables a container's command line sets for the processes it starts:
 * - what `mpirun` exports to the ranks: Open MPI's `-x NAME=VALUE` and `-x NAME`, MPICH and Intel
 *   MPI's `-genv NAME VALUE` and `-env NAME VALUE` (in an MPIJob these are the ranks' environment,
 *   NCCL settings included, as much as the worker containers' own `env`);
 *   https://www.open-mpi.org/doc/v1.6/man1/orterun.1.php (`-x`),
 *   https://www.intel.com/content/www/us/en/docs/onemkl/developer-guide-linux/2025-1/setting-environment-variables-on-a-cluster.html (`-genv`)
 * - what a shell script exports (`export NAME=VALUE`) or sets for one command
 *   (`NAME=VALUE torchrun …`, `env NAME=VALUE torchrun …`).
 */
export function commandLineEnv(commands: readonly Token[][]): ExportedVariable[] {
  const out: ExportedVariable[] = [];
  const assignment = (w: Token, via: ExportedVariable["via"]) => {
    const m = ASSIGNMENT.exec(w.text);
    if (m) out.push({ name: m[1] as string, value: w.text.slice(m[0].length), via, word: w.text, path: w.path });
    else if (VAR_NAME.test(w.text)) out.push({ name: w.text, value: undefined, via, word: w.text, path: w.path });
  };
  for (const words of commands) {
    if (marksForExport(words)) {
      for (const w of words.slice(1)) if (!w.text.startsWith("-")) assignment(w, "shell");
      continue;
    }
    // Assignments before a command's name (or after `env`) are that command's environment; a
    // line of assignments alone sets shell variables, which no command inherits.
    const from = words[0]?.text === "env" ? 1 : 0;
    const name = words.findIndex((w, k) => k >= from && !ASSIGNMENT.test(w.text));
    for (let k = from; k < name; k++) assignment(words[k] as Token, "shell");
    const start = words.findIndex((w) => MPI_LAUNCHERS.has(basename(w.text)));
    if (start < 0) continue;
    for (let j = start + 1; j + 1 < words.length; j++) {
      const opt = (words[j] as Token).text;
      const arg = words[j + 1] as Token;
      if (opt === "-x" || opt === "--x") {
        assignment(arg, "mpirun");
        j++;
      } else if (opt === "-genv" || opt === "-env") {
        if (ASSIGNMENT.test(arg.text)) {
          assignment(arg, "mpirun");
          j++;
        } else if (VAR_NAME.test(arg.text) && j + 2 < words.length) {
          const value = words[j + 2] as Token;
          out.push({
            name: arg.text,
            value: value.text,
            via: "mpirun",
            word: arg.text,
            path: arg.path,
            valuePath: value.path,
          });
          j += 2;
        }
      }
    }
  }
  return out;
}

/** `export …`, `declare -x …`, `typeset -x …`: the names that follow are passed to every later command. */
function marksForExport(words: readonly Token[]): boolean {
  const first = words[0]?.text;
  return (
    first === "export" ||
    ((first === "declare" || first === "typeset") && words.some((w) => /^-[A-Za-z]*x/.test(w.text)))
  );
}

/** `set -a`, `set -ea`, `set -o allexport`: every later assignment is exported. */
function setsAllExport(words: readonly Token[]): boolean {
  return (
    words[0]?.text === "set" &&
    words.slice(1).some((w) => /^-[A-Za-z]*a[A-Za-z]*$/.test(w.text) || w.text === "allexport")
  );
}

/**
 * Assignments a script makes on a line of their own that stay shell variables: not exported by a
 * later or earlier `export`/`declare -x`, not after `set -a`, and not read back as `$NAME` (a
 * variable used on purpose, as an argument). No command the script starts inherits them.
 * https://www.gnu.org/software/bash/manual/html_node/Environment.html
 */
export function unexportedAssignments(commands: readonly Token[][]): Token[] {
  if (commands.length < 2) return []; // nothing runs after a lone assignment
  let allExport = false;
  const exported = new Set<string>();
  const bare: Token[] = [];
  for (const words of commands) {
    if (setsAllExport(words)) allExport = true;
    if (marksForExport(words))
      for (const w of words.slice(1)) if (!w.text.startsWith("-")) exported.add(ASSIGNMENT.exec(w.text)?.[1] ?? w.text);
    if (!allExport && words.length > 0 && words.every((w) => ASSIGNMENT.test(w.text))) bare.push(...words);
  }
  const text = commands.flat().map((w) => w.text);
  return bare.filter((a) => {
    const name = ASSIGNMENT.exec(a.text)?.[1] as string;
    if (exported.has(name)) return false;
    const read = new RegExp(`\\$(\\{)?${name}\\b`);
    return !text.some((t) => read.test(t));
  });
}
