/**
 * A rule's examples run as tests, the way src/rules/rules.test.ts runs the built-in rules': a valid
 * example must give no finding of the rule, an invalid one exactly its listed findings, in order,
 * at those lines (and columns, severities, messages when given). `mlgate test-rules` runs it over
 * the configured plugins; plugin authors call it from their own tests (`testRuleExamples` in the
 * package's exports).
 */
import { checkTexts } from "../check.js";
import type { Finding } from "../findings/finding.js";
import { reviewTexts } from "../review/review.js";
import { exampleInput } from "../rules/example-files.js";
import { ALL_RULES } from "../rules/index.js";
import { exampleOptions, type InvalidExample, type Rule, type RuleExample } from "../rules/types.js";
import { asPluginRule } from "./validate.js";

export interface ExampleResult {
  rule: string;
  kind: "valid" | "invalid";
  title: string;
  /** What differs from the example's expectation; empty when it passes. */
  problems: string[];
}

function run(rule: Rule, ex: RuleExample, others: readonly Rule[]): Finding[] {
  const { maxFileSize, ...options } = exampleOptions(rule, ex);
  const rules = [...others.filter((r) => r.id !== rule.id), rule];
  const path = ex.path ?? "example.yaml";
  if (ex.base !== undefined)
    return reviewTexts([{ path, text: ex.base }], [{ path, text: ex.yaml }], { rules, options }).findings.filter(
      (f) => f.ruleId === rule.id,
    );
  const { texts, tree } = exampleInput(ex);
  return checkTexts(texts, { rules, options, maxFileSize, tree }).findings.filter((f) => f.ruleId === rule.id);
}

const show = (f: Finding) => `${f.line}:${f.column} ${f.severity} ${f.message}`;

/** Runs every example of the rule (beside the built-in rules, so supersessions apply as in a real run). */
export function testRuleExamples(given: Rule, others: readonly Rule[] = ALL_RULES): ExampleResult[] {
  // A plugin's rule runs as the loader hands it to the engine (`asPluginRule`).
  const rule = ALL_RULES.includes(given) ? given : asPluginRule(given);
  const out: ExampleResult[] = [];
  for (const ex of rule.examples.valid) {
    let problems: string[];
    try {
      problems = run(rule, ex, others).map((f) => `unexpected finding ${show(f)}`);
    } catch (err) {
      problems = [`threw: ${(err as Error).message}`];
    }
    out.push({ rule: rule.id, kind: "valid", title: ex.title, problems });
  }
  for (const ex of rule.examples.invalid as InvalidExample[]) {
    const problems: string[] = [];
    try {
      const got = run(rule, ex, others);
      if (got.length !== ex.findings.length)
        problems.push(
          `expected ${ex.findings.length} finding(s), got ${got.length}: ${got.map(show).join("; ") || "none"}`,
        );
      ex.findings.forEach((want, i) => {
        const f = got[i];
        if (!f) return;
        if (f.line !== want.line) problems.push(`finding ${i + 1}: line ${f.line}, expected ${want.line} (${show(f)})`);
        if (want.column !== undefined && f.column !== want.column)
          problems.push(`finding ${i + 1}: column ${f.column}, expected ${want.column} (${show(f)})`);
        if (want.severity !== undefined && f.severity !== want.severity)
          problems.push(`finding ${i + 1}: severity ${f.severity}, expected ${want.severity}`);
        if (want.messageId !== undefined && f.messageId !== want.messageId)
          problems.push(`finding ${i + 1}: messageId ${f.messageId ?? "none"}, expected ${want.messageId}`);
        if (
          want.message instanceof RegExp
            ? !want.message.test(f.message)
            : want.message !== undefined && !f.message.includes(want.message)
        )
          problems.push(`finding ${i + 1}: message "${f.message}" does not match ${String(want.message)}`);
      });
    } catch (err) {
      problems.push(`threw: ${(err as Error).message}`);
    }
    out.push({ rule: rule.id, kind: "invalid", title: ex.title, problems });
  }
  return out;
}
