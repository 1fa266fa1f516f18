/**
 * Label selectors as the API server evaluates them (metav1.LabelSelectorAsSelector and
 * labels.Selector.Matches, k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go and pkg/labels):
 * every matchLabels pair and every matchExpressions requirement must hold.
 */
import { asArray, asObject, asString, type JsonObject } from "./resource.js";

export type SelectorProblem =
  | { kind: "label"; key: string; want: string; got: string | undefined }
  | { kind: "expression"; index: number; text: string }
  | { kind: "unreadable" };

function requirementHolds(req: JsonObject, labels: Record<string, unknown>): boolean | undefined {
  const key = asString(req.key);
  const op = asString(req.operator);
  if (key === undefined || op === undefined) return undefined;
  const has = Object.hasOwn(labels, key);
  const value = has ? String(labels[key]) : undefined;
  const values = asArray(req.values).map((v) => String(v));
  switch (op) {
    case "In":
      return has && values.includes(value as string);
    case "NotIn":
      return !has || !values.includes(value as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return undefined;
  }
}

/** Whether a LabelSelector selects a set of labels; undefined when it cannot be read (an unknown operator, a non-mapping). */
export function selectorProblems(selector: unknown, labels: Record<string, unknown>): SelectorProblem[] {
  const sel = asObject(selector);
  if (!sel) return [{ kind: "unreadable" }];
  const out: SelectorProblem[] = [];
  const matchLabels = asObject(sel.matchLabels) ?? {};
  for (const [key, want] of Object.entries(matchLabels)) {
    if (want === null || typeof want === "object") continue;
    const got = Object.hasOwn(labels, key) ? String(labels[key]) : undefined;
    if (got !== String(want)) out.push({ kind: "label", key, want: String(want), got });
  }
  asArray(sel.matchExpressions).forEach((e, index) => {
    const req = asObject(e);
    if (!req) return;
    const holds = requirementHolds(req, labels);
    if (holds === false) {
      const values = asArray(req.values).map(String);
      const text = `${String(req.key)} ${String(req.operator)}${values.length ? ` (${values.join(", ")})` : ""}`;
      out.push({ kind: "expression", index, text });
    }
  });
  return out;
}

/** A selector with no matchLabels and no matchExpressions (selects everything). */
export function selectorIsEmpty(selector: unknown): boolean {
  const sel = asObject(selector);
  if (!sel) return false;
  return Object.keys(asObject(sel.matchLabels) ?? {}).length === 0 && asArray(sel.matchExpressions).length === 0;
}
