// MLflow projects: an `MLproject` file read the way mlflow/projects/_project_spec.py reads it,
// kept with the positions of what the MLflow rules judge.
import { dirOf, type FileTree, joinPath, normalizePath } from "../load/tree.js";
import type { ParsedDocument } from "../load/types.js";
import type { Path } from "./path.js";
import { isObject, type JsonObject, type Resource } from "./resource.js";

export const MLFLOW_API_VERSION = "mlflow.org";

export interface MlParameter {
  name: string;
  /** The declared type (`string` when a mapping gives none), as written. */
  type: string | undefined;
  /** Written as a type name alone (`alpha: float`) or as a mapping (`{type: float, default: 0.5}`). */
  form: "name" | "mapping" | "other";
  /** Whether the parameter has a default (a parameter without one must be given on every run). */
  hasDefault: boolean;
  default: unknown;
  path: Path;
}

export interface MlEntryPoint {
  name: string;
  command: string | undefined;
  parameters: MlParameter[];
  path: Path;
}

export interface MlProject {
  /** kind `MLproject`, named by its file. */
  resource: Resource;
  doc: ParsedDocument;
  /** The project directory, relative to the working directory. */
  dir: string;
  value: JsonObject | undefined;
  entryPoints: MlEntryPoint[];
  /** Whether a path of the project exists: true, false, or undefined when the run cannot tell. */
  exists(path: string): boolean | undefined;
}

export function toMlproject(doc: ParsedDocument, tree: FileTree | undefined): MlProject {
  const dir = dirOf(normalizePath(doc.file.path));
  const value = isObject(doc.value) ? doc.value : undefined;
  const resource: Resource = {
    doc,
    basePath: [],
    value: value ?? {},
    apiVersion: MLFLOW_API_VERSION,
    kind: "MLproject",
    group: MLFLOW_API_VERSION,
    version: "",
    name: typeof value?.name === "string" ? value.name : doc.file.path,
    namespace: undefined,
    ref: {
      apiVersion: MLFLOW_API_VERSION,
      kind: "MLproject",
      name: typeof value?.name === "string" ? value.name : doc.file.path,
    },
    labels: {},
    annotations: {},
    memo: null,
  };
  const entryPoints: MlEntryPoint[] = [];
  const eps = value?.entry_points;
  if (isObject(eps))
    for (const [name, ep] of Object.entries(eps)) {
      const path: Path = ["entry_points", name];
      const e = isObject(ep) ? ep : {};
      const parameters: MlParameter[] = [];
      if (isObject(e.parameters))
        for (const [pn, pv] of Object.entries(e.parameters)) {
          const pp: Path = [...path, "parameters", pn];
          if (typeof pv === "string")
            parameters.push({ name: pn, type: pv, form: "name", hasDefault: false, default: undefined, path: pp });
          else if (isObject(pv))
            parameters.push({
              name: pn,
              form: "mapping",
              type: pv.type === undefined ? "string" : typeof pv.type === "string" ? pv.type : undefined,
              hasDefault: pv.default !== undefined && pv.default !== null,
              default: pv.default,
              path: pp,
            });
          else
            parameters.push({
              name: pn,
              type: undefined,
              form: "other",
              hasDefault: false,
              default: undefined,
              path: pp,
            });
        }
      entryPoints.push({ name, command: typeof e.command === "string" ? e.command : undefined, parameters, path });
    }
  return {
    resource,
    doc,
    dir,
    value,
    entryPoints,
    exists: (p) => {
      const full = joinPath(dir, p);
      if (!tree?.covers(full)) return undefined;
      return tree.has(full);
    },
  };
}

/**
 * The replacement fields of a command as Python's `str.format` reads them (MLflow formats the
 * command with the parameters): `{name}`, `{name:spec}`, `{name!r}`, `{name.attr}`; `{{` and `}}`
 * are literal braces. Each field with its offset in the command.
 */
export function formatFields(command: string): Array<{ field: string; name: string; start: number; end: number }> {
  const out: Array<{ field: string; name: string; start: number; end: number }> = [];
  let i = 0;
  while (i < command.length) {
    const ch = command[i];
    if (ch === "{") {
      if (command[i + 1] === "{") {
        i += 2;
        continue;
      }
      const close = command.indexOf("}", i + 1);
      if (close < 0) break;
      const field = command.slice(i + 1, close);
      const name = field.split(/[.[!:]/)[0] as string;
      out.push({ field, name, start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    i++;
  }
  return out;
}
