import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { clusterQueueOf, clusterQueueQuota, readKueue } from "./kueue.js";

const CLUSTER_QUEUE = `apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata:
  name: research-cq
spec:
  cohort: research
  queueingStrategy: StrictFIFO
  resourceGroups:
    - coveredResources: [cpu, nvidia.com/gpu]
      flavors:
        - name: a100-80gb
          resources:
            - {name: cpu, nominalQuota: "64"}
            - {name: nvidia.com/gpu, nominalQuota: 8, borrowingLimit: 4}
        - name: h100
          resources:
            - {name: nvidia.com/gpu, nominalQuota: 16}
            - {nominalQuota: 3}
    - not a group
`;
const LOCAL_QUEUE = `apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata:
  name: team-a
  namespace: ml
spec:
  clusterQueue: research-cq
`;
const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: j
  namespace: ml
  labels: {kueue.x-k8s.io/queue-name: team-a}
spec:
  template:
    spec:
      containers: [{name: c, image: i}]
`;

function setOf(files: Record<string, string>) {
  return buildSet(Object.entries(files).map(([p, t]) => new SourceFile(p, t))).set;
}

describe("Kueue queues, read once for the rules and the simulator", () => {
  it("reads a ClusterQueue's groups and flavors as written, and its quota summed over flavors", () => {
    const set = setOf({ "q.yaml": CLUSTER_QUEUE });
    const cq = set.resources[0];
    if (!cq) throw new Error("no queue");
    const quota = clusterQueueQuota(cq);
    expect(quota).toMatchObject({
      name: "research-cq",
      cohort: "research",
      strictFifo: true,
      nominal: { cpu: 64, "nvidia.com/gpu": 24 },
      borrowingLimit: { "nvidia.com/gpu": 4 },
    });
    expect(quota.groups).toEqual([
      {
        covered: ["cpu", "nvidia.com/gpu"],
        flavors: [
          {
            name: "a100-80gb",
            resources: [
              { name: "cpu", nominal: 64, borrowingLimit: undefined },
              { name: "nvidia.com/gpu", nominal: 8, borrowingLimit: 4 },
            ],
          },
          { name: "h100", resources: [{ name: "nvidia.com/gpu", nominal: 16, borrowingLimit: undefined }] },
        ],
      },
    ]);
    expect(clusterQueueQuota(cq)).toBe(quota);
  });

  it("follows a job's queue to the one ClusterQueue that belongs with it, and not into another directory", () => {
    const together = setOf({ "app/job.yaml": JOB, "app/queues.yaml": `${LOCAL_QUEUE}---\n${CLUSTER_QUEUE}` });
    const job = together.resources.find((r) => r.kind === "Job");
    if (!job) throw new Error("no job");
    expect(clusterQueueOf(together.resources, job, "team-a")?.name).toBe("research-cq");
    expect(clusterQueueOf(together.resources, job, "team-b")).toBeUndefined();

    const apart = setOf({ "app/job.yaml": JOB, "other/queues.yaml": `${LOCAL_QUEUE}---\n${CLUSTER_QUEUE}` });
    const lone = apart.resources.find((r) => r.kind === "Job");
    if (!lone) throw new Error("no job");
    expect(clusterQueueOf(apart.resources, lone, "team-a")).toBeUndefined();
    // The simulator submits the whole run to one cluster: it reads every queue.
    const setup = readKueue(apart.resources);
    expect(setup?.localQueues.get("ml/team-a")).toBe("research-cq");
    expect(setup?.clusterQueues.get("research-cq")?.nominal).toEqual({ cpu: 64, "nvidia.com/gpu": 24 });
  });
});
