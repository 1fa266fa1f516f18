// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub Actions expression syntax, not a JS template
// Shared helpers of the `ci` rules (not a rule: the leading underscore keeps it out of the registry).
import { GPU_LABEL_WORDS, SELF_HOSTED_DEFAULT_LABELS } from "../../catalog/github-actions.js";
import type { Path } from "../../model/path.js";
import type { Expression, Job, Workflow } from "../../model/workflow.js";
import type { InvalidExample, RuleContext, RuleExample, Severity } from "../types.js";

export const WORKFLOW_PATH = ".github/workflows/ci.yml";

/** A rule example checked as a workflow file. */
export function wf(title: string, yaml: string, extra: Partial<RuleExample> = {}): RuleExample {
  return { title, yaml, path: WORKFLOW_PATH, ...extra };
}

export function wfInvalid(
  title: string,
  yaml: string,
  findings: InvalidExample["findings"],
  extra: Partial<RuleExample> = {},
): InvalidExample {
  return { title, yaml, path: WORKFLOW_PATH, findings, ...extra };
}

export function report(
  ctx: RuleContext,
  w: Workflow,
  path: Path,
  message: string,
  opts: { severity?: Severity; at?: "key" | "value" } = {},
): void {
  ctx.report({ resource: w.resource, path, message, ...opts });
}

/** Reports a finding about one `${{ … }}` expression: it points at the expression itself. */
export function reportExpression(
  ctx: RuleContext,
  w: Workflow,
  e: Expression,
  message: string,
  opts: { severity?: Severity } = {},
): void {
  ctx.report({ resource: w.resource, path: e.path, message, ...(e.span ? { span: e.span } : {}), ...opts });
}

export const WORKFLOW_LINKS = {
  syntax: {
    title: "Workflow syntax for GitHub Actions",
    url: "https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax",
  },
  events: {
    title: "Events that trigger workflows",
    url: "https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows",
  },
  contexts: {
    title: "Contexts: context availability",
    url: "https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#context-availability",
  },
  expressions: {
    title: "Expressions",
    url: "https://docs.github.com/en/actions/reference/workflows-and-actions/expressions",
  },
  secureUse: {
    title: "Secure use reference",
    url: "https://docs.github.com/en/actions/reference/security/secure-use",
  },
  injection: {
    title: "Script injections",
    url: "https://docs.github.com/en/actions/concepts/security/script-injections",
  },
  actionlint: { title: "actionlint checks", url: "https://github.com/rhysd/actionlint/blob/main/docs/checks.md" },
  zizmor: { title: "zizmor audits", url: "https://docs.zizmor.sh/audits/" },
};

function words(label: string): string[] {
  return label.toLowerCase().split(/[-_.\s/]+/);
}

/** Whether a job runs on a self-hosted runner: `self-hosted`, a declared label, or a GPU label. */
export function isSelfHosted(job: Job, declared: readonly string[] = []): boolean {
  return job.labels.some(
    (l) => l.value.toLowerCase() === "self-hosted" || declared.includes(l.value) || isGpuLabel(l.value),
  );
}

/** A label that names a GPU runner (gpu, cuda, a100, h100, …). */
export function isGpuLabel(label: string): boolean {
  if (label.includes("${{")) return false;
  return words(label).some((w) => GPU_LABEL_WORDS.includes(w));
}

/** Whether a job runs on a GPU runner: a GPU-looking label, or a label declared in `runnerLabels:`. */
export function isGpuJob(job: Job, declared: readonly string[] = []): boolean {
  return job.labels.some((l) => isGpuLabel(l.value) || declared.includes(l.value));
}

export function isDefaultSelfHostedLabel(label: string): boolean {
  return SELF_HOSTED_DEFAULT_LABELS.includes(label.toLowerCase());
}

/** A compact quote of a string for messages. */
export function quote(s: string, max = 60): string {
  const one = s.replace(/\s+/g, " ").trim();
  return `"${one.length > max ? `${one.slice(0, max - 1)}…` : one}"`;
}
