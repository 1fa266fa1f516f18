// What a container does when it does no ML work: it only waits, prints or probes a device, or it is
// a stand-in (a demo web server, a pause container). Several rules ask this — the memory a container
// can spike, whether its image version matters for reproducibility — so the answer lives here.
import { containerCommands } from "./launcher.js";
import { asString } from "./resource.js";
import { perObject } from "./set-index.js";
import type { ContainerView } from "./workload.js";

/** Programs that only wait, print or probe: a container running nothing else has no memory to spike. */
export const IDLE_PROGRAMS: ReadonlySet<string> = new Set([
  "sleep",
  "pause",
  "true",
  "echo",
  "printf",
  "printenv",
  "env",
  "trap",
  "exit",
  "wait",
  "nvidia-smi",
  "rocm-smi",
  "amd-smi",
  "hl-smi",
  "xpu-smi",
  "ls",
  "cat",
  "date",
  "seq",
  "hostname",
  "tail",
  "grep",
  "head",
  "clinfo",
  "rocminfo",
  "vulkaninfo",
  "ibv_devinfo",
  "ibstat",
  "ping",
  "nslookup",
]);

/** Shell words that make the loop or test around a sleep (`while true; do sleep 30; done`). */
const SHELL_SYNTAX = new Set([
  "while",
  "do",
  "done",
  "for",
  "until",
  "{",
  "}",
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "[",
  "[[",
  "test",
  ":",
]);

/**
 * Images that stand in for the real workload in a scheduling or networking demo (nginx, pause,
 * busybox, agnhost): they serve a page or wait, whatever their command.
 */
export const STAND_IN_IMAGES: readonly RegExp[] = [
  /(^|\/)(nginx|nginx-slim|nginx-unprivileged|pause|busybox|agnhost)(:|@|$)/,
];

/**
 * Images that run a GPU or network diagnostic (CUDA samples, bandwidth tests): seconds of run
 * time or a few MiB, never a host-memory spike.
 */
export const DIAGNOSTIC_IMAGES: readonly RegExp[] = [
  /(^|\/)cuda-sample:/,
  /(^|\/)k8s-samples:nvbandwidth/,
  /(^|\/)(cuda-)?perftest(:|@|$)/,
  /(^|\/)rping-test(:|@|$)/,
  /(^|\/)[nr]ccl-tests(:|@|$)/,
];

/** The container's command line only sleeps, prints or runs a device query (`nvidia-smi; sleep inf`). */
export const onlyWaitsOrPrints = perObject((c: ContainerView): boolean => {
  const { commands } = containerCommands(c);
  if (commands.length === 0) return false;
  // `n=0` and `((n++))` (read back as `n++`) are shell variables and arithmetic, not programs; in
  // `X=1 python train.py` the program is the word after the assignments.
  const variable = /^[A-Za-z_]\w*(\+\+|--|[-+*/]?=)/;
  return commands.every((cmd) => {
    const word = cmd.find((t) => !variable.test(t.text));
    if (!word) return true;
    const program = word.text.replace(/^.*\//, "");
    return IDLE_PROGRAMS.has(program) || SHELL_SYNTAX.has(program);
  });
});

/** A stand-in container: a demo server or pause image, or any image whose command only waits or prints. */
export function isStandIn(c: ContainerView): boolean {
  const image = asString(c.value.image) ?? "";
  return STAND_IN_IMAGES.some((p) => p.test(image)) || onlyWaitsOrPrints(c);
}

/** A container that does no ML work: a stand-in, or a short GPU/network diagnostic. */
export function isIdleContainer(c: ContainerView): boolean {
  const image = asString(c.value.image) ?? "";
  return DIAGNOSTIC_IMAGES.some((p) => p.test(image)) || isStandIn(c);
}
