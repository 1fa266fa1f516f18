import { describe, expect, it } from "vitest";
import { checkTexts } from "../../check.js";

function sizeFindings(value: string): string[] {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    notes: "${value}"\n`;
  return checkTexts([{ path: "c.yaml", text }])
    .findings.filter((f) => f.ruleId === "schema/invalid-name")
    .map((f) => f.message);
}

describe("schema/invalid-name annotation size", () => {
  // The API server counts bytes (UTF-8), not characters: 90,000 two-byte characters fit in
  // 256 KiB, 90,000 three-byte ones do not.
  it("counts UTF-8 bytes", () => {
    expect(sizeFindings("é".repeat(90_000))).toEqual([]);
    expect(sizeFindings("€".repeat(90_000))).toEqual([
      "ConfigMap annotations total 270005 bytes; the API server allows at most 262144 (256 KiB) per object",
    ]);
    expect(sizeFindings("a".repeat(262_140))).toEqual([
      "ConfigMap annotations total 262145 bytes; the API server allows at most 262144 (256 KiB) per object",
    ]);
    expect(sizeFindings("a".repeat(262_139))).toEqual([]);
  });
});
