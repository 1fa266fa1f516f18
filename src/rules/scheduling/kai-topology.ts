import {
  KAI_TOPOLOGY,
  KAI_TOPOLOGY_ANNOTATION,
  KAI_TOPOLOGY_PREFERRED_ANNOTATION,
  KAI_TOPOLOGY_REQUIRED_ANNOTATION,
} from "../../catalog/schedulers.js";
import {
  isKaiPodGroup,
  type KaiTopologyConstraint,
  kaiDefinedNames,
  kaiTopologyConstraints,
  kaiTopologyLevels,
  kaiTopologyRef,
} from "../../model/kai.js";
import type { Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

function judge(r: Resource, constraints: KaiTopologyConstraint[], ctx: RuleContext): void {
  for (const c of constraints) {
    const placement = c.required ?? c.preferred;
    if (!c.topology) {
      if (placement)
        ctx.report({
          resource: r,
          path: placement.path,
          severity: "warning",
          message: `${c.where}: the ${c.required ? "required" : "preferred"} KAI topology level ${placement.value} names no Topology (${isKaiPodGroup(r) ? "topologyConstraint.topology" : KAI_TOPOLOGY_ANNOTATION} is unset): KAI Scheduler ignores the placement, and the pods may be spread over any nodes`,
        });
      continue;
    }
    const name = c.topology.value;
    const ref = kaiTopologyRef(ctx.set.resources, r, name);
    if (ref.all.length === 0) {
      // Only a run that defines Topologies says which exist; otherwise the cluster may hold it.
      const defined = kaiDefinedNames(ctx.set.resources, KAI_TOPOLOGY);
      if (defined.length > 0)
        ctx.report({
          resource: r,
          path: c.topology.path,
          severity: "warning",
          message: `${c.where}: KAI Topology ${name} is not among the Topologies the checked set defines (${defined.join(", ")}): KAI Scheduler leaves the pods Pending ("Requested topology ${name} does not exist")`,
        });
      continue;
    }
    const topology = ref.objects[0];
    if (!topology) continue;
    const levels = kaiTopologyLevels(topology);
    if (levels.length === 0) continue;
    const known = `its levels are ${levels.join(", ")}`;
    for (const [kind, v] of [
      ["required", c.required],
      ["preferred", c.preferred],
    ] as const) {
      if (v && !levels.includes(v.value))
        ctx.report({
          resource: r,
          path: v.path,
          message: `${c.where}: the ${kind} level ${v.value} is not a level of KAI Topology ${name} (${known}): KAI Scheduler fails the constraint ("topology constraint error") and the pods stay Pending`,
        });
    }
    if (c.required && c.preferred) {
      const req = levels.indexOf(c.required.value);
      const pref = levels.indexOf(c.preferred.value);
      if (req >= 0 && pref >= 0 && pref < req)
        ctx.report({
          resource: r,
          path: c.preferred.path,
          message: `${c.where}: the preferred KAI topology level ${c.preferred.value} is broader than the required level ${c.required.value} (${known}, broadest first): the required level bounds the placement, so KAI Scheduler finds no preferred level within it and fails the constraint`,
        });
    }
  }
}

export default defineRule({
  id: "scheduling/kai-topology",
  category: "scheduling",
  severity: "error",
  summary: "A KAI Scheduler topology constraint names a Topology or level that does not exist, or is ignored",
  rationale: `KAI Scheduler places a gang within one domain of a Topology (a \`kai.scheduler/v1alpha1\` object listing node labels, broadest first) when the workload says so: the annotation ${KAI_TOPOLOGY_ANNOTATION} names the Topology, ${KAI_TOPOLOGY_REQUIRED_ANNOTATION} the level all pods must share and ${KAI_TOPOLOGY_PREFERRED_ANNOTATION} the level they should share (a KAI PodGroup writes the same in spec.topologyConstraint). A level that is not one of the Topology's node labels, or a preferred level broader than the required one, is a configuration error the scheduler reports only in the PodGroup's status, and the pods stay Pending. A Topology that does not exist leaves them Pending too. A placement without the Topology's name is silently ignored: the job is spread over any nodes, which is what the constraint was written to prevent.`,
  remediation:
    "Name the Topology with kai.scheduler/topology, and use one of its spec.levels[].nodeLabel values as the level, the preferred level at or below the required one.",
  links: [
    {
      title: "KAI Scheduler: topology-aware scheduling",
      url: "https://github.com/NVIDIA/KAI-Scheduler/blob/72de64fc8eca10fa8cca26a20156178f3edbe092/docs/topology/README.md",
    },
    {
      title: "KAI Scheduler: the topology plugin's checks (calculateRelevantDomainLevels)",
      url: "https://github.com/NVIDIA/KAI-Scheduler/blob/72de64fc8eca10fa8cca26a20156178f3edbe092/pkg/scheduler/plugins/topology/job_filtering.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "rack required within a block, preferred on one host, of a Topology in the set",
        yaml: dedent`
          apiVersion: kai.scheduler/v1alpha1
          kind: Topology
          metadata:
            name: cluster-topology
          spec:
            levels:
              - nodeLabel: cloud.provider.com/topology-block
              - nodeLabel: cloud.provider.com/topology-rack
              - nodeLabel: kubernetes.io/hostname
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            labels: {kai.scheduler/queue: team-a}
            annotations:
              kai.scheduler/topology: cluster-topology
              kai.scheduler/topology-required-placement: cloud.provider.com/topology-rack
              kai.scheduler/topology-preferred-placement: kubernetes.io/hostname
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 4
                template:
                  spec:
                    schedulerName: kai-scheduler
                    containers: [{name: pytorch, image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime}]
        `,
      },
      {
        title: "a Topology the run does not define (the cluster may hold it)",
        yaml: dedent`
          apiVersion: scheduling.run.ai/v2alpha2
          kind: PodGroup
          metadata:
            name: pg
          spec:
            minMember: 2
            queue: team-a
            topologyConstraint:
              topology: cluster-topology
              requiredTopologyLevel: topology.kubernetes.io/zone
        `,
      },
    ],
    invalid: [
      {
        title: "a required level the Topology does not have (a short name instead of the node label)",
        yaml: dedent`
          apiVersion: kai.scheduler/v1alpha1
          kind: Topology
          metadata:
            name: cluster-topology
          spec:
            levels:
              - nodeLabel: cloud.provider.com/topology-block
              - nodeLabel: cloud.provider.com/topology-rack
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
            annotations:
              kai.scheduler/topology: cluster-topology
              kai.scheduler/topology-required-placement: rack
          spec:
            template:
              spec:
                schedulerName: kai-scheduler
                restartPolicy: Never
                containers: [{name: t, image: busybox:1.36}]
        `,
        findings: [
          {
            line: 16,
            column: 48,
            message: /annotations: the required level rack is not a level of KAI Topology cluster-topology/,
          },
        ],
      },
      {
        title: "a preferred level broader than the required one, in a KAI PodGroup's sub-group",
        yaml: dedent`
          apiVersion: kai.scheduler/v1alpha1
          kind: Topology
          metadata:
            name: net
          spec:
            levels:
              - nodeLabel: topology.kubernetes.io/zone
              - nodeLabel: example.com/rack
          ---
          apiVersion: scheduling.run.ai/v2alpha2
          kind: PodGroup
          metadata:
            name: pg
          spec:
            minMember: 2
            subGroups:
              - name: workers
                minMember: 2
                topologyConstraint:
                  topology: net
                  requiredTopologyLevel: example.com/rack
                  preferredTopologyLevel: topology.kubernetes.io/zone
        `,
        findings: [
          {
            line: 22,
            column: 33,
            message:
              /sub-group workers: the preferred KAI topology level .*zone is broader than the required level example\.com\/rack/,
          },
        ],
      },
      {
        title: "a placement with no Topology named, and a Topology the set does not define",
        yaml: dedent`
          apiVersion: kai.scheduler/v1alpha1
          kind: Topology
          metadata:
            name: cluster-topology
          spec:
            levels: [{nodeLabel: kubernetes.io/hostname}]
          ---
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: vllm
            annotations:
              kai.scheduler/topology-required-placement: kubernetes.io/hostname
          spec:
            leaderWorkerTemplate:
              size: 2
              workerTemplate:
                metadata:
                  annotations:
                    kai.scheduler/topology: nvl72
                    kai.scheduler/topology-required-placement: kubernetes.io/hostname
                spec:
                  schedulerName: kai-scheduler
                  containers: [{name: vllm, image: vllm/vllm-openai:v0.10.0}]
        `,
        findings: [
          {
            line: 13,
            column: 48,
            severity: "warning",
            message: /the required KAI topology level kubernetes.io\/hostname names no Topology/,
          },
          {
            line: 20,
            column: 35,
            severity: "warning",
            message:
              /worker pod template: KAI Topology nvl72 is not among the Topologies the checked set defines \(cluster-topology\)/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (isKaiPodGroup(r)) judge(r, kaiTopologyConstraints(r, undefined), ctx);
  },
  workload(w, ctx) {
    judge(w.resource, kaiTopologyConstraints(w.resource, w), ctx);
  },
});
