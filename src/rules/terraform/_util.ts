// Shared helpers of the Terraform rules (not a rule: the leading underscore keeps it out of the registry).
import type { TfLocation, TfNode } from "../../model/terraform.js";
import type { InvalidExample, Report, RuleContext, RuleExample, Severity } from "../types.js";

/** A rule example checked as a Terraform file (default `main.tf`). */
export function tf(title: string, hcl: string, extra: Partial<RuleExample> = {}): RuleExample {
  return { title, yaml: hcl, path: "main.tf", ...extra };
}

export function tfInvalid(
  title: string,
  hcl: string,
  findings: InvalidExample["findings"],
  extra: Partial<RuleExample> = {},
): InvalidExample {
  return { title, yaml: hcl, path: "main.tf", findings, ...extra };
}

/** Reports at a Terraform node: its exact span in HCL, its path in a plan file. */
export function reportAt(
  ctx: RuleContext,
  at: TfLocation | TfNode,
  message: string,
  opts: { severity?: Severity } = {},
): void {
  const loc = "at" in at ? at.at : at;
  const r: Report = { resource: loc.resource, path: loc.path, message, ...opts };
  if (loc.span) r.span = loc.span;
  ctx.report(r);
}

export function money(usd: number): string {
  return `$${Math.round(usd).toLocaleString("en-US")}`;
}
