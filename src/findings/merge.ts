// One cause, one finding: what the findings stage merges before it reports.
//
// - The same finding in several pod groups of one workload (Master and Worker of a PyTorchJob
//   sharing a template) is reported once, at the first group's position, naming the groups.
// - A rule may declare that it supersedes another for one cause (`Rule.supersedes`): when both
//   report at the same place of the same object, only the superseding finding remains.
import type { Path } from "../model/path.js";
import type { Workload } from "../model/workload.js";
import type { RawFinding } from "../rules/engine.js";
import type { Supersession } from "../rules/types.js";
import { type Finding, SEVERITY_RANK } from "./finding.js";

function startsWith(path: Path, prefix: Path): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** The pod group a path lies in (longest template or pod-spec prefix) and the path inside it. */
function placeInGroup(w: Workload, path: Path): { group: number; rest: string } | undefined {
  let best: { group: number; rest: string; length: number } | undefined;
  w.podGroups.forEach((g, i) => {
    for (const [tag, prefix] of [
      ["t", g.templatePath],
      ["s", g.podSpecPath],
    ] as const) {
      if (!prefix || !startsWith(path, prefix)) continue;
      if (best && best.length >= prefix.length) continue;
      best = { group: i, rest: `${tag}${JSON.stringify(path.slice(prefix.length))}`, length: prefix.length };
    }
  });
  return best && { group: best.group, rest: best.rest };
}

/** Keeps, of the reports of one rule with the same `once` key, the first (see `Report.once`). */
export function firstOnce<T extends { rule: { id: string }; once?: string | undefined }>(raw: readonly T[]): T[] {
  if (!raw.some((f) => f.once !== undefined)) return [...raw];
  const seen = new Set<string>();
  return raw.filter((f) => {
    if (f.once === undefined) return true;
    const key = `${f.rule.id}\u0000${f.once}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Merges findings of one rule on one workload that differ only in the pod group: same message,
 * same severity, same place inside each group's pod template. The first group's finding stays,
 * and its message lists the groups.
 */
export function collapsePodGroups(raw: readonly RawFinding[], workloads: readonly Workload[]): RawFinding[] {
  const byResource = new Map<unknown, { w: Workload; id: number }>();
  for (const w of workloads) if (w.podGroups.length > 1) byResource.set(w.resource, { w, id: byResource.size });
  if (byResource.size === 0) return [...raw];
  const keys: Array<{ key: string; group: number } | undefined> = raw.map((f) => {
    const found = byResource.get(f.resource);
    const place = found && !f.span ? placeInGroup(found.w, f.path) : undefined;
    if (!place || !found) return undefined;
    // Only findings on the same workload merge: two workloads with one template stay two findings.
    return {
      key: `${found.id}\u0000${f.rule.id}\u0000${f.severity}\u0000${f.at ?? ""}\u0000${place.rest}\u0000${f.message}`,
      group: place.group,
    };
  });
  // Per key: the groups it occurs in, and the finding of the first group (the one that stays).
  const buckets = new Map<string, { groups: Set<number>; keep: number }>();
  keys.forEach((k, i) => {
    if (!k) return;
    const b = buckets.get(k.key);
    if (!b) buckets.set(k.key, { groups: new Set([k.group]), keep: i });
    else {
      b.groups.add(k.group);
      if (k.group < (keys[b.keep] as { group: number }).group) b.keep = i;
    }
  });
  const out: RawFinding[] = [];
  raw.forEach((f, i) => {
    const k = keys[i];
    const b = k && buckets.get(k.key);
    if (!b || b.groups.size < 2) out.push(f);
    else if (b.keep === i) {
      const w = (byResource.get(f.resource) as { w: Workload }).w;
      const names = [...b.groups].sort((x, y) => x - y).map((g) => w.podGroups[g]?.role ?? "?");
      out.push({ ...f, message: `${f.message} (the same in pod groups ${names.join(", ")})` });
    }
  });
  return out;
}

/**
 * One cause, one finding: drops a finding that another rule declares it supersedes (`supersedes`
 * in the rule's metadata) when both sit at the same position of the same object. The finding that
 * stays takes the higher severity of the two, so merging never hides how bad the cause is.
 */
export function supersede(
  findings: readonly Finding[],
  declared: ReadonlyMap<string, readonly Supersession[]>,
): Finding[] {
  if (declared.size === 0) return [...findings];
  const place = (f: Finding) => `${f.file}\u0000${f.line}\u0000${f.column}\u0000${JSON.stringify(f.resource)}`;
  const at = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = place(f);
    const list = at.get(k);
    if (list) list.push(f);
    else at.set(k, [f]);
  }
  const dropped = new Set<Finding>();
  const raised = new Map<Finding, Finding>();
  for (const list of at.values()) {
    if (list.length < 2) continue;
    for (const winner of list) {
      const over = declared.get(winner.ruleId);
      if (!over) continue;
      for (const loser of list) {
        if (loser === winner || dropped.has(winner) || !over.some((s) => s.rule === loser.ruleId)) continue;
        dropped.add(loser);
        const current = raised.get(winner) ?? winner;
        if (SEVERITY_RANK[loser.severity] > SEVERITY_RANK[current.severity])
          raised.set(winner, { ...current, severity: loser.severity });
      }
    }
  }
  const out: Finding[] = [];
  for (const f of findings) if (!dropped.has(f)) out.push(raised.get(f) ?? f);
  return out;
}
