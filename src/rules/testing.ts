// Shared by tests that define throwaway rules (engine.test.ts, findings/merge.test.ts); not a rule.
/** The metadata every test rule needs, so a test writes only its id, hooks and what it changes. */
export const TEST_RULE_BASE = {
  category: "schema" as const,
  severity: "warning" as const,
  summary: "test rule",
  rationale: "test",
  remediation: "test",
  links: [],
  examples: { valid: [], invalid: [] },
};
