/**
 * What an UPDATE takes away: the safeguards an object had before and no longer has.
 *
 * This is the webhook's own minimal comparison of an object's old and new versions, behind one
 * function, `removedSafeguards`, until the `mlgate review` change-risk rules can take its place.
 * It compares like with like through the model (pod groups by role, containers by name), so it
 * works the same for every workload kind the model knows.
 */
import { gangSignals } from "../model/gang.js";
import { formatPath, type Path } from "../model/path.js";
import { asArray, asObject, getIn, type JsonObject } from "../model/resource.js";
import type { ContainerView, PodGroup, Workload } from "../model/workload.js";

export type SafeguardKind = "gang-scheduling" | "deadline" | "probe" | "limits" | "security-context";

export interface RemovedSafeguard {
  /** `change/<kind>-removed`: the id the denial and the metrics name it by. */
  id: string;
  kind: SafeguardKind;
  /** Where the safeguard was, in the old object. */
  path: string;
  message: string;
  remediation: string;
}

const REMEDIATION: Record<SafeguardKind, string> = {
  "gang-scheduling":
    "keep the gang-scheduling setting, or make the change in a new object reviewed on its own (mlgate review)",
  deadline: "keep the deadline; a job without one can hold its GPUs forever",
  probe: "keep the probe; without it a hung server keeps receiving traffic and is never restarted",
  limits: "keep the limit; without it one container can take the node's memory or devices",
  "security-context": "keep the security setting; removing it widens what the container may do",
};

function removed(kind: SafeguardKind, path: Path, message: string): RemovedSafeguard {
  return { id: `change/${kind}-removed`, kind, path: formatPath(path), message, remediation: REMEDIATION[kind] };
}

/** Deadlines a workload's own fields set: pod, Job and runPolicy `activeDeadlineSeconds`. */
function deadlines(w: Workload): Map<string, Path> {
  const out = new Map<string, Path>();
  const add = (path: Path) => {
    if (typeof getIn(w.resource.value, path) === "number") out.set(formatPath(path), path);
  };
  add(["spec", "activeDeadlineSeconds"]);
  add(["spec", "runPolicy", "activeDeadlineSeconds"]);
  add(["spec", "jobTemplate", "spec", "activeDeadlineSeconds"]);
  for (const g of w.podGroups) if (g.podSpecPath) add([...g.podSpecPath, "activeDeadlineSeconds"]);
  return out;
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;

/** Settings in a security context that only restrict: losing one widens what the pod may do. */
const RESTRICTIONS: ReadonlyArray<{ key: string; holds: (v: unknown) => boolean; words: string }> = [
  { key: "runAsNonRoot", holds: (v) => v === true, words: "runAsNonRoot: true" },
  { key: "readOnlyRootFilesystem", holds: (v) => v === true, words: "readOnlyRootFilesystem: true" },
  { key: "allowPrivilegeEscalation", holds: (v) => v === false, words: "allowPrivilegeEscalation: false" },
  { key: "privileged", holds: (v) => v === false, words: "privileged: false" },
  { key: "runAsUser", holds: (v) => typeof v === "number" && v !== 0, words: "a non-root runAsUser" },
  {
    key: "capabilities",
    holds: (v) => asArray(asObject(v)?.drop).length > 0,
    words: "capabilities.drop",
  },
  { key: "seccompProfile", holds: (v) => asObject(v) !== undefined, words: "a seccompProfile" },
];

function lostRestrictions(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  path: Path,
  what: string,
  out: RemovedSafeguard[],
) {
  if (!before) return;
  for (const r of RESTRICTIONS) {
    if (!r.holds(before[r.key]) || (after && r.holds(after[r.key]))) continue;
    out.push(removed("security-context", [...path, r.key], `${what} no longer sets ${r.words} in its securityContext`));
  }
}

function containerKey(c: ContainerView): string {
  return `${c.role}/${c.name ?? ""}`;
}

function compareContainers(role: string, before: ContainerView, after: ContainerView, out: RemovedSafeguard[]) {
  const what = `container ${before.name ?? "(unnamed)"}${role === "pod" ? "" : ` of ${role}`}`;
  for (const p of PROBES) {
    if (asObject(before.value[p]) && !asObject(after.value[p])) {
      out.push(removed("probe", [...before.path, p], `${what} lost its ${p}`));
    }
  }
  const limitsBefore = asObject(getIn(before.value, ["resources", "limits"])) ?? {};
  const limitsAfter = asObject(getIn(after.value, ["resources", "limits"])) ?? {};
  for (const name of Object.keys(limitsBefore)) {
    if (limitsAfter[name] === undefined) {
      out.push(removed("limits", [...before.path, "resources", "limits", name], `${what} lost its ${name} limit`));
    }
  }
  lostRestrictions(
    asObject(before.value.securityContext),
    asObject(after.value.securityContext),
    [...before.path, "securityContext"],
    what,
    out,
  );
}

function comparePodGroups(before: PodGroup, after: PodGroup, out: RemovedSafeguard[]) {
  const afterContainers = new Map(after.containers.map((c) => [containerKey(c), c]));
  for (const c of before.containers) {
    const a = afterContainers.get(containerKey(c));
    if (a) compareContainers(before.role, c, a, out);
  }
  if (before.podSpec && before.podSpecPath) {
    lostRestrictions(
      asObject(before.podSpec.securityContext),
      asObject(after.podSpec?.securityContext),
      [...before.podSpecPath, "securityContext"],
      `pod group ${before.role}`,
      out,
    );
  }
}

/**
 * The safeguards `before` had that `after` lacks: gang scheduling, deadlines, probes, limits and
 * security settings. Containers and pod groups that were renamed or removed are not compared
 * (a different container is not a weakened one).
 */
export function removedSafeguards(before: Workload, after: Workload): RemovedSafeguard[] {
  const out: RemovedSafeguard[] = [];
  const gangBefore = gangSignals(before);
  if (gangBefore.length > 0 && gangSignals(after).length === 0) {
    const first = gangBefore[0];
    if (first) {
      out.push(
        removed(
          "gang-scheduling",
          first.path,
          `gang scheduling removed (was: ${gangBefore.map((s) => s.detail).join("; ")}); pods may now start partially and hold GPUs while they wait`,
        ),
      );
    }
  }
  const deadlinesAfter = deadlines(after);
  for (const [key, path] of deadlines(before)) {
    if (!deadlinesAfter.has(key)) out.push(removed("deadline", path, `activeDeadlineSeconds removed at ${key}`));
  }
  const groupsAfter = new Map(after.podGroups.map((g) => [g.role, g]));
  for (const g of before.podGroups) {
    const a = groupsAfter.get(g.role);
    if (a) comparePodGroups(g, a, out);
  }
  return out;
}
