import { kindTraits } from "../../model/kind-traits.js";
import { asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** ReplicationController is not a modelled kind (no traits row); its controller takes Always only. */
const RC: { values: readonly string[]; required: boolean } = { values: ["Always"], required: false };

const quoted = (vs: readonly string[]) => vs.map((v) => `"${v}"`).join(", ");

export default defineRule({
  id: "schema/restart-policy",
  category: "schema",
  severity: "error",
  summary:
    "A pod template's restartPolicy that its controller does not accept: a Job with Always (or none), a Deployment with Never",
  rationale:
    'A Job\'s pods must end, so its template must say `restartPolicy: OnFailure` or `Never`; the pod default, Always, is refused, and so is leaving the field out (`spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`). The long-running controllers — Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController — accept only Always. Either way the API server rejects the object at apply. Training jobs converted from a Deployment, or the reverse, carry the wrong one.',
  remediation:
    "For a Job or CronJob write `restartPolicy: Never` (the Job controller retries by creating new pods, up to backoffLimit) or `OnFailure` (the kubelet restarts the container in place). For a Deployment, StatefulSet, DaemonSet or ReplicaSet remove the field or set it to Always.",
  links: [
    {
      title: "Kubernetes batch validation: restartPolicy of a Job's template",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go",
    },
    {
      title: "Kubernetes apps validation: Deployment, StatefulSet, DaemonSet templates",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go",
    },
    {
      title: "Jobs: Pod template",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template",
    },
  ],
  examples: {
    valid: [
      {
        title: "a Job that restarts on failure, and a Deployment that leaves the default",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers: [{name: t, image: t:1}]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            selector: {matchLabels: {app: d}}
            template:
              metadata: {labels: {app: d}}
              spec:
                containers: [{name: d, image: d:1}]
        `,
      },
    ],
    invalid: [
      {
        title: "a Job with restartPolicy Always",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
          spec:
            template:
              spec:
                restartPolicy: Always
                containers: [{name: t, image: t:1}]
        `,
        findings: [{ line: 8, column: 22, message: /Job.*"Always".*"OnFailure", "Never"/ }],
      },
      {
        title: "a CronJob whose job template leaves restartPolicy out",
        yaml: dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: nightly
          spec:
            schedule: '0 2 * * *'
            jobTemplate:
              spec:
                template:
                  spec:
                    containers: [{name: t, image: t:1}]
        `,
        findings: [{ line: 11, column: 11, message: /restartPolicy is required/ }],
      },
      {
        title: "a Deployment with restartPolicy Never",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            selector: {matchLabels: {app: d}}
            template:
              metadata: {labels: {app: d}}
              spec:
                restartPolicy: Never
                containers: [{name: d, image: d:1}]
        `,
        findings: [{ line: 10, column: 22, message: /Deployment accepts only "Always".*not "Never"/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    // Which values each controller's validation accepts is kind data (model/kind-traits.ts).
    const allowed = r.group === "" && r.kind === "ReplicationController" ? RC : kindTraits(r).podRestartPolicy;
    if (!allowed) return;
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      const value = g.podSpec.restartPolicy;
      if (value === undefined || value === null) {
        if (allowed.required)
          ctx.report({
            resource: r,
            path: g.podSpecPath,
            message: `restartPolicy is required in a ${r.kind}'s pod template: the pod default Always is not allowed; set ${quoted(allowed.values)}`,
          });
        continue;
      }
      const s = asString(value);
      if (s === undefined || allowed.values.includes(s)) continue;
      ctx.report({
        resource: r,
        path: [...g.podSpecPath, "restartPolicy"],
        message:
          allowed.values.length === 1
            ? `a ${r.kind} accepts only "${allowed.values[0]}" as its pod template's restartPolicy, not "${s}"`
            : `a ${r.kind}'s pod template cannot have restartPolicy "${s}": supported values are ${quoted(allowed.values)}`,
      });
    }
  },
});
