import { groupUsesAccelerators } from "../../model/gpu.js";
import { type InferencePool, inferencePoolOf, type PoolCandidate, poolSelection } from "../../model/inference-pool.js";
import { kindTraits } from "../../model/kind-traits.js";
import { belonging, placeOf } from "../../model/refs.js";
import { asArray, asObject, namespacesMatch } from "../../model/resource.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, factsAs, type RuleContext } from "../types.js";

/** The container ports a pod group declares (containers and model views). */
function declaredPorts(g: PodGroup): Set<number> {
  const out = new Set<number>();
  for (const c of g.containers) {
    if (c.role === "initContainer" || c.role === "ephemeralContainer") continue;
    for (const p of asArray(c.value.ports)) {
      const n = asObject(p)?.containerPort;
      if (typeof n === "number") out.add(n);
    }
  }
  return out;
}

/** A workload as the rule sees it (its `facts`): where it is, how it is named, its pod groups' labels, accelerators and ports. */
interface ModelServer extends PoolCandidate {
  name: string;
  /** Its kind's pods carry exactly their template's labels. */
  asWritten: boolean;
  groups: Array<{ labels: Record<string, unknown>; accelerated: boolean; ports: number[] }>;
}

export default defineRule({
  id: "network/inference-pool-endpoints",
  category: "network",
  severity: "warning",
  summary: "An InferencePool selects none of the model servers shipped with it, or targets a port they do not declare",
  rationale:
    "The Gateway API Inference Extension's InferencePool is how an inference gateway finds its model servers: its selector picks pods by their labels in its own namespace, and the endpoint picker sends each request to podIP:targetPort of one of them. A selector that matches no pod leaves the pool empty, and every request routed to it fails (the gateway has no endpoint to send it to); a target port the model server does not listen on makes every pick a connection refused. Neither is an error at apply time: the pool is accepted and reports nothing until traffic arrives. mlgate resolves the pool to the workloads of the checked set whose pod templates it selects (those that ship with it: its file, else its directory), including the pods operators build (a KAITO Workspace's pods carry kaito.sh/workspace and serve on 5000).",
  remediation:
    "Make spec.selector match the labels of the model server's pod template (Deployment, LeaderWorkerSet, KAITO Workspace…), and set the target port to the port the server listens on (vLLM's --port, 8000 by default; KAITO's presets 5000).",
  links: [
    {
      title: "Gateway API Inference Extension: InferencePool (v1 API)",
      url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/blob/84436a96b9e6ce2b59ddacd3d04c31b4fbd442de/api/v1/inferencepool_types.go",
    },
    {
      title: "Gateway API Inference Extension: InferencePool concepts",
      url: "https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/",
    },
  ],
  examples: {
    valid: [
      {
        title: "a pool over the vLLM Deployment beside it, on vLLM's port",
        yaml: dedent`
          apiVersion: inference.networking.k8s.io/v1
          kind: InferencePool
          metadata:
            name: llama
          spec:
            selector:
              matchLabels: {app: vllm-llama3-8b-instruct}
            targetPorts: [{number: 8000}]
            endpointPickerRef: {name: llama-epp, port: {number: 9002}}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm-llama3-8b-instruct
          spec:
            replicas: 2
            selector: {matchLabels: {app: vllm-llama3-8b-instruct}}
            template:
              metadata:
                labels: {app: vllm-llama3-8b-instruct}
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    ports: [{containerPort: 8000, name: http}]
        `,
      },
      {
        title: "a pool over a KAITO Workspace's pods (KAITO labels them kaito.sh/workspace and serves on 5000)",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: workspace-phi-4-mini
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector:
              matchLabels: {apps: phi-4-mini}
          inference:
            preset:
              name: phi-4-mini-instruct
          ---
          apiVersion: inference.networking.k8s.io/v1
          kind: InferencePool
          metadata:
            name: phi-pool
          spec:
            selector:
              matchLabels: {kaito.sh/workspace: workspace-phi-4-mini}
            targetPorts: [{number: 5000}]
            endpointPickerRef: {name: phi-epp, port: {number: 9002}}
        `,
      },
      {
        title: "a pool whose model servers are deployed from elsewhere (nothing beside it to judge by)",
        yaml: dedent`
          apiVersion: inference.networking.x-k8s.io/v1alpha2
          kind: InferencePool
          metadata:
            name: pool
          spec:
            selector: {app: vllm}
            targetPortNumber: 8000
            extensionRef: {name: epp}
        `,
      },
    ],
    invalid: [
      {
        title: "a selector label that differs from the Deployment's pod label",
        yaml: dedent`
          apiVersion: inference.networking.k8s.io/v1
          kind: InferencePool
          metadata:
            name: llama
          spec:
            selector:
              matchLabels: {app: vllm-llama3-8b}
            targetPorts: [{number: 8000}]
            endpointPickerRef: {name: llama-epp, port: {number: 9002}}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm-llama3-8b-instruct
          spec:
            selector: {matchLabels: {app: vllm-llama3-8b-instruct}}
            template:
              metadata:
                labels: {app: vllm-llama3-8b-instruct}
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.10.0
                    ports: [{containerPort: 8000}]
                    resources: {limits: {nvidia.com/gpu: 1}}
        `,
        findings: [
          {
            line: 7,
            column: 18,
            message:
              /selector app=vllm-llama3-8b matches no pod template .*Deployment vllm-llama3-8b-instruct has app=vllm-llama3-8b-instruct/,
          },
        ],
      },
      {
        title: "a v1alpha2 pool targeting a port its LeaderWorkerSet's server does not declare",
        yaml: dedent`
          apiVersion: inference.networking.x-k8s.io/v1alpha2
          kind: InferencePool
          metadata:
            name: ds
          spec:
            selector: {app: deepseek}
            targetPortNumber: 8080
            extensionRef: {name: ds-epp}
          ---
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: deepseek
          spec:
            leaderWorkerTemplate:
              size: 2
              workerTemplate:
                metadata:
                  labels: {app: deepseek}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.10.0
                      ports: [{containerPort: 8000}]
        `,
        findings: [
          {
            line: 7,
            column: 21,
            message: /targets port 8080, but the pods it selects declare only 8000 \(LeaderWorkerSet deepseek\)/,
          },
        ],
      },
    ],
  },
  facts(w): ModelServer {
    return {
      namespace: w.resource.namespace,
      place: placeOf(w.resource),
      name: `${w.resource.kind} ${w.resource.name ?? ""}`.trim(),
      asWritten: kindTraits(w.resource).podLabelsAsWritten === true,
      groups: w.podGroups.map((g) => ({
        labels: g.podLabels,
        accelerated: groupUsesAccelerators(g),
        ports: [...declaredPorts(g)],
      })),
    };
  },
  // Only a run with an InferencePool reads them.
  factsWanted: (lookups) => lookups.resources.some((r) => r.kind === "InferencePool"),
  set(set, ctx, facts) {
    const servers = factsAs<ModelServer>(facts).map((f) => f.value);
    for (const r of set.resources) {
      const pool = inferencePoolOf(r);
      if (pool) judgePool(pool, servers, ctx);
    }
  },
});

function judgePool(pool: InferencePool, servers: readonly ModelServer[], ctx: RuleContext) {
  const r = pool.resource;
  const sel = poolSelection(pool, servers);
  const shown = Object.entries(pool.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  if (sel.all.length === 0) {
    // Judge only by the model servers that ship with the pool, and only when their pods' labels are known.
    const local = servers.filter((w) => namespacesMatch(w.namespace, r.namespace));
    const near = belonging(placeOf(r), local, (w) => w.place).objects;
    // Model servers hold accelerators; the pool's endpoint picker beside it does not.
    const nearServers = near.filter((w) => w.groups.some((g) => g.accelerated));
    if (nearServers.length === 0) return;
    if (nearServers.some((w) => !w.asWritten)) return;
    const score = (labels: Record<string, unknown>) =>
      Object.entries(pool.selector).reduce(
        (n, [k, v]) => n + (labels[k] !== undefined && String(labels[k]) === v ? 2 : labels[k] !== undefined ? 1 : 0),
        0,
      );
    const groups = nearServers.flatMap((w) => w.groups.filter((g) => g.accelerated).map((g) => ({ w, g })));
    const best = groups.sort((a, b) => score(b.g.labels) - score(a.g.labels))[0];
    const theirs = best
      ? Object.keys(pool.selector)
          .filter((k) => best.g.labels[k] !== undefined)
          .map((k) => `${k}=${String(best.g.labels[k])}`)
          .join(",")
      : "";
    ctx.report({
      resource: r,
      path: pool.selectorPath,
      message: `InferencePool ${r.name ?? ""} selector ${shown} matches no pod template of the model servers shipped with it${best ? ` (${best.w.name} has ${theirs || "none of these labels"})` : ""}: the pool has no endpoints, and every request the gateway routes to it fails`,
    });
    return;
  }
  for (const port of pool.ports) {
    const missing: ModelServer[] = [];
    const declared = new Set<number>();
    for (const { candidate, group } of sel.groups) {
      const ports = group.ports;
      if (ports.length === 0 || ports.includes(port.number)) continue;
      for (const p of ports) declared.add(p);
      if (!missing.includes(candidate)) missing.push(candidate);
    }
    if (missing.length === 0) continue;
    ctx.report({
      resource: r,
      path: port.path,
      message: `InferencePool ${r.name ?? ""} targets port ${port.number}, but the pods it selects declare only ${[...declared].sort((a, b) => a - b).join(", ")} (${missing.map((w) => w.name).join(", ")}): the endpoint picker sends requests to podIP:${port.number}, where nothing listens`,
    });
  }
}
