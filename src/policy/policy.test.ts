import { describe, expect, it } from "vitest";
import { buildSet, checkTexts } from "../check.js";
import { EMPTY_CONFIG } from "../config/config.js";
import type { Finding } from "../findings/finding.js";
import { SourceFile } from "../load/types.js";
import { reviewTexts } from "../review/review.js";
import { ALL_RULES } from "../rules/index.js";
import { parseAdmissionReview } from "../serve/admission.js";
import { type AdmissionPolicy, decide } from "../serve/decide.js";

/** A policy with one validation over Deployments, and its binding; `over` replaces parts. */
function vap(
  name: string,
  opts: {
    expression?: string;
    actions?: string;
    policySpec?: string;
    bindingSpec?: string;
    validation?: string;
    resources?: string;
  } = {},
): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}}
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: [${opts.resources ?? "deployments"}]
${opts.policySpec ?? ""}  validations:
    - expression: ${JSON.stringify(opts.expression ?? "object.spec.replicas <= 5")}
${opts.validation ?? ""}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}-binding}
spec:
  policyName: ${name}
  validationActions: [${opts.actions ?? "Deny"}]
${opts.bindingSpec ?? ""}`;
}

function deployment(name: string, replicas: number, extra = "", meta = ""): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ml
${meta}spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
${extra}`;
}

const policyOnly = (texts: string[], opts: Parameters<typeof checkTexts>[1] = {}): Finding[] =>
  checkTexts(
    texts.map((text, i) => ({ path: `f${i}.yaml`, text })),
    opts,
  ).findings.filter((f) => f.category === "policy");

const line = (f: Finding) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.resource?.name}: ${f.message}`;

describe("ValidatingAdmissionPolicy in check", () => {
  it("a policy in the set denies a manifest in the same set, at the document", () => {
    const found = policyOnly([vap("max-replicas") + deployment("big", 6) + deployment("small", 2)]);
    expect(found.map(line)).toEqual([
      "policy/max-replicas error f0.yaml:21 big: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5",
    ]);
  });

  it("validationActions give the severity: Warn → warning, Audit → info, Deny wins", () => {
    expect(
      policyOnly([vap("p", { actions: "Warn" }) + deployment("big", 6)]).map((f) => [f.severity, f.message]),
    ).toEqual([
      [
        "warning",
        "Validation failed for ValidatingAdmissionPolicy 'p' with binding 'p-binding': failed expression: object.spec.replicas <= 5",
      ],
    ]);
    expect(policyOnly([vap("p", { actions: "Audit" }) + deployment("big", 6)])[0]?.severity).toBe("info");
    expect(policyOnly([vap("p", { actions: "Deny, Audit" }) + deployment("big", 6)])[0]?.severity).toBe("error");
  });

  it("message, messageExpression (falling back on error), and fieldPath positions", () => {
    const found = policyOnly([
      vap("p", {
        validation: `      message: "too many"
      fieldPath: "spec.replicas"
    - expression: "object.spec.replicas % 2 == 0"
      messageExpression: "'odd: ' + string(object.spec.replicas)"
    - expression: "object.spec.replicas < 3"
      message: "static"
      messageExpression: "object.spec.nope"
`,
      }) + deployment("big", 7),
    ]);
    expect(found.map((f) => `${f.line}:${f.column} ${f.path} ${f.message.replace(/^.*denied request: /, "")}`)).toEqual(
      ["28:1  odd: 7", "28:1  static", "34:13 spec.replicas too many"],
    );
  });

  it("failurePolicy: an expression that errs denies under Fail (default), nothing under Ignore", () => {
    const errs = vap("p", { expression: "object.spec.missing > 1" }) + deployment("d", 1);
    expect(policyOnly([errs]).map((f) => f.message)).toEqual([
      "ValidatingAdmissionPolicy 'p' with binding 'p-binding' denied request: expression 'object.spec.missing > 1' resulted in error: field not found: missing",
    ]);
    const ignored =
      vap("p", { expression: "object.spec.missing > 1", policySpec: "  failurePolicy: Ignore\n" }) + deployment("d", 1);
    expect(policyOnly([ignored])).toEqual([]);
  });

  it("resource rules: other kinds, excluded resources, resourceNames and objectSelector are not judged", () => {
    const cm = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ml}\ndata: {a: b}\n";
    expect(policyOnly([vap("p", { expression: "false" }) + cm])).toEqual([]);
    const names = vap("p", {
      expression: "false",
      policySpec: "",
      bindingSpec: "  matchResources:\n    objectSelector: {matchLabels: {tier: gpu}}\n",
    });
    const labelled = deployment("a", 1, "", "  labels: {tier: gpu}\n");
    expect(policyOnly([names + labelled + deployment("b", 1)]).map((f) => f.resource?.name)).toEqual(["a"]);
    const excluded = vap("p", {
      expression: "false",
      bindingSpec:
        "  matchResources:\n    excludeResourceRules:\n      - {apiGroups: [apps], apiVersions: [v1], operations: ['*'], resources: [deployments], resourceNames: [a]}\n",
    });
    expect(policyOnly([excluded + deployment("a", 1) + deployment("b", 1)]).map((f) => f.resource?.name)).toEqual([
      "b",
    ]);
  });

  it("a custom resource's plural and scope come from its CRD in the set", () => {
    const policy = vap("p", { expression: "false", resources: "trainingruns" })
      .replace('apiGroups: ["apps"]', 'apiGroups: ["ml.example.com"]')
      .replace('apiVersions: ["v1"]', 'apiVersions: ["v1"]');
    const crd = `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: trainingruns.ml.example.com}
spec:
  group: ml.example.com
  scope: Namespaced
  names: {kind: TrainRun, plural: trainingruns, singular: trainrun}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
---
apiVersion: ml.example.com/v1
kind: TrainRun
metadata: {name: r, namespace: ml}
`;
    expect(policyOnly([policy + crd]).map((f) => f.resource?.kind)).toEqual(["TrainRun"]);
    // Without the CRD the API machinery's guess (trainruns) does not match the policy's name.
    expect(policyOnly([policy + crd.split("---\n")[2]?.replace(/^/, "---\n")])).toEqual([]);
  });

  it("namespaceSelector: labels from Namespace documents; unknown namespaces are not evaluated, said once per binding", () => {
    const policy = vap("p", {
      expression: "false",
      bindingSpec: "  matchResources:\n    namespaceSelector: {matchLabels: {env: prod}}\n",
    });
    const ns = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ml, labels: {env: prod}}\n";
    expect(policyOnly([policy + ns + deployment("a", 1)]).map((f) => f.resource?.name)).toEqual(["a"]);
    const unknown = policyOnly([policy + deployment("a", 1) + deployment("b", 1)]);
    expect(unknown.map(line)).toEqual([
      "policy/p info f0.yaml:21 p-binding: not evaluated on objects in ml (2 objects): whether the policy applies depends on namespace labels, and no Namespace document in the checked set gives them",
    ]);
    // The name label every namespace carries is known without its document.
    const byName = vap("p", {
      expression: "false",
      bindingSpec: "  matchResources:\n    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ml}}\n",
    });
    expect(policyOnly([byName + deployment("a", 1)]).map((f) => f.severity)).toEqual(["error"]);
  });

  it("an unsupported function or an unknowable variable is not evaluated, reported once, never pass or fail", () => {
    const found = policyOnly([
      vap("p", { expression: "object.metadata.name.reverse() != ''" }) + deployment("a", 1) + deployment("b", 9),
    ]);
    expect(found.map(line)).toEqual([
      "policy/p info f0.yaml:12 p: not evaluated: expression 'object.metadata.name.reverse() != ''' uses reverse(), which mlgate does not evaluate",
    ]);
    const who = policyOnly([vap("p", { expression: "request.userInfo.username != 'bob'" }) + deployment("a", 1)]);
    expect(who.map((f) => f.message)).toEqual([
      "not evaluated: expression 'request.userInfo.username != 'bob'' reads request.userInfo (who applies the change is not known before apply)",
    ]);
  });

  it("variables, matchConditions, params and namespaceObject", () => {
    const policy = vap("p", {
      expression: "variables.replicas <= int(params.data.max)",
      policySpec: `  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConditions:
    - name: not-exempt
      expression: "!('exempt' in object.metadata.labels)"
  variables:
    - name: replicas
      expression: "object.spec.replicas"
`,
      bindingSpec: "  paramRef: {name: limits}\n",
      validation: `      messageExpression: "'at most ' + params.data.max + ' in ' + namespaceObject.metadata.name"\n`,
    });
    const params = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits, namespace: ml}\ndata: {max: '3'}\n";
    const ns = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ml}\n";
    const found = policyOnly([
      policy +
        params +
        ns +
        deployment("a", 4, "", "  labels: {app: a}\n") +
        deployment("b", 4, "", "  labels: {exempt: 'yes'}\n"),
    ]);
    expect(found.map((f) => `${f.resource?.name}: ${f.message.replace(/^.*denied request: /, "")}`)).toEqual([
      "a: at most 3 in ml",
    ]);
    // No parameter object in the set: not evaluated, once.
    expect(policyOnly([policy + deployment("a", 4, "", "  labels: {app: a}\n")]).map((f) => f.message)).toEqual([
      "not evaluated: binding 'p-binding' needs ConfigMap objects named 'limits' that are not in the checked set",
    ]);
  });

  it("says when a policy has no binding, when a binding's policy is absent, and when an expression does not parse", () => {
    const [policyDoc, bindingDoc] = vap("p").split("---\n");
    expect(
      policyOnly([(policyDoc ?? "") + deployment("a", 9)]).map((f) => `${f.ruleId} ${f.severity} ${f.message}`),
    ).toEqual([
      "policy/p info not evaluated: no ValidatingAdmissionPolicyBinding in the checked set binds policy 'p', and an unbound policy does nothing",
    ]);
    expect(policyOnly([bindingDoc ?? ""]).map((f) => `${f.ruleId} ${f.severity} ${f.path}`)).toEqual([
      "policy/p info spec.policyName",
    ]);
    const bad = policyOnly([vap("p", { expression: "object.spec.replicas <=" }) + deployment("a", 1)]);
    expect(bad.map((f) => `${f.severity} ${f.path}`)).toEqual(["error spec.validations[0].expression"]);
  });

  it("configuration and ignores apply to policy rules like to built-in ones", () => {
    const text = vap("p") + deployment("big", 6);
    expect(policyOnly([text], { config: { ...EMPTY_CONFIG, rules: { "policy/p": "warning" } } })[0]?.severity).toBe(
      "warning",
    );
    expect(policyOnly([text], { config: { ...EMPTY_CONFIG, rules: { "policy/p": "off" } } })).toEqual([]);
    const annotated =
      vap("p") +
      deployment("big", 6, "", "  annotations: {mlgate.io/ignore: policy/p, mlgate.io/ignore-reason: capacity test}\n");
    const all = checkTexts([{ path: "a.yaml", text: annotated }]).findings;
    expect(all.filter((f) => f.category === "policy" || f.ruleId === "schema/invalid-ignore")).toEqual([]);
  });

  it("policies given apart from the set (--policy) judge the set", () => {
    const file = new SourceFile("policies.yaml", vap("p"));
    const policies = buildSet([file]).set.resources;
    expect(policyOnly([deployment("big", 6).slice(4)], { options: { policies } }).map((f) => f.file)).toEqual([
      "f0.yaml",
    ]);
  });
});

describe("ValidatingAdmissionPolicy in review and serve", () => {
  const noShrink = vap("no-shrink", {
    expression: "oldObject == null || object.spec.replicas >= oldObject.spec.replicas",
    policySpec: "",
  });

  it("review: a modified object is judged as an UPDATE with its base as oldObject", () => {
    const r = reviewTexts(
      [{ path: "a.yaml", text: noShrink + deployment("d", 5) }],
      [{ path: "a.yaml", text: noShrink + deployment("d", 3) }],
    );
    expect(
      r.findings.filter((f) => f.category === "policy").map((f) => `${f.ruleId} ${f.severity} ${f.resource?.name}`),
    ).toEqual(["policy/no-shrink error d"]);
    expect(r.verdict).toBe("block");
    const grow = reviewTexts(
      [{ path: "a.yaml", text: noShrink + deployment("d", 3) }],
      [{ path: "a.yaml", text: noShrink + deployment("d", 5) }],
    );
    expect(grow.findings.filter((f) => f.category === "policy")).toEqual([]);
  });

  it("review: a policy in the head denies a new manifest (CREATE), counted once for a modified one", () => {
    const max = vap("max-replicas");
    const added = reviewTexts([{ path: "a.yaml", text: max }], [{ path: "a.yaml", text: max + deployment("d", 9) }]);
    expect(added.findings.filter((f) => f.category === "policy").map((f) => f.ruleId)).toEqual(["policy/max-replicas"]);
    const modified = reviewTexts(
      [{ path: "a.yaml", text: max + deployment("d", 1) }],
      [{ path: "a.yaml", text: max + deployment("d", 9) }],
    );
    expect(modified.findings.filter((f) => f.category === "policy").map((f) => f.ruleId)).toEqual([
      "policy/max-replicas",
    ]);
  });

  const webhook = (text: string): AdmissionPolicy => ({
    rules: ALL_RULES,
    options: { strictRefs: false, policies: buildSet([new SourceFile("p.yaml", text)]).set.resources },
    config: EMPTY_CONFIG,
    denyAt: "error",
    audit: false,
    skipNamespaces: new Set(),
    skipKinds: new Set(),
  });
  const deploy = (replicas: number) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d", namespace: "ml" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "d" } },
      template: { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } },
    },
  });
  const admission = (operation: string, object: unknown, oldObject?: unknown) =>
    parseAdmissionReview(
      JSON.stringify({
        apiVersion: "admission.k8s.io/v1",
        kind: "AdmissionReview",
        request: {
          uid: "u",
          kind: { group: "apps", version: "v1", kind: "Deployment" },
          operation,
          namespace: "ml",
          name: "d",
          object,
          ...(oldObject ? { oldObject } : {}),
        },
      }),
    );

  it("serve: a policy given to the webhook denies the object", () => {
    const d = decide(admission("CREATE", deploy(9)), webhook(vap("max-replicas")));
    expect(d.response.allowed).toBe(false);
    expect(d.denyingRules).toEqual(["policy/max-replicas"]);
    expect(d.response.status?.message).toMatch(/denied request: failed expression: object\.spec\.replicas <= 5/);
    expect(decide(admission("CREATE", deploy(2)), webhook(vap("max-replicas"))).response.allowed).toBe(true);
  });

  it("serve: an UPDATE is judged with the old object", () => {
    const policy = webhook(noShrink);
    const shrink = decide(admission("UPDATE", deploy(3), deploy(5)), policy);
    expect(shrink.denyingRules).toEqual(["policy/no-shrink"]);
    expect(decide(admission("UPDATE", deploy(5), deploy(3)), policy).response.allowed).toBe(true);
    // A CREATE has no old object: the policy allows it.
    expect(decide(admission("CREATE", deploy(3)), policy).response.allowed).toBe(true);
  });
});
