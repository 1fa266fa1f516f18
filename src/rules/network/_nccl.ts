// Shared logic of the NCCL rules: where NCCL variables are declared in the set, and what their
// values mean. Not a rule module (the leading underscore keeps it out of the registry).
import {
  isNcclFamily,
  NCCL_MAX_HCAS,
  NCCL_VARIABLES,
  type NcclValueType,
  type NcclVariable,
} from "../../catalog/nccl-env.js";
import { commandLineVars, containerEnv, type EnvVar } from "../../model/env.js";
import type { Resource } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { ContainerView, PodGroup, Workload } from "../../model/workload.js";
import type { CheckedSet, Severity } from "../types.js";

export interface NcclOccurrence {
  workload: Workload;
  group: PodGroup;
  container: ContainerView;
  env: EnvVar;
}

/**
 * Every NCCL/RCCL/TORCH_NCCL variable a workload's containers declare (env, envFrom, valueFrom,
 * ConfigMaps looked up in the set), and every one their command lines set: an MPI launcher's
 * exports to its ranks (`mpirun -x`), a script's `export NAME=VALUE`. The NCCL rules run on pod
 * templates found by shape too (`podContent`): a variable's value is what is written, whatever
 * creates the pod. Memoised on the workload, so the four NCCL rules list it once.
 */
export const ncclOccurrences = perObject((w: Workload, set: CheckedSet): NcclOccurrence[] => {
  const out: NcclOccurrence[] = [];
  for (const g of w.podGroups) {
    for (const c of g.containers) {
      for (const env of containerEnv(c, w.resource, set)) {
        if (isNcclFamily(env.name)) out.push({ workload: w, group: g, container: c, env });
      }
      for (const env of commandLineVars(c, w.resource)) {
        if (isNcclFamily(env.name)) out.push({ workload: w, group: g, container: c, env });
      }
    }
  }
  return out;
});

/**
 * The `Report.once` key of a finding at a source position: a ConfigMap shared by many pods, in any
 * file, is reported once (by the first workload in the run's order that reads it).
 */
export function onceAt(resource: Resource, path: readonly (string | number)[], message: string): string {
  return `${resource.doc.file.path}#${resource.doc.index}#${resource.basePath.join(".")}#${path.join(".")}#${message}`;
}

export interface ValueProblem {
  message: string;
  severity: Severity;
}

/** Kubernetes expands $(VAR) in env values at run time: such a value cannot be checked here. */
export function isDependentValue(v: string): boolean {
  return /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(v);
}

const INT = /^[+-]?\d+$/;

function intProblem(name: string, v: string, t: Extract<NcclValueType, { kind: "int" }>): ValueProblem | undefined {
  if (!INT.test(v))
    return {
      severity: "error",
      message: `${name}=${JSON.stringify(v)} is not an integer: NCCL rejects the value with a warning and keeps its default`,
    };
  const n = Number.parseInt(v, 10);
  if (t.allowed && !t.allowed.includes(n))
    return {
      severity: "error",
      message: `${name}=${v} is not one of ${t.allowed.join(", ")}, the values the documentation allows`,
    };
  if (t.min !== undefined && n < t.min)
    return {
      severity: "error",
      message: `${name}=${v} is below ${t.min}, the smallest value the documentation allows`,
    };
  if (t.max !== undefined && n > t.max) {
    const extra =
      name === "NCCL_IB_TIMEOUT"
        ? " (0 or 32 and above make the InfiniBand timeout infinite: a lost peer hangs the job)"
        : "";
    return {
      severity: "error",
      message: `${name}=${v} is above ${t.max}, the largest value the documentation allows${extra}`,
    };
  }
  return undefined;
}

function enumMatch(values: readonly string[], word: string): string | undefined {
  return values.find((x) => x.toUpperCase() === word.toUpperCase());
}

/** Parses NCCL_SOCKET_IFNAME-style lists: `[^][=]prefix[:port][,prefix…]`. */
export interface IfaceList {
  exclude: boolean;
  exact: boolean;
  items: Array<{ name: string; port: string | undefined }>;
  problems: string[];
}

export function parseIfaceList(value: string, ports: boolean): IfaceList {
  let v = value.trim();
  const out: IfaceList = { exclude: false, exact: false, items: [], problems: [] };
  if (v.startsWith("^")) {
    out.exclude = true;
    v = v.slice(1);
  }
  if (v.startsWith("=")) {
    out.exact = true;
    v = v.slice(1);
  }
  if (v === "") {
    out.problems.push("the list is empty: NCCL matches no interface");
    return out;
  }
  for (const raw of v.split(",")) {
    const item = raw.trim();
    if (item === "") {
      out.problems.push("it has an empty element (two commas, or a trailing comma)");
      continue;
    }
    if (/\s/.test(raw)) {
      out.problems.push(`"${raw}" contains spaces: NCCL keeps them as part of the name and matches no interface`);
    }
    if (item.startsWith("^") || item.startsWith("=")) {
      out.problems.push(
        `"${item}": "${item[0]}" only counts at the start of the whole list (it applies to every element); here it is part of the name and matches no interface`,
      );
      continue;
    }
    const colon = item.indexOf(":");
    const name = colon >= 0 ? item.slice(0, colon) : item;
    const port = colon >= 0 ? item.slice(colon + 1) : undefined;
    if (port !== undefined && !/^\d+$/.test(port))
      out.problems.push(`"${item}": the part after ":" must be a port number`);
    else if (port !== undefined && !ports)
      out.problems.push(
        `"${item}": ports are not part of this variable; NCCL would look for an interface named with ":"`,
      );
    out.items.push({ name, port });
  }
  return out;
}

/** Parses NCCL_IB_HCA: `[^][=]hca[:port[:rail[:plane]]][,…]`. */
export interface HcaList {
  exclude: boolean;
  exact: boolean;
  items: Array<{ name: string; port: string | undefined }>;
  problems: ValueProblem[];
}

export function parseHcaList(value: string): HcaList {
  let v = value.trim();
  const out: HcaList = { exclude: false, exact: false, items: [], problems: [] };
  if (v.startsWith("^")) {
    out.exclude = true;
    v = v.slice(1);
  }
  if (v.startsWith("=")) {
    out.exact = true;
    v = v.slice(1);
  }
  if (v === "") {
    out.problems.push({ severity: "error", message: "NCCL_IB_HCA is empty after its prefixes: NCCL selects no HCA" });
    return out;
  }
  for (const raw of v.split(",")) {
    const item = raw.trim();
    if (item === "") {
      out.problems.push({
        severity: "error",
        message: "NCCL_IB_HCA has an empty element (two commas, or a trailing comma)",
      });
      continue;
    }
    if (item.startsWith("^") || item.startsWith("=")) {
      out.problems.push({
        severity: "error",
        message: `NCCL_IB_HCA element "${item}": "${item[0]}" only counts at the start of the whole list; here it is part of the HCA name and matches nothing`,
      });
      continue;
    }
    const fields = item.split(":");
    const [name, port, rail, plane] = fields as [string, string?, string?, string?];
    if (fields.length > 4) {
      out.problems.push({
        severity: "error",
        message: `NCCL_IB_HCA element "${item}" has ${fields.length} ":"-separated fields; the form is <hca>[:<port>[:<rail>[:<plane>]]]`,
      });
      continue;
    }
    if (name === "") {
      out.problems.push({ severity: "error", message: `NCCL_IB_HCA element "${item}" has no HCA name before ":"` });
      continue;
    }
    const bad = [
      ["port", port, fields.length > 2],
      ["rail", rail, false],
      ["plane", plane, false],
    ].find(([, f, mayBeEmpty]) => f !== undefined && !(/^\d+$/.test(f as string) || (mayBeEmpty && f === "")));
    if (bad)
      out.problems.push({
        severity: "error",
        message: `NCCL_IB_HCA element "${item}": the ${bad[0]} must be a number (form <hca>[:<port>[:<rail>[:<plane>]]])`,
      });
    out.items.push({ name, port: port === "" ? undefined : port });
  }
  if (out.items.length > NCCL_MAX_HCAS)
    out.problems.push({
      severity: "error",
      message: `NCCL_IB_HCA lists ${out.items.length} HCAs; NCCL supports at most ${NCCL_MAX_HCAS}`,
    });
  if (!out.exact) {
    const loose = out.items.filter((i) => /\d$/.test(i.name)).map((i) => i.name);
    const covered = loose.filter((a) => out.items.some((b) => b.name !== a && b.name.startsWith(a)));
    if (covered.length > 0)
      out.problems.push({
        severity: "warning",
        message: `NCCL_IB_HCA has no "=" prefix, so "${covered[0]}" is a prefix that also matches ${out.items.find((b) => b.name !== covered[0] && b.name.startsWith(covered[0] as string))?.name}; write "=${out.items.map((i) => i.name).join(",")}" for exact names`,
      });
  }
  return out;
}

/** What is wrong with a value of a known variable, if anything. */
export function checkValue(name: string, value: string, def: NcclVariable): ValueProblem[] {
  const v = value.trim();
  const t = def.type;
  switch (t.kind) {
    case "bool": {
      if (v === "0" || v === "1") return [];
      if (INT.test(v))
        return [{ severity: "warning", message: `${name}=${v} is not 0 or 1, the only documented values` }];
      return [
        {
          severity: "error",
          message: `${name}=${JSON.stringify(value)} is not 0 or 1: NCCL reads it as a number, rejects it with a warning and keeps its default`,
        },
      ];
    }
    case "int": {
      const p = intProblem(name, v, t);
      return p ? [p] : [];
    }
    case "enum": {
      if (enumMatch(t.values, v)) return [];
      if (t.legacyIntMax !== undefined && INT.test(v)) {
        const n = Number.parseInt(v, 10);
        if (n >= 0 && (n <= t.legacyIntMax || t.openAbove))
          return [
            {
              severity: "info",
              message: `${name}=${v} uses a legacy integer level; the documentation discourages integers because their meaning has changed between versions: write one of ${t.values.join(", ")}`,
            },
          ];
      }
      return [
        {
          severity: "error",
          message: `${name}=${JSON.stringify(value)} is not one of ${t.values.join(", ")}: ${name === "NCCL_DEBUG" ? "NCCL does not recognise the level and prints nothing" : "NCCL ignores the value and decides by itself"}`,
        },
      ];
    }
    case "enum-list": {
      const problems: ValueProblem[] = [];
      const parts = t.perFunction ? v.split(";") : [v];
      for (const part of parts) {
        let list = part.trim();
        if (t.perFunction && /^[A-Za-z]+:/.test(list)) list = list.slice(list.indexOf(":") + 1);
        if (list.startsWith("^")) {
          if (!t.caret) problems.push({ severity: "error", message: `${name} does not accept a "^" (exclude) list` });
          list = list.slice(1);
        }
        if (list === "" && parts.length > 1) continue;
        for (const word of list.split(",")) {
          const w = word.trim();
          if (w === "" && list === "" && !t.perFunction) continue;
          if (!enumMatch(t.values, w))
            problems.push({
              severity: "error",
              message: `${name}: "${w}" is not one of ${t.values.join(", ")}${t.perFunction ? " (since NCCL 2.24 an unknown token makes parsing fail)" : ""}`,
            });
        }
      }
      return problems;
    }
    case "iface-list": {
      return parseIfaceList(value, t.ports === true).problems.map((p) => ({
        severity: "error" as const,
        message: `${name}=${JSON.stringify(value)}: ${p}`,
      }));
    }
    case "hca-list":
      return parseHcaList(value).problems;
    case "string":
      return [];
  }
}

export { NCCL_VARIABLES };
