import type { CheckResult, Finding } from "../findings/finding.js";
import { VERSION } from "../version.js";

/** Version of the JSON contract in DESIGN.md; bump on any incompatible change. */
export const JSON_CONTRACT_VERSION = 1;

/** One finding as the JSON contract writes it (check's and review's findings alike). */
export function findingJson(f: Finding) {
  return {
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
  };
}

export function formatJson(result: CheckResult): string {
  const out = {
    version: JSON_CONTRACT_VERSION,
    tool: { name: "mlgate", version: VERSION },
    summary: result.summary,
    findings: result.findings.map(findingJson),
    ...(result.gpuPools ? { gpuPools: result.gpuPools } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
