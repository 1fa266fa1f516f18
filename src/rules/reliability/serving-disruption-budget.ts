import { podGpuCount } from "../../model/gpu.js";
import { getIn, namespacesMatch, type Resource } from "../../model/resource.js";
import { indexSet, perSet, type ResourceSet } from "../../model/set-index.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { longRunningContainers, selectorMatches, serverUse } from "./_serving.js";

/** The PodDisruptionBudgets of the set (policy/v1 and v1beta1), read once per run. */
const budgets = perSet((set: ResourceSet): readonly Resource[] =>
  indexSet(set).ofKind("policy", "PodDisruptionBudget"),
);

export default defineRule({
  id: "reliability/serving-disruption-budget",
  category: "reliability",
  severity: "info",
  summary: "A GPU model-server Deployment or StatefulSet with several replicas has no PodDisruptionBudget in the set",
  rationale:
    "Voluntary disruptions — `kubectl drain` for a node or GPU-driver upgrade (the GPU Operator drains nodes to upgrade the driver), cluster-autoscaler scale-down, a node-pool upgrade — evict pods through the Eviction API, which respects PodDisruptionBudgets and nothing else. Without one, draining several GPU nodes at once can evict every replica of a model server together, and a GPU replica takes minutes to come back: it must find a free GPU and load its weights again. A PodDisruptionBudget with `maxUnavailable: 1` makes drains proceed one replica at a time. The rule looks for a PodDisruptionBudget in the checked set, in the same namespace, whose selector matches the pod template's labels; one installed separately (another chart, a platform policy) is not seen, hence info.",
  remediation:
    "Add a policy/v1 PodDisruptionBudget selecting the server's pod labels with maxUnavailable: 1 (or minAvailable: replicas − 1).",
  links: [
    {
      title: "Disruptions and PodDisruptionBudgets",
      url: "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",
    },
    {
      title: "Specifying a disruption budget for your application",
      url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    },
    {
      title: "Safely drain a node (the Eviction API honours PodDisruptionBudgets)",
      url: "https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/",
    },
  ],
  examples: {
    valid: [
      {
        title: "three vLLM replicas and a budget that selects them",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llm
            namespace: serving
          spec:
            replicas: 3
            selector:
              matchLabels: {app: llm}
            template:
              metadata:
                labels: {app: llm, tier: gpu}
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.9.0
                    args: [--model, m]
                    resources:
                      limits: {nvidia.com/gpu: 1}
          ---
          apiVersion: policy/v1
          kind: PodDisruptionBudget
          metadata:
            name: llm
            namespace: serving
          spec:
            maxUnavailable: 1
            selector:
              matchExpressions:
                - {key: app, operator: In, values: [llm]}
        `,
      },
      {
        title: "a single replica: a budget would only block drains",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llm
          spec:
            replicas: 1
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.9.0
                    args: [--model, m]
                    resources:
                      limits: {nvidia.com/gpu: 1}
        `,
      },
    ],
    invalid: [
      {
        title: "the only budget selects another app",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: tgi
          spec:
            replicas: 4
            template:
              metadata:
                labels: {app: tgi}
              spec:
                containers:
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:3.0
                    args: [--model-id, m]
                    resources:
                      limits: {nvidia.com/gpu: 2}
          ---
          apiVersion: policy/v1
          kind: PodDisruptionBudget
          metadata:
            name: other
          spec:
            maxUnavailable: 1
            selector:
              matchLabels: {app: embedder}
        `,
        findings: [
          {
            line: 6,
            column: 13,
            message: /4 replicas of Text Generation Inference \(2 GPUs each\).*no PodDisruptionBudget/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "apps" || (r.kind !== "Deployment" && r.kind !== "StatefulSet")) return;
    const replicas = getIn(r.value, ["spec", "replicas"]);
    if (typeof replicas !== "number" || replicas < 2) return;
    const g = w.podGroups[0];
    if (!g) return;
    const gpus = podGpuCount(g);
    if (gpus === 0) return;
    const use = longRunningContainers(g)
      .map(serverUse)
      .find((u) => u !== undefined);
    if (!use) return;
    const covered = budgets(ctx.set).some(
      (pdb) =>
        namespacesMatch(pdb.namespace, r.namespace) &&
        selectorMatches(getIn(pdb.value, ["spec", "selector"]), g.podLabels),
    );
    if (covered) return;
    ctx.report({
      resource: r,
      path: ["spec", "replicas"],
      message: `${replicas} replicas of ${use.server.name} (${gpus} ${gpus === 1 ? "GPU" : "GPUs"} each), and no PodDisruptionBudget in the set selects their pods: a drain of several nodes (GPU driver upgrade, autoscaler scale-down) can evict them all at once, and each takes minutes to get a GPU and load its model again; add a PodDisruptionBudget with maxUnavailable: 1`,
    });
  },
});
