/**
 * Which objects a policy and its binding apply to: resource rules, label selectors, operations.
 * Semantics of admissionregistration.k8s.io/v1 MatchResources and metav1.LabelSelector
 * (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/).
 */
import { BUILTIN_RESOURCES, guessPlural } from "../catalog/api-resources.js";
import { asArray, asObject, asString, isObject, type JsonObject, type Resource } from "../model/resource.js";
import type { MatchResources, ResourceRule } from "./documents.js";

/** The label every namespace carries with its own name (set by the API server since 1.22). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export type Operation = "CREATE" | "UPDATE";

/** Where the API server serves a kind: its resource name and scope. */
export interface ServedAs {
  readonly resource: string;
  readonly namespaced: boolean;
}

/** Names and scopes of custom resources from the CustomResourceDefinitions in the set, by `group/Kind`. */
export function crdNames(resources: readonly Resource[]): Map<string, ServedAs> {
  const out = new Map<string, ServedAs>();
  for (const r of resources) {
    if (r.kind !== "CustomResourceDefinition" || r.group !== "apiextensions.k8s.io") continue;
    const spec = asObject(r.value.spec);
    const names = asObject(spec?.names);
    const group = asString(spec?.group);
    const kind = asString(names?.kind);
    if (!group || !kind) continue;
    out.set(`${group}/${kind}`, {
      resource: asString(names?.plural) ?? guessPlural(kind),
      namespaced: spec?.scope !== "Cluster",
    });
  }
  return out;
}

export function servedAs(r: Resource, crds: ReadonlyMap<string, ServedAs>): ServedAs {
  const key = `${r.group}/${r.kind}`;
  const builtin = BUILTIN_RESOURCES[key];
  if (builtin) return { resource: builtin.plural, namespaced: builtin.namespaced };
  return crds.get(key) ?? { resource: guessPlural(r.kind), namespaced: true };
}

const any = (list: readonly string[], v: string) => list.includes("*") || list.includes(v);

export function ruleMatches(rule: ResourceRule, r: Resource, served: ServedAs, op: Operation): boolean {
  if (!any(rule.operations, op)) return false;
  if (!any(rule.apiGroups, r.group) || !any(rule.apiVersions, r.version)) return false;
  // Subresources (`pods/status`) never match the object itself; `*` and `name` do.
  if (!rule.resources.some((x) => x === "*" || x === served.resource)) return false;
  if (rule.scope === "Cluster" && served.namespaced) return false;
  if (rule.scope === "Namespaced" && !served.namespaced) return false;
  if (rule.resourceNames.length > 0 && !rule.resourceNames.includes(r.name ?? "")) return false;
  return true;
}

/**
 * Whether labels satisfy a selector: true, false, or undefined when `complete` is false (only some
 * labels are known, e.g. a namespace known only by its name) and an unknown label could decide.
 */
export function selectorMatches(
  selector: JsonObject | undefined,
  labels: Readonly<Record<string, unknown>>,
  complete = true,
): boolean | undefined {
  if (!selector) return true;
  const requirements: Array<{ key: string; op: string; values: string[] }> = [];
  const ml = asObject(selector.matchLabels) ?? {};
  for (const [key, v] of Object.entries(ml)) requirements.push({ key, op: "In", values: [String(v)] });
  for (const e of asArray(selector.matchExpressions)) {
    if (!isObject(e)) continue;
    const key = asString(e.key) ?? "";
    requirements.push({ key, op: asString(e.operator) ?? "", values: asArray(e.values).map(String) });
  }
  let unknown = false;
  for (const req of requirements) {
    const present = Object.hasOwn(labels, req.key);
    if (!present && !complete) {
      unknown = true;
      continue;
    }
    const value = present ? String(labels[req.key]) : undefined;
    let ok: boolean;
    switch (req.op) {
      case "In":
        ok = present && req.values.includes(value as string);
        break;
      case "NotIn":
        ok = !present || !req.values.includes(value as string);
        break;
      case "Exists":
        ok = present;
        break;
      case "DoesNotExist":
        ok = !present;
        break;
      default:
        ok = false;
    }
    if (!ok) return false;
  }
  return unknown ? undefined : true;
}

export interface MatchInput {
  readonly object: Resource;
  readonly served: ServedAs;
  readonly operation: Operation;
  /** The namespace's labels: undefined when its Namespace document is not in the set. */
  readonly namespaceLabels: Readonly<Record<string, unknown>> | undefined;
  /** The namespace's name when known (labels then include kubernetes.io/metadata.name). */
  readonly namespaceName: string | undefined;
}

/** true, false, or "namespace-unknown" when only the namespace's labels could decide. */
export function matchesResources(
  m: MatchResources | undefined,
  input: MatchInput,
  requireRules: boolean,
): boolean | "namespace-unknown" {
  if (!m) return !requireRules;
  const { object, served, operation } = input;
  if (m.resourceRules.length > 0 || requireRules) {
    if (!m.resourceRules.some((rule) => ruleMatches(rule, object, served, operation))) return false;
  }
  if (m.excludeResourceRules.some((rule) => ruleMatches(rule, object, served, operation))) return false;
  if (selectorMatches(m.objectSelector, object.labels) === false) return false;
  // namespaceSelector: a Namespace is matched on its own labels; other cluster-scoped objects always match.
  if (m.namespaceSelector) {
    let verdict: boolean | undefined;
    if (object.group === "" && object.kind === "Namespace")
      verdict = selectorMatches(m.namespaceSelector, { ...object.labels, [NAMESPACE_NAME_LABEL]: object.name ?? "" });
    else if (!served.namespaced) verdict = true;
    else if (input.namespaceLabels) verdict = selectorMatches(m.namespaceSelector, input.namespaceLabels);
    else {
      // A namespace outside the set: only its name label is known, the others could decide.
      const known = input.namespaceName !== undefined ? { [NAMESPACE_NAME_LABEL]: input.namespaceName } : {};
      verdict = selectorMatches(m.namespaceSelector, known, false);
    }
    if (verdict === false) return false;
    if (verdict === undefined) return "namespace-unknown";
  }
  return true;
}
