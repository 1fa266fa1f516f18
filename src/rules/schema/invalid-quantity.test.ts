import { describe, expect, it } from "vitest";
import { checkTexts } from "../../check.js";
import { dedent } from "../../util/dedent.js";

const schemaFindings = (text: string) =>
  checkTexts([{ path: "m.yaml", text }])
    .findings.filter((f) => f.ruleId.startsWith("schema/"))
    .map((f) => `${f.ruleId} ${f.line}:${f.column}`);

describe("schema/invalid-quantity over every quantity field the shape walk knows", () => {
  it("reports a container's malformed quantity once, though both its own check and the walk see it", () => {
    const text = dedent`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec:
            containers:
              - name: m
                image: m:1
                resources: {limits: {memory: 4GB}}
    `;
    expect(schemaFindings(text)).toEqual(["schema/invalid-quantity 12:40"]);
  });

  it("reads a quantity as Quantity.UnmarshalJSON does (trimmed), and a LimitRange's limits with it", () => {
    const limits = (max: string) => dedent`
      apiVersion: v1
      kind: LimitRange
      metadata: {name: l}
      spec:
        limits: [{type: Container, max: {memory: "${max}"}}]
    `;
    expect(schemaFindings(limits(" 64Gi "))).toEqual([]);
    expect(schemaFindings(limits("64 GB"))).toEqual(["schema/invalid-quantity 5:44"]);
  });

  it("schema/invalid-format leaves MicroTime (RFC3339Micro) alone", () => {
    const text = dedent`
      apiVersion: coordination.k8s.io/v1
      kind: Lease
      metadata: {name: l}
      spec:
        renewTime: "2026-01-02T15:04:05Z"
    `;
    expect(schemaFindings(text)).toEqual([]);
  });
});
