import { KUEUE_GROUP, kueueObjectExists } from "../../model/kueue.js";
import { queueLabel } from "../../model/kueue-queue.js";
import { placeOf, sameTree } from "../../model/refs.js";
import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { indexResources } from "../../model/set-index.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, refSeverity, refSuffix } from "./_util.js";

const PRIORITY_LABEL = "kueue.x-k8s.io/priority-class";

export default defineRule({
  id: "scheduling/kueue-unknown-ref",
  category: "scheduling",
  severity: "info",
  summary:
    "A Kueue reference names a LocalQueue, ClusterQueue, ResourceFlavor or WorkloadPriorityClass that is not in the checked set",
  rationale:
    "Kueue resolves a job's `kueue.x-k8s.io/queue-name` to a LocalQueue in the job's namespace, the LocalQueue to a ClusterQueue, and the ClusterQueue's flavors to ResourceFlavors. When one link is missing the job is never admitted and stays suspended with a condition such as `LocalQueue user-queue doesn't exist` — which users report as hard to find. mlgate only sees the files of one run, so a missing object is info (it may already exist in the cluster) unless --strict-refs is given — except a LocalQueue missing from the job's namespace while the files that belong with the job (its directory tree, which includes what a kustomization or chart renders) define LocalQueues: the team keeps its queues there, so the one named is missing (a warning).",
  remediation:
    "Fix the name, or include the LocalQueue, ClusterQueue, ResourceFlavor or WorkloadPriorityClass in the manifests you check (or make sure it exists in the cluster).",
  links: [
    { title: "Kueue: LocalQueue", url: "https://kueue.sigs.k8s.io/docs/concepts/local_queue/" },
    { title: "Kueue: ClusterQueue", url: "https://kueue.sigs.k8s.io/docs/concepts/cluster_queue/" },
    { title: "Kueue: ResourceFlavor", url: "https://kueue.sigs.k8s.io/docs/concepts/resource_flavor/" },
  ],
  examples: {
    valid: [
      {
        title: "job → LocalQueue → ClusterQueue → ResourceFlavor, all present",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ResourceFlavor
          metadata:
            name: default-flavor
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ClusterQueue
          metadata:
            name: cluster-queue
          spec:
            resourceGroups:
              - coveredResources: [cpu]
                flavors:
                  - name: default-flavor
                    resources: [{name: cpu, nominalQuota: 9}]
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: user-queue
            namespace: default
          spec:
            clusterQueue: cluster-queue
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: sample
            namespace: default
            labels: {kueue.x-k8s.io/queue-name: user-queue}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title:
          "a LocalQueue that the job's namespace lacks, while the files beside it define one in another namespace (a warning)",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: team-a
            namespace: team-a
          spec:
            clusterQueue: cq
          ---
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ClusterQueue
          metadata:
            name: cq
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: sample
            namespace: team-b
            labels: {kueue.x-k8s.io/queue-name: team-a}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
        findings: [
          {
            line: 19,
            column: 39,
            severity: "warning",
            message:
              /LocalQueue team-a, which is not defined in namespace team-b, though the files beside it define LocalQueue team-a \(namespace team-a\)/,
          },
        ],
      },
      {
        title: "a misspelt queue name and a LocalQueue pointing at a missing ClusterQueue",
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: LocalQueue
          metadata:
            name: user-queue
          spec:
            clusterQueue: cluster-queue
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: sample
            labels: {kueue.x-k8s.io/queue-name: user-queu}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: c, image: i}]
        `,
        findings: [
          { line: 6, column: 17, severity: "info", message: /ClusterQueue cluster-queue/ },
          { line: 12, column: 39, severity: "warning", message: /LocalQueue user-queu, .*never admitted/ },
        ],
      },
      {
        title: "with --strict-refs, a missing ResourceFlavor is an error",
        options: { strictRefs: true },
        yaml: dedent`
          apiVersion: kueue.x-k8s.io/v1beta2
          kind: ClusterQueue
          metadata:
            name: cluster-queue
          spec:
            resourceGroups:
              - coveredResources: [nvidia.com/gpu]
                flavors:
                  - name: a100
                    resources: [{name: nvidia.com/gpu, nominalQuota: 8}]
        `,
        findings: [{ line: 9, column: 17, severity: "error", message: /ResourceFlavor a100/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const sev = refSeverity(ctx);
    const q = queueLabel(w);
    if (q && !kueueObjectExists(ctx.set.resources, r, "LocalQueue", q.name, true)) {
      const ns = r.namespace ? ` in namespace ${r.namespace}` : "";
      // The files that belong with this one (its directory tree) define the team's LocalQueues:
      // the one it names is then missing from them, not somewhere else in the cluster.
      const beside = indexResources(ctx.set.resources)
        .ofKind(KUEUE_GROUP, "LocalQueue")
        .filter((x) => sameTree(placeOf(x), placeOf(r)));
      const names = [
        ...new Set(beside.map((x) => `${x.name ?? "?"}${x.namespace ? ` (namespace ${x.namespace})` : ""}`)),
      ];
      ctx.report({
        resource: r,
        path: q.path,
        severity: beside.length > 0 && sev === "info" ? "warning" : sev,
        message:
          beside.length > 0
            ? `${describe(r)} names LocalQueue ${q.name}, which is not defined${ns}, though the files beside it define LocalQueue ${names.join(", ")}: Kueue looks the queue up in the job's own namespace, so the job is never admitted and stays suspended`
            : `${describe(r)} names LocalQueue ${q.name}, which is not in the checked set${ns}: if it does not exist, the job is never admitted and stays suspended${refSuffix(ctx)}`,
      });
    }
    const prio = asString(r.labels[PRIORITY_LABEL]);
    if (prio && !kueueObjectExists(ctx.set.resources, r, "WorkloadPriorityClass", prio, false)) {
      ctx.report({
        resource: r,
        path: ["metadata", "labels", PRIORITY_LABEL],
        severity: sev,
        message: `${describe(r)} names WorkloadPriorityClass ${prio}, which is not in the checked set: if it does not exist, Kueue does not admit the job${refSuffix(ctx)}`,
      });
    }
  },
  resource(r, ctx) {
    if (r.group !== KUEUE_GROUP) return;
    const known = (kind: string, name: string) => kueueObjectExists(ctx.set.resources, r, kind, name, false);
    if (r.kind === "LocalQueue") {
      const cq = asString(getIn(r.value, ["spec", "clusterQueue"]));
      if (cq && !known("ClusterQueue", cq)) {
        ctx.report({
          resource: r,
          path: ["spec", "clusterQueue"],
          severity: refSeverity(ctx),
          message: `LocalQueue ${r.name ?? ""} points at ClusterQueue ${cq}, which is not in the checked set: if it does not exist, no job of this queue is ever admitted${refSuffix(ctx)}`,
        });
      }
    } else if (r.kind === "ClusterQueue") {
      asArray(getIn(r.value, ["spec", "resourceGroups"])).forEach((g, gi) => {
        asArray(asObject(g)?.flavors).forEach((f, fi) => {
          const name = asString(asObject(f)?.name);
          if (name && !known("ResourceFlavor", name)) {
            ctx.report({
              resource: r,
              path: ["spec", "resourceGroups", gi, "flavors", fi, "name"],
              severity: refSeverity(ctx),
              message: `ClusterQueue ${r.name ?? ""} uses ResourceFlavor ${name}, which is not in the checked set: if it does not exist, the ClusterQueue stays inactive and admits nothing${refSuffix(ctx)}`,
            });
          }
        });
      });
    }
  },
});
