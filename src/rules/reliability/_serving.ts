// Which containers run a model server, and pod-spec helpers shared by the reliability rules (not a rule module).
import { MODEL_SERVERS, type ModelServer, SERVER_COMMANDS, type ServerId } from "../../catalog/serving.js";
import { appContainers } from "../../model/gpu.js";
import { containerCommands, launchersOf } from "../../model/launcher.js";
import type { Path } from "../../model/path.js";
import { asArray, asObject, asString } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { ContainerView, PodGroup } from "../../model/workload.js";

const BY_ID = new Map(MODEL_SERVERS.map((s) => [s.id, s]));

export interface ServerUse {
  server: ModelServer;
  /** Where the container starts it: the launcher word, the command, or the image. */
  path: Path;
}

function basename(word: string): string {
  const i = word.lastIndexOf("/");
  return i >= 0 ? word.slice(i + 1) : word;
}

function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

/** The first word of a simple command that is the program, past `exec`, `env`, `VAR=x` prefixes. */
function programOf(words: readonly string[]): { word: string; rest: readonly string[] } | undefined {
  let i = 0;
  while (i < words.length) {
    const w = words[i] as string;
    if (
      ["exec", "nohup", "time", "env", "command", "then", "do", "else", "{", "!"].includes(w) ||
      /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)
    ) {
      i++;
      continue;
    }
    return { word: basename(w), rest: words.slice(i + 1) };
  }
  return undefined;
}

function serverUseUncached(c: ContainerView): ServerUse | undefined {
  for (const inv of launchersOf(c)) {
    const server = BY_ID.get(inv.kind as ServerId);
    if (server) return { server, path: inv.path };
  }
  const command = c.value.command;
  if (command === undefined || (Array.isArray(command) && command.length === 0)) {
    const image = asString(c.value.image) ?? "";
    const server = MODEL_SERVERS.find((s) => s.entrypointImages.some((p) => p.test(image)));
    if (server && strings(c.value.args)?.[0] === undefined) return { server, path: [...c.path, "image"] };
  }
  // Built only when a server is found: most containers start none.
  const at = (): Path => [...c.path, command === undefined ? "args" : "command"];
  for (const words of containerCommands(c).commands) {
    const p = programOf(words.map((w) => w.text));
    if (!p) continue;
    const id = SERVER_COMMANDS[p.word];
    if (id) return { server: BY_ID.get(id) as ModelServer, path: at() };
    if (p.word === "serve" && (p.rest[0] === "run" || p.rest[0] === "deploy")) {
      return { server: BY_ID.get("ray-serve") as ModelServer, path: at() };
    }
  }
  return undefined;
}

/** The model server a container starts, if any. */
export const serverUse = perObject(serverUseUncached);

/** Containers of the group that run for the pod's lifetime: app containers and sidecars (restartPolicy: Always). */
export function longRunningContainers(g: PodGroup): ContainerView[] {
  return [
    ...appContainers(g),
    ...g.containers.filter((c) => c.role === "initContainer" && c.value.restartPolicy === "Always"),
  ];
}

/**
 * A metav1.LabelSelector against a set of labels: matchLabels and matchExpressions (In, NotIn,
 * Exists, DoesNotExist) all hold. An empty selector matches everything; a malformed one nothing.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  const sel = asObject(selector);
  if (!sel) return false;
  const ml = sel.matchLabels;
  if (ml !== undefined) {
    const m = asObject(ml);
    if (!m) return false;
    for (const [k, v] of Object.entries(m))
      if (String(labels[k]) !== String(v) || labels[k] === undefined) return false;
  }
  for (const e of asArray(sel.matchExpressions)) {
    const expr = asObject(e);
    const key = asString(expr?.key);
    if (!expr || key === undefined) return false;
    const v = labels[key];
    const values = asArray(expr.values).map(String);
    switch (expr.operator) {
      case "In":
        if (v === undefined || !values.includes(String(v))) return false;
        break;
      case "NotIn":
        if (v !== undefined && values.includes(String(v))) return false;
        break;
      case "Exists":
        if (v === undefined) return false;
        break;
      case "DoesNotExist":
        if (v !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
