/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding documents read into what the
 * evaluation needs, with the path of every expression (for positions). Field names and defaults
 * follow the admissionregistration.k8s.io/v1 API reference:
 * https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/validating-admission-policy-v1/
 */
import type { Path } from "../model/path.js";
import { asArray, asObject, asString, type JsonObject, type Resource } from "../model/resource.js";

export const VAP_GROUP = "admissionregistration.k8s.io";

export interface Expression {
  readonly expression: string;
  /** Path of the `expression` field within the policy resource. */
  readonly path: Path;
}

export interface NamedExpression extends Expression {
  readonly name: string;
}

export interface Validation extends Expression {
  readonly index: number;
  readonly message: string | undefined;
  readonly messageExpression: Expression | undefined;
  readonly reason: string | undefined;
  readonly fieldPath: string | undefined;
}

export interface ResourceRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  readonly operations: readonly string[];
  readonly scope: string;
  readonly resourceNames: readonly string[];
}

export interface MatchResources {
  readonly namespaceSelector: JsonObject | undefined;
  readonly objectSelector: JsonObject | undefined;
  readonly resourceRules: readonly ResourceRule[];
  readonly excludeResourceRules: readonly ResourceRule[];
}

export interface Policy {
  readonly resource: Resource;
  readonly name: string;
  readonly failurePolicy: "Fail" | "Ignore";
  readonly paramKind: { apiVersion: string; kind: string } | undefined;
  readonly matchConstraints: MatchResources | undefined;
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
  readonly validations: readonly Validation[];
}

export interface ParamRef {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly selector: JsonObject | undefined;
  readonly parameterNotFoundAction: "Allow" | "Deny";
}

export interface Binding {
  readonly resource: Resource;
  readonly name: string;
  readonly policyName: string;
  readonly paramRef: ParamRef | undefined;
  readonly matchResources: MatchResources | undefined;
  readonly validationActions: readonly ("Deny" | "Warn" | "Audit")[];
}

export function isPolicy(r: Resource): boolean {
  return r.group === VAP_GROUP && r.kind === "ValidatingAdmissionPolicy";
}

export function isBinding(r: Resource): boolean {
  return r.group === VAP_GROUP && r.kind === "ValidatingAdmissionPolicyBinding";
}

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");

function resourceRules(v: unknown): ResourceRule[] {
  return asArray(v).flatMap((x) => {
    const o = asObject(x);
    if (!o) return [];
    return [
      {
        apiGroups: strings(o.apiGroups),
        apiVersions: strings(o.apiVersions),
        resources: strings(o.resources),
        operations: strings(o.operations),
        scope: asString(o.scope) ?? "*",
        resourceNames: strings(o.resourceNames),
      },
    ];
  });
}

function matchResources(v: unknown): MatchResources | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  return {
    namespaceSelector: asObject(o.namespaceSelector),
    objectSelector: asObject(o.objectSelector),
    resourceRules: resourceRules(o.resourceRules),
    excludeResourceRules: resourceRules(o.excludeResourceRules),
  };
}

function named(v: unknown, at: Path): NamedExpression[] {
  return asArray(v).flatMap((x, i) => {
    const o = asObject(x);
    const expression = asString(o?.expression);
    if (!o || expression === undefined) return [];
    return [{ name: asString(o.name) ?? "", expression, path: [...at, i, "expression"] }];
  });
}

export function readPolicy(r: Resource): Policy | undefined {
  if (!r.name) return undefined;
  const spec = asObject(r.value.spec) ?? {};
  const pk = asObject(spec.paramKind);
  const validations: Validation[] = [];
  asArray(spec.validations).forEach((x, i) => {
    const o = asObject(x);
    const expression = asString(o?.expression);
    if (!o || expression === undefined) return;
    const messageExpression = asString(o.messageExpression);
    validations.push({
      index: i,
      expression,
      path: ["spec", "validations", i, "expression"],
      message: asString(o.message),
      messageExpression:
        messageExpression !== undefined
          ? { expression: messageExpression, path: ["spec", "validations", i, "messageExpression"] }
          : undefined,
      reason: asString(o.reason),
      fieldPath: asString(o.fieldPath),
    });
  });
  return {
    resource: r,
    name: r.name,
    failurePolicy: spec.failurePolicy === "Ignore" ? "Ignore" : "Fail",
    paramKind:
      pk && typeof pk.apiVersion === "string" && typeof pk.kind === "string"
        ? { apiVersion: pk.apiVersion, kind: pk.kind }
        : undefined,
    matchConstraints: matchResources(spec.matchConstraints),
    matchConditions: named(spec.matchConditions, ["spec", "matchConditions"]),
    variables: named(spec.variables, ["spec", "variables"]),
    validations,
  };
}

export function readBinding(r: Resource): Binding | undefined {
  const spec = asObject(r.value.spec) ?? {};
  const policyName = asString(spec.policyName);
  if (!r.name || !policyName) return undefined;
  const pr = asObject(spec.paramRef);
  const actions = strings(spec.validationActions).filter(
    (a): a is "Deny" | "Warn" | "Audit" => a === "Deny" || a === "Warn" || a === "Audit",
  );
  return {
    resource: r,
    name: r.name,
    policyName,
    paramRef: pr
      ? {
          name: asString(pr.name),
          namespace: asString(pr.namespace),
          selector: asObject(pr.selector),
          parameterNotFoundAction: pr.parameterNotFoundAction === "Allow" ? "Allow" : "Deny",
        }
      : undefined,
    matchResources: matchResources(spec.matchResources),
    validationActions: actions,
  };
}
