import { asArray, asObject, asString, getIn } from "../../model/resource.js";
import { defineRule } from "../types.js";
import { describe, num } from "./_util.js";

const GANG_LABEL = "ray.io/gang-scheduling-enabled";

function cluster(replicas: number): string {
  return [
    "apiVersion: ray.io/v1",
    "kind: RayCluster",
    "metadata:",
    "  name: rc",
    "  labels: {ray.io/gang-scheduling-enabled: 'true'}",
    "spec:",
    "  enableInTreeAutoscaling: true",
    "  headGroupSpec:",
    "    template: {spec: {containers: [{name: ray-head, image: rayproject/ray:2.46.0}]}}",
    "  workerGroupSpecs:",
    "    - groupName: gpu",
    `      replicas: ${replicas}`,
    "      minReplicas: 1",
    "      maxReplicas: 8",
    "      template:",
    "        spec:",
    "          containers:",
    "            - name: ray-worker",
    "              image: rayproject/ray:2.46.0",
    "              resources: {limits: {nvidia.com/gpu: 8}}",
    "",
  ].join("\n");
}

export default defineRule({
  id: "scheduling/ray-autoscaling-gang-min",
  category: "scheduling",
  severity: "info",
  summary:
    "An autoscaling RayCluster with ray.io/gang-scheduling-enabled starts above its minReplicas: with scheduler-plugins its PodGroup minimum counts workers the autoscaler may remove",
  rationale:
    "With `--batch-scheduler=scheduler-plugins`, KubeRay creates one PodGroup per RayCluster labelled `ray.io/gang-scheduling-enabled`, once, with `minMember` = desired workers (replicas clamped to [minReplicas, maxReplicas], × numOfHosts) + 1 head — computed from `replicas` even when `enableInTreeAutoscaling` is on (the source marks autoscaling as a TODO; its Volcano and YuniKorn integrations use minReplicas instead). The Coscheduling plugin holds every pod of a group while fewer than `minMember` pods carry its label (`cannot find enough sibling pods`). Once the autoscaler removes idle workers below the starting count, the workers it adds later stay Pending until the group is back to `minMember` pods. Info: the batch scheduler is an operator flag mlgate cannot see, and YuniKorn (same label) is not affected.",
  remediation:
    "Start the cluster at its floor (`replicas` = `minReplicas` in each worker group), so the PodGroup minimum is what the autoscaler always keeps; or disable autoscaling for gang-scheduled clusters.",
  links: [
    {
      title: "KubeRay scheduler-plugins integration (createPodGroup: MinMember = desired replicas + 1)",
      url: "https://github.com/ray-project/kuberay/blob/master/ray-operator/controllers/ray/batchscheduler/scheduler-plugins/scheduler_plugins.go",
    },
    {
      title: "ray-project/kuberay#5205: the scheduler-plugins PodGroup is created once and never updated",
      url: "https://github.com/ray-project/kuberay/issues/5205",
    },
    {
      title: "ray-project/kuberay#3858: consider autoscaling for the scheduler-plugins integration",
      url: "https://github.com/ray-project/kuberay/issues/3858",
    },
    {
      title: "scheduler-plugins Coscheduling PreFilter (core.go)",
      url: "https://github.com/kubernetes-sigs/scheduler-plugins/blob/master/pkg/coscheduling/core/core.go",
    },
  ],
  examples: {
    valid: [{ title: "the cluster starts at its minReplicas", yaml: cluster(1) }],
    invalid: [
      {
        title: "starts with 4 workers, may scale down to 1",
        yaml: cluster(4),
        findings: [
          {
            line: 12,
            column: 17,
            severity: "info",
            message: /RayCluster rc .*minMember 5 \(4 workers \+ head\).*scale down to 1 worker/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    // KubeRay's scheduler-plugins integration handles RayCluster objects.
    if (r.group !== "ray.io" || r.kind !== "RayCluster") return;
    if (r.labels[GANG_LABEL] === undefined) return;
    if (getIn(r.value, ["spec", "enableInTreeAutoscaling"]) !== true) return;
    let desired = 0;
    let floor = 0;
    let at: number | undefined;
    for (const [i, g] of asArray(getIn(r.value, ["spec", "workerGroupSpecs"])).entries()) {
      const wg = asObject(g);
      if (!wg || wg.suspend === true) continue;
      const min = num(wg.minReplicas) ?? 0;
      const max = num(wg.maxReplicas) ?? Number.MAX_SAFE_INTEGER;
      if (min > max) return; // rejected: scheduling/ray-worker-replicas
      const hosts = num(wg.numOfHosts) ?? 1;
      const replicas = num(wg.replicas);
      const clamped = Math.min(Math.max(replicas ?? min, min), max);
      desired += clamped * hosts;
      floor += min * hosts;
      if (at === undefined && clamped > min && replicas !== undefined) at = i;
    }
    if (at === undefined || desired <= floor) return;
    const group = asString(asObject(asArray(getIn(r.value, ["spec", "workerGroupSpecs"]))[at])?.groupName) ?? `#${at}`;
    ctx.report({
      resource: r,
      path: ["spec", "workerGroupSpecs", at, "replicas"],
      message: `${describe(r)} autoscales and asks for gang scheduling (${GANG_LABEL}), and starts above its floor (worker group ${group}): with KubeRay's scheduler-plugins integration its PodGroup gets minMember ${desired + 1} (${desired} workers + head), fixed at creation, while the autoscaler may scale down to ${floor} worker${floor === 1 ? "" : "s"}; workers added after a scale-down stay Pending ("cannot find enough sibling pods") until the group has ${desired + 1} pods again. Set replicas to minReplicas (YuniKorn, same label, uses minReplicas and is not affected)`,
    });
  },
});
