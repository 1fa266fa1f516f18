import type { Log, ReportingDescriptor, Result } from "sarif";
import type { CheckResult } from "../findings/finding.js";
import type { Rule } from "../rules/types.js";
import { VERSION } from "../version.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule in tool.driver.rules with
 * help text and a helpUri, results with a physical location and a region. Built by hand against
 * @types/sarif (about as long as configuring a builder library) and checked against the
 * official schema in the tests.
 */
export function formatSarif(result: CheckResult, rules: readonly Rule[]): string {
  const used = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  const index = new Map(used.map((id, i) => [id, i]));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const descriptors: ReportingDescriptor[] = used.map((id) => {
    const r = byId.get(id);
    return {
      id,
      name: id.replace(/[/-](.)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: r?.summary ?? id },
      fullDescription: { text: r?.rationale ?? id },
      // The rule's first piece of evidence (the Kubernetes, device-plugin or project docs it
      // cites); its full page ships in docs/rules/<id>.md.
      ...(r?.links[0] ? { helpUri: r.links[0].url } : {}),
      help: {
        text: r ? `${r.rationale}\n\nRemediation: ${r.remediation}\n\nDocs: docs/rules/${id}.md` : id,
        markdown: r
          ? `${r.rationale}\n\n**Remediation:** ${r.remediation}\n\n${r.links.map((l) => `- [${l.title}](${l.url})`).join("\n")}`
          : id,
      },
      defaultConfiguration: { level: LEVEL[r?.severity ?? "warning"] },
      properties: { category: r?.category ?? id.split("/")[0], tags: [r?.category ?? "mlgate"] },
    };
  });
  const results: Result[] = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) as number,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file === "<stdin>" ? "stdin" : f.file) },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
        logicalLocations: f.resource
          ? [
              {
                name: f.resource.name ?? "",
                kind: "resource",
                fullyQualifiedName: `${f.resource.kind}/${f.resource.name ?? ""}${f.path ? `:${f.path}` : ""}`,
              },
            ]
          : undefined,
      },
    ],
  }));
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mlgate",
            version: VERSION,
            semanticVersion: VERSION,
            rules: descriptors,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
