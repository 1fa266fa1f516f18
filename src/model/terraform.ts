import { posix } from "node:path";
import type { HclBlock, HclBody, HclExpr, HclFile, HclSpan } from "../load/hcl.js";
import { NodeTable } from "../load/node-table.js";
import type { ParsedDocument, SourceFile } from "../load/types.js";
import type { Path } from "./path.js";
import { isObject, type Resource, type ResourceRef } from "./resource.js";
import { perSet } from "./set-index.js";
import { evaluate, isUnknown, type Scope, UNKNOWN } from "./terraform-eval.js";

/**
 * Terraform configuration (HCL, a directory of `.tf` files making one module) and plans
 * (`terraform show -json`), as one shape the rules read: a TfObject per resource or module call,
 * whose attributes and nested blocks are TfNodes that know their value and where they are.
 */

export interface TfHclFile {
  file: SourceFile;
  hcl: HclFile;
}

/** A node of Terraform configuration: a block body, an expression's value, or a plan JSON value. */
export interface TfNode {
  /** The evaluated value (UNKNOWN where it cannot be known); for a block, an object of its attributes. */
  readonly value: unknown;
  /** The object reports go to, and where in its file this node is. */
  readonly at: TfLocation;
  /** An attribute (or object key) of this node. */
  get(name: string): TfNode | undefined;
  /** Nested blocks of a type (`scaling_config {}`), or the objects of a list attribute of that name. */
  blocks(name: string): TfNode[];
  /** The items of a list value, each located where it can be. */
  items(): TfNode[];
  /** The keys of an object value, each with its node. */
  entries(): Array<[string, TfNode]>;
  /** HCL: the address a plain reference names (`aws_launch_template.gpu.id` → `aws_launch_template.gpu`). */
  ref(): string | undefined;
}

export interface TfLocation {
  resource: Resource;
  /** Path relative to the resource (plan JSON: into `change.after`; HCL: attribute names). */
  path: Path;
  /** Exact offsets in the file (HCL). */
  span?: HclSpan;
}

/** A `resource`, `data` or `module` block, or a plan's resource change. */
export interface TfObject {
  mode: "resource" | "data" | "module";
  /** Resource type (`aws_eks_node_group`); for a module call, its `source`. */
  type: string;
  name: string;
  /** `aws_eks_node_group.gpu`, `module.eks`, or the plan's address. */
  address: string;
  body: TfNode;
  /** The module directory (HCL) or plan file it came from. */
  module: string;
  /** Plan only: the change's actions (`create`, `update`, `delete`…). */
  actions?: readonly string[];
  /** Plan only: the object as it is before the change (`change.before`), absent when it is created. */
  before?: TfNode;
  /** Plan only: why Terraform replaces it (`action_reason`, e.g. `replace_because_cannot_update`). */
  actionReason?: string;
  /** Plan only: the attributes that force the replacement (`change.replace_paths`), as dotted paths. */
  replacePaths?: string[];
  origin: "hcl" | "plan";
}

export interface TerraformSet {
  objects: TfObject[];
}

// ── HCL ──────────────────────────────────────────────────────────────────────────────────────

function pseudoDoc(file: SourceFile): ParsedDocument {
  return { file, index: 0, value: {}, start: 0, nodes: new NodeTable(file.text) };
}

function tfResource(doc: ParsedDocument, kind: string, name: string, value: Record<string, unknown> = {}): Resource {
  const ref: ResourceRef = { apiVersion: "terraform", kind, name };
  return {
    doc,
    basePath: [],
    value,
    apiVersion: "terraform",
    kind,
    group: "terraform",
    version: "",
    name,
    namespace: undefined,
    ref,
    labels: {},
    annotations: {},
    memo: null,
  };
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Files Terraform reads variable values from without being told (-var-file): terraform.tfvars and *.auto.tfvars. */
export function isAutoTfvars(path: string): boolean {
  const b = baseName(path);
  return /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(b);
}

/** Variable-value files, native (`.tfvars`) or JSON (`.tfvars.json`). */
export function isTfvars(path: string): boolean {
  return /\.tfvars(\.json)?$/.test(path);
}

class HclNode implements TfNode {
  private cached: unknown = NOT_YET;
  constructor(
    private readonly scope: Scope,
    readonly at: TfLocation,
    private readonly body?: HclBody,
    private readonly expr?: HclExpr,
    /** A value already evaluated (an object's member reached through an evaluated expression). */
    private readonly given: unknown = NOT_YET,
  ) {}

  get value(): unknown {
    if (this.cached !== NOT_YET) return this.cached;
    if (this.given !== NOT_YET) this.cached = this.given;
    else if (this.expr) this.cached = evaluate(this.expr, this.scope);
    else if (this.body) {
      const out: Record<string, unknown> = {};
      for (const it of this.body.items) if (it.kind === "attribute") out[it.name] = evaluate(it.expr, this.scope);
      this.cached = out;
    } else this.cached = UNKNOWN;
    return this.cached;
  }

  private child(key: string | number, expr: HclExpr | undefined, value: unknown): HclNode {
    const at: TfLocation = {
      resource: this.at.resource,
      path: [...this.at.path, key],
      span: expr?.span ?? this.at.span,
    };
    return new HclNode(this.scope, at, undefined, expr, expr ? NOT_YET : value);
  }

  get(name: string): TfNode | undefined {
    if (this.body) {
      for (const it of this.body.items)
        if (it.kind === "attribute" && it.name === name) return this.child(name, it.expr, undefined);
      return undefined;
    }
    const v = this.value;
    if (!isObject(v) || !(name in v)) return undefined;
    // Point at the member's own expression when the value is written as an object literal here.
    const lit = this.expr?.type === "object" ? this.expr.items.find((i) => keyOf(i.key) === name) : undefined;
    return lit ? this.child(name, lit.value, undefined) : this.child(name, undefined, v[name]);
  }

  blocks(name: string): TfNode[] {
    const out: TfNode[] = [];
    if (this.body) {
      let i = 0;
      for (const it of this.body.items) {
        if (it.kind === "block" && it.type === name) {
          out.push(
            new HclNode(
              this.scope,
              { resource: this.at.resource, path: [...this.at.path, name, i++], span: it.typeSpan },
              it.body,
            ),
          );
        } else if (it.kind === "block" && it.type === "dynamic" && it.labels[0] === name) {
          // `dynamic "taint" { for_each … }`: blocks whose number and content are not known here.
          const at = { resource: this.at.resource, path: [...this.at.path, name, i++], span: it.typeSpan };
          out.push(new HclNode(this.scope, at, undefined, undefined, UNKNOWN));
        }
      }
    }
    const attr = this.get(name);
    if (attr) {
      const v = attr.value;
      if (Array.isArray(v)) out.push(...attr.items());
      else if (isObject(v)) out.push(attr);
    }
    return out;
  }

  items(): TfNode[] {
    const v = this.value;
    if (!Array.isArray(v)) return [];
    const lit = this.expr?.type === "tuple" && this.expr.items.length === v.length ? this.expr.items : undefined;
    return v.map((x, i) => (lit ? this.child(i, lit[i], undefined) : this.child(i, undefined, x)));
  }

  entries(): Array<[string, TfNode]> {
    const v = this.value;
    if (!isObject(v)) return [];
    return Object.keys(v).map((k) => [k, this.get(k) as TfNode]);
  }

  ref(): string | undefined {
    let e = this.expr;
    // `TYPE.NAME.attr`, `TYPE.NAME[0].attr`, `"${TYPE.NAME.attr}"`.
    if (e?.type === "template" && e.parts.length === 1 && typeof e.parts[0] === "object" && "type" in e.parts[0])
      e = e.parts[0];
    const names: string[] = [];
    while (e && (e.type === "getattr" || e.type === "index")) {
      if (e.type === "getattr") names.unshift(e.name);
      e = e.target;
    }
    if (e?.type !== "variable" || names.length < 1) return undefined;
    return `${e.name}.${names[0]}`;
  }
}

const NOT_YET = Symbol("not yet");

function keyOf(e: HclExpr): string | undefined {
  if (e.type === "literal" && typeof e.value === "string") return e.value;
  if (e.type === "template" && e.parts.every((p) => typeof p === "string")) return (e.parts as string[]).join("");
  return undefined;
}

function literalLabel(b: HclBlock, i: number): string | undefined {
  return b.labels[i];
}

/** Builds the Terraform objects of every module directory among the files. */
/** A `module` block whose `source` is a local directory of the same run: its inputs bind that module's variables. */
interface ModuleCall {
  callerDir: string;
  inputs: ReadonlyMap<string, HclExpr>;
}

/** Meta-arguments of a module block: not inputs of the module (Terraform language, module blocks). */
const MODULE_META = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

function localCalls(byDir: ReadonlyMap<string, readonly TfHclFile[]>): Map<string, ModuleCall[]> {
  const calls = new Map<string, ModuleCall[]>();
  for (const [dir, files] of byDir) {
    for (const f of files) {
      if (isTfvars(f.file.path)) continue;
      for (const it of f.hcl.body.items) {
        if (it.kind !== "block" || it.type !== "module") continue;
        const src = it.body.items.find((a) => a.kind === "attribute" && a.name === "source");
        const source = src?.kind === "attribute" ? keyOf(src.expr) : undefined;
        // Local paths start with ./ or ../ (Terraform: module sources); others are downloaded.
        if (!source || !/^\.\.?\//.test(source)) continue;
        const child = posix.normalize(posix.join(dir, source)).replace(/\/+$/, "");
        if (!byDir.has(child) || child === dir) continue;
        const inputs = new Map<string, HclExpr>();
        for (const a of it.body.items)
          if (a.kind === "attribute" && !MODULE_META.has(a.name)) inputs.set(a.name, a.expr);
        const list = calls.get(child) ?? [];
        list.push({ callerDir: dir, inputs });
        calls.set(child, list);
      }
    }
  }
  return calls;
}

function modulesOf(files: readonly TfHclFile[]): TfObject[] {
  const byDir = new Map<string, TfHclFile[]>();
  for (const f of files) {
    const d = dirOf(f.file.path);
    const list = byDir.get(d) ?? [];
    list.push(f);
    byDir.set(d, list);
  }
  const calls = localCalls(byDir);
  const scopes = new Map<string, Scope>();
  const scopeOf = (dir: string): Scope => scopes.get(dir) ?? { variable: () => UNKNOWN, local: () => UNKNOWN };
  const out: TfObject[] = [];
  for (const [dir, dirFiles] of byDir) {
    const built = moduleObjects(dir, dirFiles, calls.get(dir) ?? [], scopeOf);
    scopes.set(dir, built.scope);
    out.push(...built.objects);
  }
  return out;
}

/**
 * The objects of one module directory, with the scope its expressions are evaluated in: `var.*`
 * from what the callers in the run pass (a child module: its own .tfvars are not read, as in
 * Terraform; callers that disagree leave the value unknown), else auto-loaded .tfvars, else the
 * default; `local.*` from its locals.
 */
function moduleObjects(
  dir: string,
  files: readonly TfHclFile[],
  calls: readonly ModuleCall[],
  scopeOf: (dir: string) => Scope,
): { objects: TfObject[]; scope: Scope } {
  const defaults = new Map<string, HclExpr>();
  const declared = new Set<string>();
  const localExprs = new Map<string, HclExpr>();
  const tfvars = new Map<string, HclExpr>();
  for (const f of files) {
    const auto = isAutoTfvars(f.file.path);
    for (const it of f.hcl.body.items) {
      if (isTfvars(f.file.path)) {
        if (auto && it.kind === "attribute") tfvars.set(it.name, it.expr);
        continue;
      }
      if (it.kind !== "block") continue;
      if (it.type === "variable" && it.labels[0] !== undefined) {
        declared.add(it.labels[0]);
        for (const a of it.body.items)
          if (a.kind === "attribute" && a.name === "default") defaults.set(it.labels[0], a.expr);
      } else if (it.type === "locals") {
        for (const a of it.body.items) if (a.kind === "attribute") localExprs.set(a.name, a.expr);
      }
    }
  }
  const vars = new Map<string, unknown>();
  const locals = new Map<string, unknown>();
  const evaluating = new Set<string>();
  // Defaults may not reference anything; .tfvars values are literals. Locals may reference vars and locals.
  const noRefs: Scope = { variable: () => UNKNOWN, local: () => UNKNOWN };
  const fromDefault = (name: string): unknown => {
    const e = (calls.length > 0 ? undefined : tfvars.get(name)) ?? defaults.get(name);
    return e && declared.has(name) ? evaluate(e, noRefs) : UNKNOWN;
  };
  const scope: Scope = {
    variable(name) {
      if (!vars.has(name)) {
        if (calls.length === 0 || !declared.has(name)) vars.set(name, fromDefault(name));
        else {
          vars.set(name, UNKNOWN); // while the callers' inputs are evaluated (a cycle stays unknown)
          const values = calls.map((c) => {
            const e = c.inputs.get(name);
            return e ? evaluate(e, scopeOf(c.callerDir)) : fromDefault(name);
          });
          const first = JSON.stringify(values[0]);
          const agreed = values.every((v) => !containsUnknown(v) && JSON.stringify(v) === first);
          vars.set(name, agreed ? values[0] : values.length === 1 ? values[0] : UNKNOWN);
        }
      }
      return vars.get(name);
    },
    local(name) {
      if (locals.has(name)) return locals.get(name);
      const e = localExprs.get(name);
      if (!e || evaluating.has(name)) return UNKNOWN;
      evaluating.add(name);
      const v = evaluate(e, scope);
      evaluating.delete(name);
      locals.set(name, v);
      return v;
    },
  };
  const out: TfObject[] = [];
  for (const f of files) {
    if (isTfvars(f.file.path)) continue;
    const doc = pseudoDoc(f.file);
    for (const it of f.hcl.body.items) {
      if (it.kind !== "block") continue;
      const mode =
        it.type === "resource" ? "resource" : it.type === "data" ? "data" : it.type === "module" ? "module" : undefined;
      if (!mode) continue;
      let type: string | undefined;
      let name: string | undefined;
      if (mode === "module") {
        name = literalLabel(it, 0);
        const src = it.body.items.find((a) => a.kind === "attribute" && a.name === "source");
        type = src && src.kind === "attribute" ? (evaluate(src.expr, scope) as string) : "";
        if (typeof type !== "string") type = "";
      } else {
        type = literalLabel(it, 0);
        name = literalLabel(it, 1);
      }
      if (type === undefined || name === undefined) continue;
      const address =
        mode === "module" ? `module.${name}` : mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      const resource = tfResource(doc, mode === "module" ? "module" : type, address);
      const body = new HclNode(scope, { resource, path: [], span: it.typeSpan }, it.body);
      out.push({ mode, type, name, address, body, module: dir, origin: "hcl" });
    }
  }
  return { objects: out, scope };
}

/** Whether a value is UNKNOWN or holds UNKNOWN somewhere inside. */
function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

// ── plan JSON ────────────────────────────────────────────────────────────────────────────────

/** A `terraform show -json` plan: a top-level object with `format_version` and `resource_changes`. */
export function isPlanJson(v: unknown): boolean {
  return isObject(v) && typeof v.format_version === "string" && Array.isArray(v.resource_changes);
}

class JsonNode implements TfNode {
  constructor(
    readonly value: unknown,
    readonly at: TfLocation,
    /** The same path's value in `after_unknown`: true where the value is known only at apply. */
    private readonly unknownMask: unknown,
  ) {}

  private child(key: string | number): JsonNode {
    const v = this.value as Record<string | number, unknown>;
    const mask =
      this.unknownMask === true
        ? true
        : isObject(this.unknownMask) || Array.isArray(this.unknownMask)
          ? (this.unknownMask as Record<string | number, unknown>)[key]
          : undefined;
    const value = mask === true ? UNKNOWN : v[key];
    return new JsonNode(value, { resource: this.at.resource, path: [...this.at.path, key] }, mask);
  }

  get(name: string): TfNode | undefined {
    if (!isObject(this.value) || !(name in this.value)) {
      // A value known only after apply is not in `after` at all.
      if (isObject(this.unknownMask) && this.unknownMask[name] === true) return this.child(name);
      return undefined;
    }
    return this.child(name);
  }

  blocks(name: string): TfNode[] {
    const c = this.get(name);
    if (!c) return [];
    if (Array.isArray(c.value)) return c.items();
    return isObject(c.value) ? [c] : [];
  }

  items(): TfNode[] {
    return Array.isArray(this.value) ? this.value.map((_, i) => this.child(i)) : [];
  }

  entries(): Array<[string, TfNode]> {
    return isObject(this.value) ? Object.keys(this.value).map((k) => [k, this.child(k)]) : [];
  }

  ref(): undefined {
    return undefined;
  }
}

function planObjects(doc: ParsedDocument): TfObject[] {
  const plan = doc.value as Record<string, unknown>;
  const out: TfObject[] = [];
  (plan.resource_changes as unknown[]).forEach((rc, i) => {
    if (!isObject(rc) || !isObject(rc.change)) return;
    const change = rc.change;
    const actions = Array.isArray(change.actions)
      ? change.actions.filter((a): a is string => typeof a === "string")
      : [];
    const type = typeof rc.type === "string" ? rc.type : "";
    const name = typeof rc.name === "string" ? rc.name : "";
    const address = typeof rc.address === "string" ? rc.address : `${type}.${name}`;
    const mode = rc.mode === "data" ? "data" : "resource";
    const resource: Resource = {
      ...tfResource(doc, type, address, rc),
      basePath: ["resource_changes", i],
    };
    // Deleted objects have no `after`: nothing of them will run.
    const after = isObject(change.after) ? change.after : undefined;
    const body = new JsonNode(after ?? {}, { resource, path: ["change", "after"] }, change.after_unknown);
    const before = isObject(change.before)
      ? new JsonNode(change.before, { resource, path: ["change", "before"] }, undefined)
      : undefined;
    const replacePaths = Array.isArray(change.replace_paths)
      ? change.replace_paths.filter((p): p is unknown[] => Array.isArray(p)).map((p) => p.map(String).join("."))
      : undefined;
    out.push({
      mode,
      type,
      name,
      address,
      body,
      module: doc.file.path,
      actions,
      origin: "plan",
      ...(before ? { before } : {}),
      ...(typeof rc.action_reason === "string" ? { actionReason: rc.action_reason } : {}),
      ...(replacePaths && replacePaths.length > 0 ? { replacePaths } : {}),
    });
  });
  return out;
}

/** The Terraform objects of a run: HCL modules (one per directory) and plan files. */
export function buildTerraform(hclFiles: readonly TfHclFile[], plans: readonly ParsedDocument[]): TerraformSet {
  return { objects: [...modulesOf(hclFiles), ...plans.flatMap(planObjects)] };
}

/** Whether a plan's change destroys the object and creates it anew (`["delete","create"]` or `["create","delete"]`). */
export function isReplace(o: TfObject): boolean {
  return !!o.actions?.includes("delete") && o.actions.includes("create");
}

/** The plan's objects as they are before the change: the plan-side base of a review. */
export const planBefore = perSet(
  (set: TerraformSet): TerraformSet => ({
    objects: set.objects.flatMap((o) =>
      o.origin === "plan" && o.before ? [{ ...o, body: o.before, actions: ["no-op"] as const }] : [],
    ),
  }),
);

/** A node's value as a string, when known. */
export function str(n: TfNode | undefined): string | undefined {
  const v = n?.value;
  return typeof v === "string" ? v : undefined;
}

/** A node's value as a number, when known (Terraform converts numeric strings). */
export function num(n: TfNode | undefined): number | undefined {
  const v = n?.value;
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^[0-9]+$/.test(v)) return Number(v);
  return undefined;
}

export function bool(n: TfNode | undefined): boolean | undefined {
  const v = n?.value;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  return undefined;
}

/** Whether the node exists and its value is not known here. */
export function unknownValue(n: TfNode | undefined): boolean {
  return n !== undefined && isUnknown(n.value);
}
