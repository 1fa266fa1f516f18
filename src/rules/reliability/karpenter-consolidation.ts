import { DO_NOT_DISRUPT } from "../../catalog/karpenter.js";
import {
  karpenterPools,
  type PodPlacement,
  placementOf,
  protectedFromDisruption,
  runsOn,
  trainingGroups,
} from "../../model/karpenter.js";
import { dedent } from "../../util/dedent.js";
import { nodePoolExample } from "../karpenter-examples.js";
import { defineRule, factsAs } from "../types.js";

/** A training pod group without the do-not-disrupt annotation: how a message names it, and where its pods land. */
interface ExposedTraining {
  label: string;
  placement: PodPlacement;
}

const NODEPOOL = (disruption: string, extra = "") =>
  nodePoolExample({
    name: "gpu-training",
    requirements: `        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["p5"]
        - key: karpenter.sh/capacity-type
          operator: In
          values: ["on-demand"]
`,
    taints: `      taints:
        - key: nvidia.com/gpu
          value: "true"
          effect: NoSchedule
`,
    spec: dedent`
      ${disruption}  limits:
          nvidia.com/gpu: "64"
      ${extra}`,
  });

const JOB = (annotations = "") => dedent`
  ---
  apiVersion: kubeflow.org/v1
  kind: PyTorchJob
  metadata:
    name: llama-pretrain
  spec:
    pytorchReplicaSpecs:
      Worker:
        replicas: 4
        template:
          metadata:
  ${annotations || "          labels:\n            app: llama\n"}        spec:
            tolerations:
              - key: nvidia.com/gpu
                operator: Exists
                effect: NoSchedule
            containers:
              - name: pytorch
                image: nvcr.io/nvidia/pytorch:24.05-py3
                resources:
                  limits:
                    nvidia.com/gpu: 8
`;

export default defineRule({
  id: "reliability/karpenter-consolidation",
  category: "reliability",
  severity: "warning",
  summary:
    "A Karpenter NodePool consolidates underutilized nodes (WhenEmptyOrUnderutilized, the default) and runs training pods that lack karpenter.sh/do-not-disrupt",
  rationale:
    'Under `consolidationPolicy: WhenEmptyOrUnderutilized` — the default of karpenter.sh/v1 when `spec.disruption` says nothing (`WhenUnderutilized` in v1beta1) — Karpenter deletes a node, or replaces it with a cheaper one, whenever its pods would fit elsewhere: it taints the node, evicts the pods through the Eviction API and removes it. For a training job that is not an inconvenience: the evicted worker kills the whole distributed run (NCCL peers time out), which restarts from its last checkpoint, if it has one, after the GPUs of all its nodes sat waiting. Karpenter leaves a node alone while one of its pods carries the annotation `karpenter.sh/do-not-disrupt: "true"` (or a duration that has not run out), and `WhenEmpty` disrupts only nodes with no workload pods. This rule reports a NodePool that consolidates busy nodes when a run-to-completion job with GPUs in the same run lands on it (it selects the pool by name or by its labels, or tolerates its taints) without that annotation.',
  remediation:
    'Annotate the training pods: `metadata.annotations: {karpenter.sh/do-not-disrupt: "true"}` in the pod template (every replica type). Or give training its own NodePool with `disruption: {consolidationPolicy: WhenEmpty, consolidateAfter: 5m}`, or a disruption budget `{nodes: "0", reasons: [Underutilized]}`. Keep `terminationGracePeriod` unset on that pool: once it elapses, Karpenter drains the node regardless of the annotation.',
  links: [
    {
      title: "Karpenter: Disruption (consolidation, do-not-disrupt)",
      url: "https://karpenter.sh/docs/concepts/disruption/",
    },
    { title: "Karpenter: NodePools (spec.disruption)", url: "https://karpenter.sh/docs/concepts/nodepools/" },
    {
      title: "kubernetes-sigs/karpenter: pkg/apis/v1/nodepool.go (consolidationPolicy default)",
      url: "https://github.com/kubernetes-sigs/karpenter/blob/main/pkg/apis/v1/nodepool.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "the training pods carry karpenter.sh/do-not-disrupt",
        yaml:
          NODEPOOL("") +
          JOB(`          annotations:
            karpenter.sh/do-not-disrupt: "true"
`),
      },
      {
        title: "a training NodePool that consolidates only empty nodes",
        yaml:
          NODEPOOL(`  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 5m
`) + JOB(),
      },
      {
        title: "a disruption budget that never lets consolidation take a busy node",
        yaml:
          NODEPOOL(`  disruption:
    budgets:
      - nodes: "0"
        reasons: [Underutilized]
`) + JOB(),
      },
      {
        title: "a Deployment (a server, not a job) on the pool",
        yaml: dedent`
          ${NODEPOOL("")}---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            selector:
              matchLabels: {app: vllm}
            template:
              metadata:
                labels: {app: vllm}
              spec:
                tolerations:
                  - key: nvidia.com/gpu
                    operator: Exists
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.6.3
                    resources:
                      limits:
                        nvidia.com/gpu: 1
        `,
      },
    ],
    invalid: [
      {
        title: "the default policy (WhenEmptyOrUnderutilized) and a PyTorchJob that tolerates the pool's GPU taint",
        yaml: NODEPOOL("") + JOB(),
        findings: [
          {
            line: 1,
            column: 1,
            message:
              /NodePool gpu-training consolidates underutilized nodes \(consolidationPolicy WhenEmptyOrUnderutilized, the default\), and PyTorchJob llama-pretrain \(Worker\) runs on it without the karpenter\.sh\/do-not-disrupt annotation/,
          },
        ],
      },
      {
        title: "WhenEmptyOrUnderutilized written out, and a Job that selects the pool by name",
        yaml: dedent`
          ${NODEPOOL(`  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: 1m
`)}---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: finetune
          spec:
            template:
              spec:
                restartPolicy: Never
                nodeSelector:
                  karpenter.sh/nodepool: gpu-training
                tolerations:
                  - key: nvidia.com/gpu
                    operator: Exists
                containers:
                  - name: train
                    image: nvcr.io/nvidia/pytorch:24.05-py3
                    resources:
                      limits:
                        nvidia.com/gpu: 8
        `,
        findings: [{ line: 24, column: 26, message: /Job finetune \(pod\)/ }],
      },
    ],
  },
  facts(w): ExposedTraining[] | undefined {
    const exposed = trainingGroups(w)
      .filter((g) => !protectedFromDisruption(g))
      .map((g) => ({ label: `${w.resource.kind} ${w.resource.name ?? ""} (${g.role})`, placement: placementOf(g) }));
    return exposed.length > 0 ? exposed : undefined;
  },
  // Only a run with a NodePool reads them.
  factsWanted: (lookups) => karpenterPools(lookups.resources).length > 0,
  set(set, ctx, facts) {
    const pools = karpenterPools(set.resources);
    if (pools.length === 0) return;
    const onlyAccelerated = pools.filter((p) => p.accelerated).length === 1;
    for (const p of pools) {
      if (!p.consolidation.busyNodes || p.consolidation.blocked) continue;
      const exposed: string[] = [];
      for (const { value } of factsAs<ExposedTraining[]>(facts))
        for (const g of value) if (runsOn(g.placement, p, onlyAccelerated)) exposed.push(g.label);
      if (exposed.length === 0) continue;
      const shown = exposed.length > 3 ? [...exposed.slice(0, 3), `${exposed.length - 3} more`] : exposed;
      const policy = `consolidationPolicy ${p.consolidation.policy}${p.consolidation.path ? "" : ", the default"}`;
      ctx.report({
        resource: p.resource,
        path: p.consolidation.path ?? [],
        message: `NodePool ${p.name} consolidates underutilized nodes (${policy}), and ${shown.join(", ")} runs on it without the ${DO_NOT_DISRUPT} annotation: Karpenter may evict a running training pod to pack nodes tighter, which kills the job; annotate the pod template with ${DO_NOT_DISRUPT}: "true", or set consolidationPolicy: WhenEmpty on a pool for training`,
      });
    }
  },
});
