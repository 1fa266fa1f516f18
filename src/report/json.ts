import type { CheckResult } from "../findings/finding.js";
import { VERSION } from "../version.js";

/** Version of the JSON contract in DESIGN.md; bump on any incompatible change. */
export const JSON_CONTRACT_VERSION = 1;

export function formatJson(result: CheckResult): string {
  const out = {
    version: JSON_CONTRACT_VERSION,
    tool: { name: "mlgate", version: VERSION },
    summary: result.summary,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      resource: f.resource,
      path: f.path,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
