// Shared helpers of the MLflow project rules (not a rule: the leading underscore keeps it out of the registry).
import type { InvalidExample, RuleExample } from "../types.js";

/** A rule example checked as `MLproject`, with the files beside it. */
export function mlproject(title: string, yaml: string, files: Record<string, string> = {}): RuleExample {
  return { title, yaml, path: "MLproject", files };
}

export function mlprojectInvalid(
  title: string,
  yaml: string,
  files: Record<string, string>,
  findings: InvalidExample["findings"],
): InvalidExample {
  return { title, yaml, path: "MLproject", files, findings };
}
