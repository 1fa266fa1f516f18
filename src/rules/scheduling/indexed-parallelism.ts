import type { Path } from "../../model/path.js";
import { asArray, asObject, asString, getIn, type JsonObject } from "../../model/resource.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, num, requestsAccelerator, runsDistributedLauncher } from "./_util.js";

export default defineRule({
  id: "scheduling/indexed-parallelism",
  category: "scheduling",
  severity: "warning",
  summary: "An indexed distributed job runs fewer pods at once (parallelism) than it has ranks (completions)",
  rationale:
    "In an Indexed Job each completion index is one rank of the distributed job. With parallelism below completions only `parallelism` ranks run at the same time; a synchronous launcher (torchrun, MPI, DeepSpeed, or any multi-pod accelerator job) waits at the rendezvous for ranks that are not created until others finish — which they never do — so the job hangs holding its GPUs.",
  remediation: "Set parallelism equal to completions for distributed training jobs.",
  links: [
    {
      title: "Kubernetes: Indexed Jobs",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode",
    },
    { title: "JobSet concepts", url: "https://jobset.sigs.k8s.io/docs/concepts/" },
  ],
  examples: {
    valid: [
      {
        title: "parallelism equal to completions",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: ddp
          spec:
            completionMode: Indexed
            completions: 4
            parallelism: 4
            template:
              spec:
                restartPolicy: Never
                containers: [{name: t, image: i, command: [torchrun, --nnodes=4, train.py]}]
        `,
      },
    ],
    invalid: [
      {
        title: "a JobSet replicated job that runs 2 of its 4 ranks at a time",
        yaml: dedent`
          apiVersion: jobset.x-k8s.io/v1alpha2
          kind: JobSet
          metadata:
            name: js
          spec:
            replicatedJobs:
              - name: workers
                template:
                  spec:
                    completionMode: Indexed
                    completions: 4
                    parallelism: 2
                    template:
                      spec:
                        restartPolicy: Never
                        containers:
                          - name: t
                            image: i
                            resources: {limits: {nvidia.com/gpu: 8}}
        `,
        findings: [{ line: 12, column: 24, message: /workers runs parallelism 2 of completions 4/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const jobs: { spec: JsonObject; path: Path; name: string; group: PodGroup | undefined }[] = [];
    if (r.group === "batch" && r.kind === "Job") {
      const spec = asObject(r.value.spec);
      if (spec) jobs.push({ spec, path: ["spec"], name: describe(r), group: w.podGroups[0] });
    } else if (r.group === "jobset.x-k8s.io" && r.kind === "JobSet") {
      asArray(getIn(r.value, ["spec", "replicatedJobs"])).forEach((rj, i) => {
        const spec = asObject(getIn(rj, ["template", "spec"]));
        const name = asString(asObject(rj)?.name) ?? `replicatedJobs[${i}]`;
        if (spec)
          jobs.push({
            spec,
            path: ["spec", "replicatedJobs", i, "template", "spec"],
            name: `${describe(r)} ${name}`,
            group: w.podGroups.find((g) => g.role === name),
          });
      });
    }
    for (const j of jobs) {
      if (j.spec.completionMode !== "Indexed" || !j.group) continue;
      if (!requestsAccelerator(j.group) && !runsDistributedLauncher(j.group)) continue;
      const completions = num(j.spec.completions);
      const parallelism = num(j.spec.parallelism) ?? 1;
      if (completions === undefined || parallelism >= completions) continue;
      ctx.report({
        resource: r,
        path: [...j.path, j.spec.parallelism === undefined ? "completions" : "parallelism"],
        message: `${j.name} runs parallelism ${parallelism} of completions ${completions} ranks at a time: the ranks that start wait at the rendezvous for indexes that are only created when others finish, so the job hangs holding its GPUs; set parallelism to ${completions}`,
      });
    }
  },
});
