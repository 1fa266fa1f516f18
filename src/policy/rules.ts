/**
 * The user's own admission policies as rules: one rule per ValidatingAdmissionPolicy, id
 * `policy/<policy name>`, category `policy`, built for each run from the policies and bindings
 * in the checked set and those given with `--policy` / `policies:` (`CheckOptions.policies`).
 * Being ordinary rules, their findings go through configuration, ignores and every format.
 * `set` evaluates every object as a CREATE; `change` (review) evaluates each modified object as
 * an UPDATE with its base as `oldObject`.
 */
import type { Path } from "../model/path.js";
import type { Resource } from "../model/resource.js";
import { perSet } from "../model/set-index.js";
import type { ChangeSet, CheckedSet, CheckOptions, Rule, RuleContext, Severity } from "../rules/types.js";
import { type Binding, isBinding, isPolicy, type Policy, readBinding, readPolicy } from "./documents.js";
import { evaluateBinding, type Outcome } from "./evaluate.js";
import { crdNames, NAMESPACE_NAME_LABEL, type Operation, type ServedAs, servedAs } from "./match.js";

export const POLICY_DOCS = "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/";

/** Deny → error, Warn → warning, Audit → info; the strongest action of the binding wins. */
export function severityOf(b: Binding): Severity | undefined {
  if (b.validationActions.includes("Deny")) return "error";
  if (b.validationActions.includes("Warn")) return "warning";
  if (b.validationActions.includes("Audit")) return "info";
  return undefined;
}

interface Policies {
  policies: Map<string, Policy>;
  bindings: Binding[];
}

function collect(resources: readonly Resource[], extra: readonly Resource[] | undefined): Policies {
  const policies = new Map<string, Policy>();
  const bindings: Binding[] = [];
  for (const r of [...(extra ?? []), ...resources]) {
    if (isPolicy(r)) {
      const p = readPolicy(r);
      if (p && !policies.has(p.name)) policies.set(p.name, p);
    } else if (isBinding(r)) {
      const b = readBinding(r);
      if (b && !bindings.some((x) => x.name === b.name)) bindings.push(b);
    }
  }
  return { policies, bindings };
}

/** Objects a policy may judge: everything but the admission policies and bindings themselves. */
function targets(set: CheckedSet): Resource[] {
  return set.resources.filter((r) => r.kind !== "" && !isPolicy(r) && !isBinding(r));
}

const namespacesOf = perSet((set: CheckedSet) => {
  const out = new Map<string, Resource>();
  for (const r of set.resources) if (r.group === "" && r.kind === "Namespace" && r.name) out.set(r.name, r);
  return out;
});
const crdsOf = perSet((set: CheckedSet) => crdNames(set.resources));

interface Judged {
  object: Resource;
  oldObject: Resource | undefined;
  operation: Operation;
}

/** Evaluates one policy's bindings over objects and reports what they say. */
function judge(
  policy: Policy,
  bindings: readonly Binding[],
  set: CheckedSet,
  objects: readonly Judged[],
  ctx: RuleContext,
) {
  const namespaces = namespacesOf(set);
  const crds = crdsOf(set);
  const once = new Set<string>();
  const reportOnce = (key: string, resource: Resource, path: Path, message: string, severity: Severity) => {
    if (once.has(key)) return;
    once.add(key);
    ctx.report({ resource, path, message, severity });
  };
  const paramCandidates = policy.paramKind
    ? [...set.resources, ...(ctx.options.policies ?? [])].filter(
        (r) => r.apiVersion === policy.paramKind?.apiVersion && r.kind === policy.paramKind?.kind,
      )
    : [];
  for (const binding of bindings) {
    const severity = severityOf(binding);
    if (!severity) continue;
    const unknownNamespaces = new Map<string, number>();
    for (const { object, oldObject, operation } of objects) {
      const served: ServedAs = servedAs(object, crds);
      const namespaceName = served.namespaced ? object.namespace : undefined;
      const ns = namespaceName !== undefined ? namespaces.get(namespaceName) : undefined;
      const outcomes: Outcome[] = evaluateBinding({
        policy,
        binding,
        object,
        oldObject,
        operation,
        served,
        namespace: ns,
        namespaceName,
        namespaceLabels: ns ? { ...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name } : undefined,
        paramCandidates,
      });
      for (const o of outcomes) {
        switch (o.kind) {
          case "violation": {
            const verb =
              severity === "error"
                ? `ValidatingAdmissionPolicy '${policy.name}' with binding '${binding.name}' denied request: `
                : `Validation failed for ValidatingAdmissionPolicy '${policy.name}' with binding '${binding.name}': `;
            ctx.report({ resource: object, path: o.path, message: `${verb}${o.message}`, severity });
            break;
          }
          case "not-evaluated":
            reportOnce(
              `skip:${o.expression.path.join(".")}`,
              policy.resource,
              o.expression.path,
              `not evaluated: expression '${o.expression.expression}' ${o.reason}`,
              "info",
            );
            break;
          case "invalid":
            reportOnce(
              `invalid:${o.expression.path.join(".")}`,
              policy.resource,
              o.expression.path,
              `expression '${o.expression.expression}' does not compile, so the API server refuses this policy: ${o.message}`,
              "error",
            );
            break;
          case "params-unknown":
            reportOnce(
              `params:${binding.name}`,
              binding.resource,
              ["spec", "paramRef"],
              `not evaluated: binding '${binding.name}' needs ${policy.paramKind?.kind ?? "parameter"} objects${binding.paramRef?.name ? ` named '${binding.paramRef.name}'` : ""} that are not in the checked set`,
              "info",
            );
            break;
          case "namespace-unknown": {
            const key = o.namespace ?? "(the namespace it is applied to)";
            unknownNamespaces.set(key, (unknownNamespaces.get(key) ?? 0) + 1);
            break;
          }
        }
      }
    }
    if (unknownNamespaces.size > 0) {
      const list = [...unknownNamespaces].map(([n, c]) => `${n} (${c} object${c > 1 ? "s" : ""})`).join(", ");
      ctx.report({
        resource: binding.resource,
        path: binding.matchResources?.namespaceSelector ? ["spec", "matchResources", "namespaceSelector"] : [],
        message: `not evaluated on objects in ${list}: whether the policy applies depends on namespace labels, and no Namespace document in the checked set gives them`,
        severity: "info",
      });
    }
  }
}

function policyRule(policy: Policy, all: Policies): Rule {
  const bindingsOf = (p: Policies) => p.bindings.filter((b) => b.policyName === policy.name);
  return {
    id: `policy/${policy.name}`,
    category: "policy",
    severity: "error",
    summary: `ValidatingAdmissionPolicy ${policy.name}`,
    rationale:
      "The cluster's own admission policy: the API server evaluates it on every matching request, and with validationActions Deny it refuses the object.",
    remediation:
      "Change the object so that the policy's validations hold, or change the binding so that it does not match the object.",
    links: [{ title: "ValidatingAdmissionPolicy", url: POLICY_DOCS }],
    examples: { valid: [], invalid: [] },
    // It judges every object the policy matches, workloads included.
    wholeSet: true,
    set(set, ctx) {
      const bindings = bindingsOf(all);
      if (bindings.length === 0) {
        ctx.report({
          resource: policy.resource,
          path: [],
          message: `not evaluated: no ValidatingAdmissionPolicyBinding in the checked set binds policy '${policy.name}', and an unbound policy does nothing`,
          severity: "info",
        });
        return;
      }
      judge(
        policy,
        bindings,
        set,
        targets(set).map((object) => ({ object, oldObject: undefined, operation: "CREATE" })),
        ctx,
      );
    },
    change(change: ChangeSet, ctx) {
      const bindings = bindingsOf(all);
      const objects: Judged[] = [];
      for (const c of change.resources)
        if (c.base && c.head && !isPolicy(c.head) && !isBinding(c.head))
          objects.push({ object: c.head, oldObject: c.base, operation: "UPDATE" });
      judge(policy, bindings, change.head, objects, ctx);
    },
  };
}

/**
 * A policy that is in neither the set nor `--policy` but that bindings name (it may be installed
 * in the cluster): its rule says, once per binding, that it was not evaluated.
 */
function absentPolicyRule(policyName: string, bindings: readonly Binding[]): Rule {
  return {
    id: `policy/${policyName}`,
    category: "policy",
    severity: "info",
    summary: `ValidatingAdmissionPolicy ${policyName} (not in the checked set)`,
    rationale:
      "A binding names this policy, which may be installed in the cluster; mlgate evaluates only the policies it is given.",
    remediation: "Check the policy in beside its binding, or pass it with --policy (or policies: in .mlgate.yaml).",
    links: [{ title: "ValidatingAdmissionPolicy", url: POLICY_DOCS }],
    examples: { valid: [], invalid: [] },
    set(_set, ctx) {
      for (const b of bindings)
        ctx.report({
          resource: b.resource,
          path: ["spec", "policyName"],
          message: `not evaluated: binding '${b.name}' names policy '${policyName}', which is not in the checked set (give it with --policy)`,
        });
    },
  };
}

/** The rules for the policies of a run: one per policy in the set or in `options.policies`. */
export function policyRules(resources: readonly Resource[], options: Pick<CheckOptions, "policies">): Rule[] {
  const all = collect(resources, options.policies);
  const rules: Rule[] = [...all.policies.values()].map((p) => policyRule(p, all));
  const absent = new Map<string, Binding[]>();
  for (const b of all.bindings)
    if (!all.policies.has(b.policyName)) absent.set(b.policyName, [...(absent.get(b.policyName) ?? []), b]);
  for (const [name, bindings] of absent) rules.push(absentPolicyRule(name, bindings));
  return rules;
}
