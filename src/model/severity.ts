/** How serious a finding is; a rule declares its default, configuration may override it. */
export type Severity = "error" | "warning" | "info";

/** The stable categories of DESIGN.md; JSON output uses these names. */
export const CATEGORIES = [
  "schema",
  "gpu",
  "scheduling",
  "network",
  "security",
  "reliability",
  "cost",
  "reproducibility",
  "ci",
  "terraform",
  "policy",
] as const;
export type Category = (typeof CATEGORIES)[number];
