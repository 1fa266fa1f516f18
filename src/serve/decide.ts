/**
 * The webhook's decision: one AdmissionReview request in, one response out, through the same
 * load → model → rules → findings path as `mlgate check`, on the object alone. Pure: no I/O, no
 * clock; the server measures and counts around it.
 */

import yaml from "js-yaml";
import { MAX_WARNING_CHARS, MAX_WARNINGS_TOTAL_CHARS } from "../catalog/admission.js";
import { buildSet, check, DEFAULT_OPTIONS } from "../check.js";
import type { Config } from "../config/config.js";
import { type Finding, SEVERITY_RANK } from "../findings/finding.js";
import { applyConfig } from "../findings/resolve.js";
import { SourceFile } from "../load/types.js";
import { KUBE_YAML_SCHEMA } from "../load/yaml11-schema.js";
import { policyRules } from "../policy/rules.js";
import { matchSets } from "../review/match.js";
import { runChangeRules } from "../rules/engine.js";
import { RULES_BY_ID } from "../rules/index.js";
import type { CheckOptions, Rule, Severity } from "../rules/types.js";
import type { AdmissionRequest, AdmissionResponse } from "./admission.js";

/** What the server prepares once at start: the rules, options and configuration every request uses. */
export interface AdmissionPolicy {
  rules: readonly Rule[];
  options: Partial<CheckOptions>;
  config: Config;
  /** Findings at or above this severity deny; `never` denies nothing (as does `audit`). */
  denyAt: Severity | "never";
  /** `--dry-run`: allow everything, and say in warnings what would have been denied. */
  audit: boolean;
  skipNamespaces: ReadonlySet<string>;
  /** `Kind` or `group/Kind` (core kinds: `Kind` alone). */
  skipKinds: ReadonlySet<string>;
  /** Files of CustomResourceDefinitions (`--crd`, `crds:`): their kinds validate the objects, as in `check`. */
  crdFiles?: readonly SourceFile[];
}

export type Verdict = "allowed" | "denied" | "warned" | "skipped";

export interface Decision {
  response: AdmissionResponse;
  verdict: Verdict;
  /** Rule ids that denied (or would have, in audit mode). */
  denyingRules: string[];
  /** Rule ids that produced a warning. */
  warningRules: string[];
  /** Rules that threw: logged and counted, never a denial. */
  crashes: Finding[];
}

/** Takes the fields a check cannot use or that the API server owns, so they cost nothing to parse. */
function checkable(object: Record<string, unknown>): Record<string, unknown> {
  const meta = object.metadata;
  if (meta === null || typeof meta !== "object" || Array.isArray(meta) || !("managedFields" in meta)) return object;
  const { managedFields: _dropped, ...rest } = meta as Record<string, unknown>;
  return { ...object, metadata: rest };
}

/**
 * The object as the YAML a user would have written: block style, every string that YAML 1.1
 * would read as something else quoted (the loader's own schema decides), so the loader reads back
 * exactly the object the API server sent, and findings fall at the same places as in a
 * `mlgate check` of the manifest (rules that merge findings by position agree). Block YAML
 * costs about 0.3 ms more per object than JSON text, whose flow style puts a mapping and its
 * first key at different columns.
 */
function asYaml(object: Record<string, unknown>): string {
  return yaml.dump(checkable(object), { schema: KUBE_YAML_SCHEMA, noRefs: true, lineWidth: -1 });
}

function describe(req: AdmissionRequest): string {
  const name = req.name ?? ((req.object?.metadata as Record<string, unknown> | undefined)?.generateName as string);
  return `${req.kind.kind} ${req.namespace ? `${req.namespace}/` : ""}${name ?? "(unnamed)"}`;
}

/** The line a denial gives per problem: rule, where, what, and the fix. */
function denialLine(id: string, path: string, message: string, fix: string | undefined): string {
  return `- ${id}${path ? ` at ${path}` : ""}: ${message}${fix ? ` (fix: ${fix.replace(/\.$/, "")})` : ""}`;
}

function warningText(id: string, path: string, message: string, prefix = ""): string {
  const text = `${prefix}${id}${path ? ` (${path})` : ""}: ${message}`;
  return text.length <= MAX_WARNING_CHARS ? text : `${text.slice(0, MAX_WARNING_CHARS - 1)}…`;
}

/** Keeps the warnings under the API server's total, with a last line saying how many were left out. */
function capWarnings(warnings: string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const [i, w] of warnings.entries()) {
    const more = `…and ${warnings.length - i} more (mlgate check shows them all)`;
    if (total + w.length + more.length > MAX_WARNINGS_TOTAL_CHARS) {
      out.push(more);
      return out;
    }
    out.push(w);
    total += w.length;
  }
  return out;
}

function skipped(req: AdmissionRequest, policy: AdmissionPolicy): boolean {
  if (req.namespace && policy.skipNamespaces.has(req.namespace)) return true;
  const k = req.kind;
  return policy.skipKinds.has(k.kind) || policy.skipKinds.has(`${k.group}/${k.kind}`);
}

/**
 * What an UPDATE changes, judged as `mlgate review` judges a change: the old and new objects are
 * read as two one-object sets, matched (`matchSets`), and the rules' `change` hooks run over
 * the match: the change-risk rules (removed safeguards among them) with their own severities.
 */
function changeFindings(
  path: string,
  oldObject: Record<string, unknown>,
  object: Record<string, unknown>,
  policy: AdmissionPolicy,
): Finding[] {
  const base = buildSet([new SourceFile(path, asYaml(oldObject))]).set;
  const head = buildSet([new SourceFile(path, asYaml(object))]).set;
  // Admission policies given to the webhook judge an UPDATE with the old object (their change hook).
  const options = { ...DEFAULT_OPTIONS, ...policy.options };
  const policies = policyRules(head.resources, options).filter((r) => policy.config.rules[r.id] !== "off");
  const changeRules = [...policy.rules.filter((r) => r.change), ...policies];
  return changeRules.length === 0
    ? []
    : applyConfig(
        runChangeRules(
          changeRules,
          matchSets(base, head).change,
          options,
          new Set([...RULES_BY_ID.keys(), ...changeRules.map((r) => r.id)]),
        ),
        [],
        policy.config,
      ).findings;
}

/** Decides one admission request. Never throws for anything the request contains. */
export function decide(req: AdmissionRequest, policy: AdmissionPolicy): Decision {
  const decision = (
    allowed: boolean,
    verdict: Verdict,
    extra: Partial<Decision> = {},
    status?: AdmissionResponse["status"],
    warnings?: string[],
  ): Decision => ({
    response: {
      uid: req.uid,
      allowed,
      ...(status ? { status } : {}),
      ...(warnings && warnings.length > 0 ? { warnings } : {}),
    },
    verdict,
    denyingRules: [],
    warningRules: [],
    crashes: [],
    ...extra,
  });
  const object = req.object;
  if (!object || req.operation === "DELETE" || req.operation === "CONNECT" || skipped(req, policy)) {
    return decision(true, "skipped");
  }
  const path = `admission/${describe(req).replace(/\s+/g, "/")}.yaml`;
  const result = check({
    files: [new SourceFile(path, asYaml(object))],
    rules: policy.rules,
    options: policy.options,
    config: policy.config,
    ...(policy.crdFiles && policy.crdFiles.length > 0 ? { crdFiles: policy.crdFiles } : {}),
  });
  let findings = result.findings;
  if (req.operation === "UPDATE" && req.oldObject) {
    // For an UPDATE, the policies' evaluation with the old object replaces their CREATE one.
    findings = [
      ...findings.filter((f) => f.category !== "policy" || f.file !== path),
      ...changeFindings(path, req.oldObject, object, policy),
    ];
  }
  const crashes = findings.filter((f) => f.internal);
  const threshold = policy.denyAt === "never" ? Number.POSITIVE_INFINITY : SEVERITY_RANK[policy.denyAt];
  const deny: Array<{ id: string; path: string; message: string; fix: string | undefined }> = [];
  const warn: Array<{ id: string; path: string; message: string }> = [];
  for (const f of findings) {
    if (f.internal) continue;
    const rank = SEVERITY_RANK[f.severity];
    if (rank >= threshold)
      deny.push({
        id: f.ruleId,
        path: f.path,
        message: f.message,
        fix: (RULES_BY_ID.get(f.ruleId) ?? policy.rules.find((r) => r.id === f.ruleId))?.remediation,
      });
    else if (rank >= SEVERITY_RANK.warning) warn.push({ id: f.ruleId, path: f.path, message: f.message });
  }
  const denyingRules = [...new Set(deny.map((d) => d.id))];
  const warningRules = [...new Set(warn.map((w) => w.id))];
  const warningTexts = warn.map((w) => warningText(w.id, w.path, w.message));
  if (deny.length === 0) {
    return decision(
      true,
      warn.length > 0 ? "warned" : "allowed",
      { warningRules, crashes },
      undefined,
      capWarnings(warningTexts),
    );
  }
  if (policy.audit) {
    const would = deny.map((d) => warningText(d.id, d.path, d.message, "would deny: "));
    return decision(
      true,
      "warned",
      { denyingRules, warningRules, crashes },
      undefined,
      capWarnings([...would, ...warningTexts]),
    );
  }
  const message = [
    `mlgate: ${describe(req)} has ${deny.length} problem${deny.length === 1 ? "" : "s"} that must be fixed before it is admitted:`,
    ...deny.map((d) => denialLine(d.id, d.path, d.message, d.fix)),
  ].join("\n");
  return decision(
    false,
    "denied",
    { denyingRules, warningRules, crashes },
    { code: 403, reason: "Forbidden", message },
    capWarnings(warningTexts),
  );
}
