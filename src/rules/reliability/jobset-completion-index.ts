import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** Variables and flags that hold a process's or node's global rank. */
const RANK =
  /(?:^|[\s;&|"'])(?:export\s+)?(?:NODE_RANK|RANK|MACHINE_RANK|GROUP_RANK|--node[-_]rank|--machine[-_]rank)\s*[=\s]\s*["']?\$\(?\{?JOB_COMPLETION_INDEX\b/;
const RANK_ENV = new Set(["NODE_RANK", "RANK", "MACHINE_RANK", "GROUP_RANK"]);
const COMPLETION_INDEX_FIELD = /batch\.kubernetes\.io\/job-completion-index/;
/** Anything that brings the Job's own index into the computation makes a global rank possible. */
const JOB_INDEX = /jobset\.sigs\.k8s\.io\/job-(?:global-)?index|JOB_INDEX|REPLICATED_JOB|job-global-index/;

/** Where a container takes its global rank from JOB_COMPLETION_INDEX, if it does. */
function rankFromCompletionIndex(container: Record<string, unknown>, path: Path): Path | undefined {
  const text = JSON.stringify(container);
  if (JOB_INDEX.test(text)) return undefined;
  for (const field of ["command", "args"] as const) {
    for (const [i, v] of asArray(container[field]).entries()) {
      const s = asString(v);
      if (s && RANK.test(` ${s}`)) return [...path, field, i];
    }
  }
  for (const [i, e] of asArray(container.env).entries()) {
    const env = asObject(e);
    const name = asString(env?.name);
    if (!name || !RANK_ENV.has(name)) continue;
    const value = asString(env?.value);
    const field = asString(getIn(env, ["valueFrom", "fieldRef", "fieldPath"]));
    if ((value && /^\$\(JOB_COMPLETION_INDEX\)$/.test(value)) || (field && COMPLETION_INDEX_FIELD.test(field)))
      return [...path, "env", i];
  }
  return undefined;
}

export default defineRule({
  id: "reliability/jobset-completion-index",
  category: "reliability",
  severity: "error",
  summary: "A JobSet's pods take a global rank from JOB_COMPLETION_INDEX while their replicated job has replicas > 1",
  rationale:
    "JOB_COMPLETION_INDEX (the `batch.kubernetes.io/job-completion-index` annotation) numbers the pods of one Indexed Job from 0. A replicated job with `replicas: N` creates N Jobs, each numbering its pods from 0 again, so a rank (NODE_RANK, RANK, torchrun's --node_rank, accelerate's --machine_rank) taken from it repeats N times: torchrun's rendezvous sees duplicate ranks and fails or hangs,. JobSet gives each child Job its index and a global one (labels and annotations `jobset.sigs.k8s.io/job-index` and `jobset.sigs.k8s.io/job-global-index`, kubernetes-sigs/jobset api/jobset/v1alpha2/jobset_types.go), from which a global rank is job-index × parallelism + completion index.",
  remediation:
    "Compute the rank from the job index too, e.g. env JOB_INDEX from fieldRef `metadata.annotations['jobset.sigs.k8s.io/job-index']` and NODE_RANK=$((JOB_INDEX * PARALLELISM + JOB_COMPLETION_INDEX)); or use one Job (replicas: 1) with parallelism and completions for all the pods.",
  links: [
    {
      title: "JobSet API: job-index and job-global-index",
      url: "https://github.com/kubernetes-sigs/jobset/blob/main/api/jobset/v1alpha2/jobset_types.go",
    },
    {
      title: "Kubernetes: Indexed Jobs (JOB_COMPLETION_INDEX)",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode",
    },
  ],
  examples: {
    valid: [
      {
        title: "one Job of 4 pods: the completion index is the global rank",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: t
          spec:
            replicatedJobs:
              - name: workers
                replicas: 1
                template:
                  spec:
                    parallelism: 4
                    completions: 4
                    template:
                      spec:
                        containers:
                          - name: c
                            image: i
                            command: [bash, -c, 'torchrun --nnodes 4 --node_rank=$JOB_COMPLETION_INDEX train.py']
        `,
      },
      {
        title: "two Jobs whose rank adds the job index",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: t
          spec:
            replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  spec:
                    parallelism: 2
                    completions: 2
                    template:
                      spec:
                        containers:
                          - name: c
                            image: i
                            env:
                              - name: JOB_INDEX
                                valueFrom: {fieldRef: {fieldPath: "metadata.annotations['jobset.sigs.k8s.io/job-index']"}}
                            command: [bash, -c, 'torchrun --nnodes 4 --node_rank=$((JOB_INDEX * 2 + JOB_COMPLETION_INDEX)) train.py']
        `,
      },
    ],
    invalid: [
      {
        title: "two Jobs of two pods each, ranked by the completion index alone",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: t
          spec:
            replicatedJobs:
              - name: workers
                replicas: 2
                template:
                  spec:
                    parallelism: 2
                    completions: 2
                    template:
                      spec:
                        containers:
                          - name: c
                            image: i
                            command: [bash, -c, 'torchrun --nnodes 4 --node_rank=$JOB_COMPLETION_INDEX train.py']
        `,
        findings: [{ line: 18, column: 39, message: /replicas: 2.*ranks 0–1 repeat in each of the 2 Jobs/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "jobset.x-k8s.io" || r.kind !== "JobSet") return;
    for (const [i, rj] of asArray(getIn(r.value, ["spec", "replicatedJobs"])).entries()) {
      const job = asObject(rj);
      const replicas = typeof job?.replicas === "number" ? job.replicas : 1;
      if (!job || replicas <= 1) continue;
      const podSpecPath: Path = ["spec", "replicatedJobs", i, "template", "spec", "template", "spec"];
      const perJob = getIn(r.value, ["spec", "replicatedJobs", i, "template", "spec", "parallelism"]);
      const n = typeof perJob === "number" ? perJob : 1;
      for (const [j, c] of asArray(getIn(r.value, [...podSpecPath, "containers"])).entries()) {
        const container = asObject(c);
        const at = container ? rankFromCompletionIndex(container, [...podSpecPath, "containers", j]) : undefined;
        if (!at) continue;
        ctx.report({
          resource: r,
          path: at,
          message: `replicated job ${asString(job.name) ?? i} has replicas: ${replicas}, but its rank comes from JOB_COMPLETION_INDEX alone: ranks 0–${n - 1} repeat in each of the ${replicas} Jobs, so the rendezvous sees duplicate ranks; add the job index (jobset.sigs.k8s.io/job-index × ${n})`,
        });
      }
    }
  },
});
