import { VOLCANO_QUEUE_ANNOTATION } from "../../catalog/schedulers.js";
import { schedulerNameOf } from "../../model/gang.js";
import type { Path } from "../../model/path.js";
import { describeMatch, placeOf, together } from "../../model/refs.js";
import { asString, getIn, type Resource } from "../../model/resource.js";
import { indexResources, perSet } from "../../model/set-index.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";
import { describe, refSeverity, refSuffix } from "./_util.js";

/** Queues every Volcano install creates. */
const BUILTIN_QUEUES = new Set(["default", "root"]);

interface QueueUse {
  resource: Resource;
  name: string | undefined;
  path: Path;
}

/** The queue an object names where its kind says it: a Volcano Job's or PodGroup's `spec.queue`, KubeRay's label, the annotation. */
function namedQueue(r: Resource): QueueUse | undefined {
  if (
    (r.group === "batch.volcano.sh" && r.kind === "Job") ||
    (r.group === "scheduling.volcano.sh" && r.kind === "PodGroup")
  )
    return { resource: r, name: asString(getIn(r.value, ["spec", "queue"])), path: ["spec", "queue"] };
  if (r.group === "ray.io" && r.labels["volcano.sh/queue-name"] !== undefined)
    return {
      resource: r,
      name: asString(r.labels["volcano.sh/queue-name"]),
      path: ["metadata", "labels", "volcano.sh/queue-name"],
    };
  if (r.annotations[VOLCANO_QUEUE_ANNOTATION] !== undefined)
    return {
      resource: r,
      name: asString(r.annotations[VOLCANO_QUEUE_ANNOTATION]),
      path: ["metadata", "annotations", VOLCANO_QUEUE_ANNOTATION],
    };
  return undefined;
}

/** The run's Volcano Queues (every file's: the run applies them all), read once per run. */
const queuesOf = perSet((resources: readonly Resource[]) => {
  const queues = indexResources(resources).ofKind("scheduling.volcano.sh", "Queue");
  return {
    defined: new Set(queues.map((q) => q.name)),
    team: queues.filter((q) => q.name && !BUILTIN_QUEUES.has(q.name)),
  };
});

function judge(u: QueueUse, ctx: RuleContext): void {
  const queues = queuesOf(ctx.set.resources);
  if (u.name === undefined) {
    // Without team queues in the set, the default queue is the normal place.
    // Team queues in its own file or render (model/refs.ts's `together`), never another example's.
    const near = together(placeOf(u.resource), queues.team, placeOf).map(describeMatch);
    if (near.length === 0) return;
    ctx.report({
      resource: u.resource,
      path: ["spec"],
      at: "key",
      message: `${describe(u.resource)} names no Volcano queue, so it lands in the default queue, outside the capacity and fair share of ${near.slice(0, 3).join(", ")} defined beside it`,
    });
  } else if (!queues.defined.has(u.name) && !BUILTIN_QUEUES.has(u.name)) {
    ctx.report({
      resource: u.resource,
      path: u.path,
      severity: refSeverity(ctx),
      message: `${describe(u.resource)} uses Volcano queue ${u.name}, which is not in the checked set: if it does not exist, Volcano rejects the job (or never schedules its PodGroup) and its pods stay Pending${refSuffix(ctx)}`,
    });
  }
}

export default defineRule({
  id: "scheduling/volcano-queue",
  category: "scheduling",
  severity: "info",
  summary: "A Volcano workload names a queue that is not in the checked set, or names none where queues are defined",
  rationale:
    "Volcano admits a job only into an existing, open leaf queue; a PodGroup whose queue does not exist is never scheduled and its pods stay Pending. A Volcano workload that names no queue lands in the `default` queue, which bypasses the capacity and fair share of the queues the team defined. mlgate sees only the files of one run: a missing queue is info unless --strict-refs is given.",
  remediation:
    "Name an existing queue (`spec.queue` of a Volcano Job or PodGroup, the `scheduling.volcano.sh/queue-name` annotation, or KubeRay's `volcano.sh/queue-name` label), and include the Queue in the manifests you check.",
  links: [
    { title: "Volcano Queue", url: "https://volcano.sh/en/docs/queue/" },
    {
      title: "Volcano job admission (queue must exist and be open)",
      url: "https://github.com/volcano-sh/volcano/blob/master/pkg/webhooks/admission/jobs/validate/admit_job.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "a Volcano Job in a queue defined beside it",
        yaml: dedent`
          apiVersion: scheduling.volcano.sh/v1beta1
          kind: Queue
          metadata:
            name: research
          spec:
            weight: 1
          ---
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: j
          spec:
            queue: research
            tasks:
              - name: w
                replicas: 2
                template: {spec: {containers: [{name: w, image: i}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "a misspelt queue, and a job without a queue beside a defined one",
        yaml: dedent`
          apiVersion: scheduling.volcano.sh/v1beta1
          kind: Queue
          metadata:
            name: research
          spec:
            weight: 1
          ---
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: a
          spec:
            queue: reserch
            tasks:
              - name: w
                replicas: 2
                template: {spec: {containers: [{name: w, image: i}]}}
          ---
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: b
          spec:
            tasks:
              - name: w
                replicas: 2
                template: {spec: {containers: [{name: w, image: i}]}}
        `,
        findings: [
          { line: 13, column: 10, message: /Volcano queue reserch, which is not in the checked set/ },
          { line: 23, column: 1, message: /Job b names no Volcano queue.*default.*research/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    const u = namedQueue(r);
    if (u) judge(u, ctx);
  },
  workload(w, ctx) {
    if (namedQueue(w.resource)) return; // judged as a resource
    for (const g of w.podGroups) {
      const q = asString(g.podAnnotations[VOLCANO_QUEUE_ANNOTATION]);
      if (q && g.templatePath) {
        judge(
          {
            resource: w.resource,
            name: q,
            path: [...g.templatePath, "metadata", "annotations", VOLCANO_QUEUE_ANNOTATION],
          },
          ctx,
        );
        return;
      }
      if (schedulerNameOf(g).name === "volcano" && w.resource.group !== "ray.io") {
        judge({ resource: w.resource, name: undefined, path: [] }, ctx);
        return;
      }
    }
  },
});
