/**
 * The Kubernetes documentation's own ValidatingAdmissionPolicy examples (test/fixtures/policy/k8s-docs,
 * see its README) give the results the documentation describes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTexts } from "../check.js";
import type { Finding } from "../findings/finding.js";

const dir = join(import.meta.dirname, "..", "..", "test", "fixtures", "policy", "k8s-docs");

function policyFindings(file: string): Finding[] {
  const text = readFileSync(join(dir, file), "utf8");
  return checkTexts([{ path: file, text }]).findings.filter((f) => f.category === "policy");
}

const brief = (f: Finding) =>
  `${f.ruleId} ${f.severity} ${f.resource?.namespace ?? ""}/${f.resource?.name ?? ""}: ${f.message}`;

describe("Kubernetes documentation examples", () => {
  it("basic: the 6-replica Deployment in the test namespace is denied with the documented message", () => {
    expect(policyFindings("basic.yaml").map(brief)).toEqual([
      "policy/demo-policy.example.com error team-test/too-many: ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5",
    ]);
  });

  it("params: 3 replicas at most in test namespaces, 100 elsewhere", () => {
    expect(policyFindings("params.yaml").map(brief)).toEqual([
      "policy/replicalimit-policy.example.com error team-test/four: ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: failed expression: object.spec.replicas <= params.maxReplicas",
      "policy/replicalimit-policy.example.com error team-prod/huge: ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-nontest' denied request: failed expression: object.spec.replicas <= params.maxReplicas",
    ]);
  });

  it("messageExpression: the documented message", () => {
    expect(policyFindings("message-expression.yaml").map(brief)).toEqual([
      "policy/deploy-replica-policy.example.com error default/nginx: ValidatingAdmissionPolicy 'deploy-replica-policy.example.com' with binding 'demo-binding-test.example.com' denied request: object.spec.replicas must be no greater than 3",
    ]);
  });

  it("variables: a dev image in the prod namespace is denied with the documented message", () => {
    expect(policyFindings("variables.yaml").map(brief)).toEqual([
      "policy/image-matches-namespace-environment.policy.example.com error default/invalid: ValidatingAdmissionPolicy 'image-matches-namespace-environment.policy.example.com' with binding 'demo-binding-test.example.com' denied request: only prod images are allowed in namespace default",
    ]);
  });

  it("variables: without the Namespace document, namespaceObject is unknown: not evaluated, never a denial", () => {
    const text = readFileSync(join(dir, "variables.yaml"), "utf8").replace(
      "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    environment: prod\n",
      "",
    );
    expect(text).not.toMatch(/kind: Namespace/);
    const found = checkTexts([{ path: "v.yaml", text }]).findings.filter((f) => f.category === "policy");
    expect(found.map((f) => `${f.severity} ${f.path}: ${f.message}`)).toEqual([
      "info spec.variables[0].expression: not evaluated: expression ''environment' in namespaceObject.metadata.labels ? namespaceObject.metadata.labels['environment'] : 'prod'' reads namespaceObject, and the Namespace 'default' is not in the checked set",
    ]);
  });

  it("matchConditions reading request.userInfo: not evaluated, said once, never a pass or a failure", () => {
    const found = policyFindings("match-conditions.yaml");
    expect(found.map(brief)).toEqual([
      "policy/demo-policy.example.com info /demo-policy.example.com: not evaluated: expression '!(\"system:nodes\" in request.userInfo.groups)' reads request.userInfo (who applies the change is not known before apply)",
    ]);
    expect(found[0]?.path).toBe("spec.matchConditions[1].expression");
  });
});
