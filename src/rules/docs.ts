import { isProjectRoot } from "../load/project-files.js";
import type { JsonSchema } from "../util/json-schema.js";
import type { Rule, RuleExample } from "./types.js";

/** The code fence language of an example: HCL for Terraform files, JSON for plans, else YAML. */
function fence(ex: RuleExample): string {
  const p = ex.path ?? "";
  return /\.(tf|tfvars)$/.test(p) ? "hcl" : p.endsWith(".json") ? "json" : "yaml";
}

/** A rule over DVC or MLflow project files (its examples are `dvc.yaml` or `MLproject`). */
function isProjectRule(r: Rule): boolean {
  return [...r.examples.valid, ...r.examples.invalid].some((ex) => isProjectRoot(ex.path ?? ""));
}

function isTerraformRule(r: Rule): boolean {
  return [...r.examples.valid, ...r.examples.invalid].some((ex) => /(\.tf|\.tfvars|plan\.json)$/.test(ex.path ?? ""));
}

/** `string[]`, `integer ≥ 1`, `"a" | "b"`: an option's type as its schema says. */
function typeText(s: JsonSchema): string {
  if (s.enum) return s.enum.map((e) => `\`${JSON.stringify(e)}\``).join(" \\| ");
  const base = s.type === "array" ? `${s.items ? s.items.type : "any"}[]` : s.type;
  const bounds = [
    s.minimum !== undefined ? `≥ ${s.minimum}` : "",
    s.maximum !== undefined ? `≤ ${s.maximum}` : "",
  ].filter(Boolean);
  return [base, ...bounds].join(" ");
}

/** The rule's options: a table from its schema and how `.mlgate.yaml` sets them. */
function optionsSection(r: Rule): string[] {
  const props = Object.entries(r.options?.properties ?? {});
  if (props.length === 0) return [];
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const [first] = props;
  const sample = first ? `${first[0]}: ${JSON.stringify(first[1].default ?? null)}` : "";
  return [
    "## Options",
    "",
    `Set in .mlgate.yaml as \`rules: {${r.id}: {options: {${sample}}}}\` (a severity goes beside them as \`severity:\`); \`mlgate check\` refuses options its schema does not allow.`,
    "",
    "| Option | Type | Default | Meaning |",
    "| --- | --- | --- | --- |",
    ...props.map(
      ([name, s]) =>
        `| \`${name}\` | ${typeText(s)} | ${s.default === undefined ? "" : `\`${JSON.stringify(s.default)}\``} | ${cell(s.description ?? "")} |`,
    ),
    "",
  ];
}

/** An example's text; a change rule's shows the base (before) and the head (after). */
function exampleYaml(ex: RuleExample): string[] {
  const block = (text: string) => [`\`\`\`${fence(ex)}`, text.trimEnd(), "```", ""];
  const withOptions = ex.ruleOptions ? [`With the options \`${JSON.stringify(ex.ruleOptions)}\`:`, ""] : [];
  const files = Object.entries(ex.files ?? {});
  if (files.length > 0) {
    // An example of several files: each under its name (a script shown only by name is empty).
    const out = [...withOptions, `\`${ex.path ?? "example.yaml"}\`:`, "", ...block(ex.yaml)];
    for (const [name, text] of files) {
      if (text.trim() === "") out.push(`\`${name}\` (exists)`, "");
      else
        out.push(
          `\`${name}\`:`,
          "",
          `\`\`\`${/\.json$/.test(name) ? "json" : /\.ya?ml$|\.dvc$|dvc\.lock$|MLproject$/.test(name) ? "yaml" : ""}`,
          text.trimEnd(),
          "```",
          "",
        );
    }
    return out;
  }
  if (ex.base === undefined) return [...withOptions, ...block(ex.yaml)];
  return ["Before (base):", "", ...block(ex.base), "After (head):", "", ...block(ex.yaml)];
}

/** The docs page of one rule, generated from its metadata and examples (docs/rules/<id>.md). */
export function ruleDoc(r: Rule, all: readonly Rule[] = []): string {
  const out = [
    `# ${r.id}`,
    "",
    `Category: \`${r.category}\` · Default severity: **${r.severity}**`,
    "",
    r.summary,
    "",
    ...(r.change
      ? [
          "This is a change-risk rule: `mlgate review` runs it on what a change does (the base and the head); `mlgate check` does not.",
          "",
        ]
      : []),
    "## Why",
    "",
    r.rationale,
    "",
    "## How to fix",
    "",
    r.remediation,
    "",
    ...optionsSection(r),
  ];
  const by = all.flatMap((o) => (o.supersedes ?? []).filter((s) => s.rule === r.id).map((s) => ({ id: o.id, s })));
  if ((r.supersedes ?? []).length > 0 || by.length > 0) {
    out.push("## One cause, one finding", "");
    const link = (id: string) => `[${id}](${"../".repeat(r.id.split("/").length - 1)}${id}.md)`;
    for (const s of r.supersedes ?? [])
      out.push(
        `- Supersedes ${link(s.rule)} for ${s.cause}: where both report at one place of one object, only this rule's finding remains, at the higher of the two severities.`,
      );
    for (const { id, s } of by)
      out.push(
        `- Superseded by ${link(id)} for ${s.cause}: there only ${id} reports, at the higher of the two severities.`,
      );
    out.push("");
  }
  if (r.examples.invalid.length > 0) {
    out.push("## Examples that fail", "");
    for (const ex of r.examples.invalid) {
      const where = ex.findings.map((f) => `line ${f.line}${f.column ? `:${f.column}` : ""}`).join(", ");
      out.push(`### ${ex.title}`, "", `Reported at ${where}.`, "", ...exampleYaml(ex));
    }
  }
  if (r.examples.valid.length > 0) {
    out.push("## Examples that pass", "");
    for (const ex of r.examples.valid) out.push(`### ${ex.title}`, "", ...exampleYaml(ex));
  }
  out.push("## Evidence", "");
  for (const l of r.links) out.push(`- [${l.title}](${l.url})`);
  if ((r.sources ?? []).length > 0)
    out.push("", `Mirrors ${(r.sources ?? []).map((s) => `${s.tool}'s \`${s.check}\``).join(", ")}.`);
  out.push(
    "",
    isProjectRule(r)
      ? `To silence it: an \`ignore:\` entry in .mlgate.yaml with \`rules: [${r.id}]\` and \`file:\` (a glob), or \`kind:\` and \`name:\` — a DVC stage is kind \`Stage\` named as DVC addresses it (\`train\`, \`build@us\`), a whole dvc.yaml \`Pipeline\`, a lock \`Lock\`, a \`.dvc\` file \`Tracked\`, an MLflow project \`MLproject\` named by its \`name:\`.`
      : isTerraformRule(r)
        ? `To silence it on one Terraform object: an \`ignore:\` entry in .mlgate.yaml with \`rules: [${r.id}]\`, \`kind:\` the resource type (\`module\` for a module call) and \`name:\` its address.`
        : `To silence it on one object: \`metadata.annotations["mlgate.io/ignore"]: "${r.id}"\` with a reason in \`mlgate.io/ignore-reason\`.`,
    "",
  );
  return out.join("\n");
}

/** docs/rules/README.md: every rule with its severity and summary, by category. */
export function rulesIndex(rules: readonly Rule[]): string {
  const out = ["# Rules", "", "Generated by `npm run docs` from the rule modules; do not edit by hand.", ""];
  const cats = [...new Set(rules.map((r) => r.category))];
  for (const c of cats) {
    out.push(`## ${c}`, "", "| Rule | Severity | Summary |", "| --- | --- | --- |");
    for (const r of rules.filter((x) => x.category === c).sort((a, b) => (a.id < b.id ? -1 : 1))) {
      out.push(`| [${r.id}](${r.id}.md) | ${r.severity} | ${r.summary.replace(/\|/g, "\\|")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

/** Every generated docs file, keyed by its path under docs/rules/. */
export function allRuleDocs(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set("README.md", rulesIndex(rules));
  for (const r of rules) files.set(`${r.id}.md`, ruleDoc(r, rules));
  return files;
}
