import type { Span } from "../load/node-table.js";
import type { CheckedSet } from "./checked-set.js";
import { commandLineEnv, containerCommands, type ExportedVariable } from "./launcher.js";
import type { Path } from "./path.js";
import { resolveRef } from "./refs.js";
import { asArray, asObject, asString, findInResource, type Resource } from "./resource.js";
import { perObject } from "./set-index.js";
import type { ContainerView } from "./workload.js";

/**
 * One environment variable a container declares, resolved as far as the checked set allows.
 * Kubernetes builds a container's environment from envFrom (in order, later sources win) and then
 * env (in order, later entries win, and env wins over envFrom).
 * https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
 */
export interface EnvVar {
  name: string;
  /** The literal value when it is known: env[].value, or the ConfigMap key when the ConfigMap is in the set. */
  value: string | undefined;
  /**
   * How the variable is declared; `mpirun` for an MPI launcher's `-x`, `script` for a shell
   * script's `export` (see launcher.ts `commandLineEnv`).
   */
  from: "env" | "valueFrom" | "envFrom" | "mpirun" | "script";
  /**
   * The resource holding the value (the workload, or a ConfigMap of the set), and the path to the
   * value there; `span`, when set, is the value's exact place inside that string (a script).
   */
  valueAt: { resource: Resource; path: Path; span?: Span } | undefined;
  /** The resource and path of the variable's name (an env[].name, or a ConfigMap data key: report it with at: "key"). */
  nameAt: { resource: Resource; path: Path; at: "key" | "value"; span?: Span };
  /** The ConfigMap the value comes from, when it is in the set. */
  configMap: Resource | undefined;
  /** A later declaration of the same name replaces this one. */
  overridden: boolean;
}

/**
 * The value as the container would see it. A boolean is an unquoted yes/no/on/off/true/false
 * that the API server refuses to put in a string field (schema/non-string-value says so): its
 * text is not what the YAML says, so it is treated as unknown rather than as "true"/"false".
 */
function scalarString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

/**
 * The ConfigMap named `name` that the owner reads, in its namespace, among the objects that belong
 * with it (`model/refs.ts`): a ConfigMap of the same name in another example is not its.
 */
export function findConfigMap(set: CheckedSet, name: string, owner: Resource): Resource | undefined {
  return resolveRef(set.resources, owner, { group: "", kind: "ConfigMap", name, namespaced: true }).objects[0];
}

/**
 * Where an `env[i].name` or `env[i].value` of a container is. The path is built on first read:
 * every variable of every container is listed (and kept, memoised) but few are ever reported, and
 * two full-length paths per variable were most of what listing them allocated.
 */
class EnvEntrySite {
  readonly at = "value" as const;
  private built: Path | undefined;

  constructor(
    readonly resource: Resource,
    private readonly containerPath: Path,
    private readonly index: number,
    private readonly field: "name" | "value",
  ) {}

  get path(): Path {
    this.built ??= [...this.containerPath, "env", this.index, this.field];
    return this.built;
  }
}

/**
 * Every variable the container declares, in the order Kubernetes applies them, with `overridden`
 * set on those a later declaration replaces. Odd shapes are skipped, never thrown on.
 */
function containerEnvUncached(container: ContainerView, owner: Resource, set: CheckedSet): EnvVar[] {
  const out: EnvVar[] = [];
  const c = container.value;
  asArray(c.envFrom).forEach((src, i) => {
    const s = asObject(src);
    const ref = asObject(s?.configMapRef);
    const refName = asString(ref?.name);
    if (!s || !refName) return;
    const prefix = asString(s.prefix) ?? "";
    const cm = findConfigMap(set, refName, owner);
    const data = asObject(cm?.value.data);
    if (!cm || !data) return;
    for (const key of Object.keys(data)) {
      const dataPath: Path = ["data", key];
      out.push({
        name: prefix + key,
        value: scalarString(data[key]),
        from: "envFrom",
        valueAt: { resource: cm, path: dataPath },
        nameAt:
          prefix === ""
            ? { resource: cm, path: dataPath, at: "key" }
            : { resource: owner, path: [...container.path, "envFrom", i, "prefix"], at: "value" },
        configMap: cm,
        overridden: false,
      });
    }
  });
  asArray(c.env).forEach((e, i) => {
    const entry = asObject(e);
    const name = asString(entry?.name);
    if (!entry || name === undefined) return;
    const nameAt = new EnvEntrySite(owner, container.path, i, "name");
    if (entry.value !== undefined || entry.valueFrom === undefined) {
      out.push({
        name,
        value: entry.value === undefined ? "" : scalarString(entry.value),
        from: "env",
        valueAt: entry.value === undefined ? undefined : new EnvEntrySite(owner, container.path, i, "value"),
        nameAt,
        configMap: undefined,
        overridden: false,
      });
      return;
    }
    const ref = asObject(asObject(entry.valueFrom)?.configMapKeyRef);
    const cmName = asString(ref?.name);
    const key = asString(ref?.key);
    const cm = cmName ? findConfigMap(set, cmName, owner) : undefined;
    const data = asObject(cm?.value.data);
    const known = cm !== undefined && key !== undefined && data !== undefined && key in data;
    out.push({
      name,
      value: known ? scalarString(data?.[key as string]) : undefined,
      from: "valueFrom",
      valueAt: known ? { resource: cm as Resource, path: ["data", key as string] } : undefined,
      nameAt,
      configMap: known ? cm : undefined,
      overridden: false,
    });
  });
  const last = new Map<string, number>();
  out.forEach((v, i) => {
    last.set(v.name, i);
  });
  out.forEach((v, i) => {
    v.overridden = last.get(v.name) !== i;
  });
  return out;
}

/** The container's effective environment: the declaration that wins for each name. */
function effectiveEnvUncached(container: ContainerView, owner: Resource, set: CheckedSet): Map<string, EnvVar> {
  const m = new Map<string, EnvVar>();
  for (const v of containerEnv(container, owner, set)) if (!v.overridden) m.set(v.name, v);
  return m;
}

export const containerEnv = perObject(containerEnvUncached);

export const effectiveEnv = perObject(effectiveEnvUncached);

/**
 * The variables a container's command line sets (launcher.ts `commandLineEnv`: `mpirun -x`,
 * `export`), as environment variables of the container's resource. The name and the value get
 * exact spans inside the YAML string (a whole script, often), so findings point at the word.
 */
export const commandLineVars = perObject((c: ContainerView, owner: Resource): EnvVar[] =>
  commandLineEnv(containerCommands(c).commands).map((x) => commandLineVar(owner, x)),
);

function commandLineVar(r: Resource, x: ExportedVariable): EnvVar {
  const word = findInResource(r, x.path, x.word);
  const nameSpan = word ? { start: word.start, end: word.start + x.name.length } : undefined;
  let valueSpan: Span | undefined;
  if (word && x.value !== undefined && x.word.startsWith(`${x.name}=`))
    valueSpan = { start: word.start + x.name.length + 1, end: word.end };
  else if (word && x.value !== undefined && x.valuePath)
    valueSpan = findInResource(r, x.valuePath, x.value, x.valuePath === x.path ? word.end : 0);
  return {
    name: x.name,
    value: x.value,
    from: x.via === "mpirun" ? "mpirun" : "script",
    valueAt:
      x.value === undefined
        ? undefined
        : { resource: r, path: x.valuePath ?? x.path, ...(valueSpan ? { span: valueSpan } : {}) },
    nameAt: { resource: r, path: x.path, at: "value", ...(nameSpan ? { span: nameSpan } : {}) },
    configMap: undefined,
    overridden: false,
  };
}
