import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { describe, requestsAccelerator } from "./_util.js";

const LEGACY = "ray.io/scheduler-name";
const GANG = "ray.io/gang-scheduling-enabled";
const YUNIKORN = ["yunikorn.apache.org/app-id", "yunikorn.apache.org/queue"];

export default defineRule({
  id: "scheduling/ray-batch-scheduler",
  category: "scheduling",
  severity: "warning",
  summary:
    "A KubeRay cluster relies on the legacy ray.io/scheduler-name label, or opts into YuniKorn without gang scheduling",
  rationale:
    "KubeRay picks its batch scheduler for the whole operator with `--batch-scheduler` (volcano, yunikorn, kai-scheduler, scheduler-plugins). The per-cluster `ray.io/scheduler-name` label of early releases is no longer read (the constant was removed in v1.6), so it gangs nothing on its own. With YuniKorn, the app-id/queue labels only route the pods; they are placed all-or-nothing only when the cluster also carries `ray.io/gang-scheduling-enabled` (task groups).",
  remediation:
    "Configure the operator's --batch-scheduler and use that scheduler's labels (`volcano.sh/queue-name`, `kai.scheduler/queue`, `yunikorn.apache.org/queue`); add `ray.io/gang-scheduling-enabled: \"true\"` for YuniKorn or scheduler-plugins gangs.",
  links: [
    {
      title: "KubeRay: gang scheduling with batch schedulers",
      url: "https://docs.ray.io/en/latest/cluster/kubernetes/k8s-ecosystem/volcano.html",
    },
    {
      title: "KubeRay: YuniKorn integration",
      url: "https://docs.ray.io/en/latest/cluster/kubernetes/k8s-ecosystem/yunikorn.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "YuniKorn with gang scheduling enabled",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
            labels:
              ray.io/gang-scheduling-enabled: "true"
              yunikorn.apache.org/app-id: rc
              yunikorn.apache.org/queue: root.test
          spec:
            headGroupSpec:
              template: {spec: {containers: [{name: ray-head, image: ray}]}}
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                template: {spec: {containers: [{name: w, image: ray, resources: {limits: {nvidia.com/gpu: 1}}}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "the legacy label",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
            labels:
              ray.io/scheduler-name: volcano
          spec:
            headGroupSpec:
              template: {spec: {containers: [{name: ray-head, image: ray}]}}
        `,
        findings: [{ line: 6, column: 28, severity: "info", message: /no longer read/ }],
      },
      {
        title: "YuniKorn labels on GPU workers without gang scheduling",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
            labels:
              yunikorn.apache.org/app-id: rc
              yunikorn.apache.org/queue: root.test
          spec:
            headGroupSpec:
              template: {spec: {containers: [{name: ray-head, image: ray}]}}
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                template: {spec: {containers: [{name: w, image: ray, resources: {limits: {nvidia.com/gpu: 1}}}]}}
        `,
        findings: [{ line: 6, column: 33, severity: "warning", message: /without ray.io\/gang-scheduling-enabled/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "ray.io") return;
    if (r.labels[LEGACY] !== undefined) {
      ctx.report({
        resource: r,
        path: ["metadata", "labels", LEGACY],
        severity: "info",
        message: `${describe(r)} sets ${LEGACY}, which KubeRay no longer reads (removed in v1.6): the batch scheduler is chosen for the whole operator with --batch-scheduler, so this label gangs nothing on its own`,
      });
    }
    const yk = YUNIKORN.find((k) => r.labels[k] !== undefined);
    if (yk && r.labels[GANG] === undefined) {
      const accel = w.podGroups.filter(requestsAccelerator).reduce((n, g) => n + (g.replicas ?? 0), 0);
      if (accel < 2) return;
      ctx.report({
        resource: r,
        path: ["metadata", "labels", yk],
        message: `${describe(r)} is routed to YuniKorn (${yk}) without ${GANG}: its ${accel} accelerator pods are placed one by one, so the cluster can start with part of its workers and hold their GPUs; add ${GANG}: "true"`,
      });
    }
  },
});
