/**
 * One binding of one ValidatingAdmissionPolicy evaluated on one object, as the API server's
 * admission plugin does (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/):
 * match constraints and the binding's match resources, then matchConditions (all must hold),
 * variables, and each validation; a false validation is a violation with its message, an
 * expression that errors is a violation only under failurePolicy Fail. What cannot be known
 * before apply (who applies it, the authorizer, a namespace's labels outside the set, parameters
 * outside the set) is reported as not evaluated, never as a pass or a failure.
 */
import { type CelProgram, compileCel } from "../cel/index.js";
import type { Path } from "../model/path.js";
import type { Resource } from "../model/resource.js";
import type { Binding, Expression, Policy } from "./documents.js";
import { matchesResources, type Operation, type ServedAs, selectorMatches } from "./match.js";

export type Outcome =
  | {
      readonly kind: "violation";
      readonly message: string;
      /** Path in the object the validation's fieldPath names, when it names one. */
      readonly path: Path;
    }
  /** An expression that cannot be evaluated offline: reported once per expression. */
  | { readonly kind: "not-evaluated"; readonly expression: Expression; readonly reason: string }
  /** The policy would apply only if a label of a namespace outside the set says so. */
  | { readonly kind: "namespace-unknown"; readonly namespace: string | undefined }
  /** paramKind objects the binding names are not in the set. */
  | { readonly kind: "params-unknown" }
  /** An expression that does not compile: the API server refuses the policy itself. */
  | { readonly kind: "invalid"; readonly expression: Expression; readonly message: string };

export interface EvaluationInput {
  readonly policy: Policy;
  readonly binding: Binding;
  readonly object: Resource;
  /** The object before the change, for UPDATE (a review's modified object). */
  readonly oldObject: Resource | undefined;
  readonly operation: Operation;
  readonly served: ServedAs;
  /** The namespace object (labels include kubernetes.io/metadata.name) when its document is in the set. */
  readonly namespace: Resource | undefined;
  /** Namespace the object lands in, when known (its metadata.namespace). */
  readonly namespaceName: string | undefined;
  /** Objects of the policy's paramKind in the set. */
  readonly paramCandidates: readonly Resource[];
  readonly namespaceLabels: Readonly<Record<string, unknown>> | undefined;
}

/** Variables the API server gives policies that cannot be known before apply. */
const UNKNOWABLE: ReadonlyArray<[RegExp, string]> = [
  [/^authorizer(\.|$)/, "authorizer (it asks the cluster who may do what)"],
  [/^request\.(userInfo|uid|dryRun)(\.|$)/, "request.userInfo (who applies the change is not known before apply)"],
];

type Compiled =
  | { kind: "ok"; program: CelProgram }
  | { kind: "skip"; reason: string }
  | { kind: "invalid"; message: string };

/** `namespaceUnknown`: the object's namespace, whose Namespace document is not in the set, when it has one. */
function compileIn(e: Expression, namespaceUnknown: string | undefined | false): Compiled {
  const c = compileCel(e.expression);
  if (c.kind === "syntax-error") return { kind: "invalid", message: c.message };
  if (c.kind === "unsupported") return { kind: "skip", reason: c.message };
  for (const sel of [...c.program.selections, ...c.program.identifiers])
    for (const [re, why] of UNKNOWABLE) if (re.test(sel)) return { kind: "skip", reason: `reads ${why}` };
  if (namespaceUnknown !== false && c.program.identifiers.has("namespaceObject"))
    return {
      kind: "skip",
      reason: `reads namespaceObject, and the Namespace ${namespaceUnknown ? `'${namespaceUnknown}' ` : "the object is applied to "}is not in the checked set`,
    };
  return { kind: "ok", program: c.program };
}

function gvk(r: Resource) {
  return { group: r.group, version: r.version, kind: r.kind };
}

function parseFieldPath(fieldPath: string): Path {
  const out: Array<string | number> = [];
  const re = /\.?([A-Za-z0-9_$-]+)|\[(\d+)\]|\['([^']*)'\]/gy;
  let at = 0;
  const text = fieldPath.trim();
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) break;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
    at = re.lastIndex;
  }
  return at === text.length ? out : [];
}

function exists(root: unknown, path: Path): boolean {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return false;
    if (!Object.hasOwn(cur as object, k as string)) return false;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return true;
}

/** Evaluates one binding on one object; an empty list means the object passes (or is not matched). */
export function evaluateBinding(input: EvaluationInput): Outcome[] {
  const { policy, binding, object, operation, served } = input;
  const match = {
    object,
    served,
    operation,
    namespaceLabels: input.namespaceLabels,
    namespaceName: input.namespaceName,
  };
  const byPolicy = matchesResources(policy.matchConstraints, match, true);
  if (byPolicy === false) return [];
  const byBinding = matchesResources(binding.matchResources, match, false);
  if (byBinding === false) return [];
  if (byPolicy === "namespace-unknown" || byBinding === "namespace-unknown")
    return [{ kind: "namespace-unknown", namespace: input.namespaceName }];

  // Parameters: each matching object is one evaluation, as the API server does.
  let paramSets: Array<Resource | null> = [null];
  if (policy.paramKind) {
    const ref = binding.paramRef;
    if (!ref) return [{ kind: "params-unknown" }];
    const found = input.paramCandidates.filter((p) => {
      if (ref.name !== undefined && p.name !== ref.name) return false;
      const ns = ref.namespace ?? input.namespaceName;
      if (p.namespace !== undefined && ns !== undefined && p.namespace !== ns) return false;
      if (ref.selector && selectorMatches(ref.selector, p.labels) !== true) return false;
      return true;
    });
    if (found.length === 0) return [{ kind: "params-unknown" }];
    paramSets = found;
  }

  // A namespaced object whose Namespace document is not in the set: namespaceObject is unknown.
  const namespaceUnknown = served.namespaced && !input.namespace ? input.namespaceName : false;
  const compile = (e: Expression) => compileIn(e, namespaceUnknown);
  const out: Outcome[] = [];
  const fail = (e: Expression, message: string) => {
    if (policy.failurePolicy === "Fail")
      out.push({ kind: "violation", path: [], message: `expression '${e.expression}' resulted in error: ${message}` });
  };
  for (const params of paramSets) {
    const bindings: Record<string, unknown> = {
      object: object.value,
      oldObject: input.oldObject ? input.oldObject.value : null,
      params: params ? params.value : null,
      namespaceObject: served.namespaced ? (input.namespace?.value ?? null) : null,
      request: {
        operation,
        kind: gvk(object),
        resource: { group: object.group, version: object.version, resource: served.resource },
        requestKind: gvk(object),
        requestResource: { group: object.group, version: object.version, resource: served.resource },
        name: object.name ?? "",
        namespace: served.namespaced ? (input.namespaceName ?? "") : "",
      },
    };
    // matchConditions: any false skips the policy (whatever else errs); then a condition that
    // cannot be known leaves it not evaluated; then an error is the failure policy's.
    let skipped: Outcome | undefined;
    let errored: { e: Expression; message: string } | undefined;
    let anyFalse = false;
    for (const mc of policy.matchConditions) {
      const c = compile(mc);
      if (c.kind === "invalid") return [{ kind: "invalid", expression: mc, message: c.message }];
      if (c.kind === "skip") {
        skipped ??= { kind: "not-evaluated", expression: mc, reason: c.reason };
        continue;
      }
      const r = c.program.run(bindings);
      if (r.kind === "error") errored ??= { e: mc, message: r.message };
      else if (r.value !== true) anyFalse = true;
    }
    if (anyFalse) continue;
    if (skipped) {
      out.push(skipped);
      continue;
    }
    if (errored) {
      fail(errored.e, errored.message);
      continue;
    }
    // Variables, in order; each may read the ones before it.
    const vars = new Map<string, unknown>();
    const varErrors = new Map<string, string>();
    const varSkips = new Map<string, Outcome>();
    bindings.variables = vars;
    for (const v of policy.variables) {
      const c = compile(v);
      if (c.kind === "invalid") return [{ kind: "invalid", expression: v, message: c.message }];
      if (c.kind === "skip") {
        varSkips.set(v.name, { kind: "not-evaluated", expression: v, reason: c.reason });
        continue;
      }
      const r = c.program.run(bindings);
      if (r.kind === "error") varErrors.set(v.name, r.message);
      else vars.set(v.name, r.raw);
    }
    for (const val of policy.validations) {
      const c = compile(val);
      if (c.kind === "invalid") {
        out.push({ kind: "invalid", expression: val, message: c.message });
        continue;
      }
      if (c.kind === "skip") {
        out.push({ kind: "not-evaluated", expression: val, reason: c.reason });
        continue;
      }
      const usedVars = [...c.program.selections]
        .filter((s) => s.startsWith("variables."))
        .map((s) => s.split(".")[1] ?? "");
      const skipped = usedVars.map((n) => varSkips.get(n)).find((x) => x !== undefined);
      if (skipped) {
        out.push(skipped);
        continue;
      }
      const broken = usedVars.find((n) => varErrors.has(n));
      if (broken !== undefined) {
        fail(val, `variable '${broken}': ${varErrors.get(broken)}`);
        continue;
      }
      const r = c.program.run(bindings);
      if (r.kind === "error") {
        fail(val, r.message);
        continue;
      }
      if (typeof r.value !== "boolean") {
        fail(val, `expected a bool, got ${JSON.stringify(r.value)}`);
        continue;
      }
      if (r.value) continue;
      let message = val.message ?? `failed expression: ${val.expression}`;
      if (val.messageExpression) {
        const mc = compile(val.messageExpression);
        if (mc.kind === "ok") {
          const m = mc.program.run(bindings);
          // A multi-line or empty result is discarded, as the API server discards it.
          if (m.kind === "value" && typeof m.value === "string" && m.value.trim() !== "" && !m.value.includes("\n"))
            message = m.value;
        }
      }
      let path: Path = [];
      if (val.fieldPath) {
        const p = parseFieldPath(val.fieldPath);
        if (exists(object.value, p)) path = p;
      }
      out.push({ kind: "violation", path, message });
    }
  }
  return out;
}
