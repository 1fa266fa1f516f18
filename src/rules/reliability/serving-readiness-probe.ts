import { kindTraits } from "../../model/kind-traits.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { longRunningContainers, serverUse } from "./_serving.js";

export default defineRule({
  id: "reliability/serving-readiness-probe",
  category: "reliability",
  severity: "warning",
  summary:
    "A model server (vLLM, SGLang, TGI, Triton, Ray Serve) in a Deployment, StatefulSet or LeaderWorkerSet has no readinessProbe",
  rationale:
    "A container without a readiness probe (or startup probe) counts as ready the moment its process starts. A model server then spends seconds to many minutes downloading and loading weights, compiling kernels and capturing CUDA graphs before it answers; meanwhile the Service already routes requests to it and clients get connection refused or 503s. Worse, a rolling update counts the new replica as available at once and takes an old, serving replica down, so a rollout of an LLM Deployment can remove every serving replica while the new ones are still loading. A readiness probe on the endpoint that answers only once the model is loaded (vLLM, SGLang and TGI `/health`, Triton `/v2/health/ready`) keeps traffic and the rollout waiting. The rule checks the server container of Deployments, StatefulSets and the leader of a LeaderWorkerSet; a readiness probe on any container of the pod, or a startup probe on the server container (the container is not ready until it succeeds), is enough. KServe InferenceServices and KubeRay RayServices are left to their controllers, which manage readiness themselves.",
  remediation:
    "Add a readinessProbe to the server container: httpGet on the server's port and `/health` (vLLM, SGLang, TGI) or `/v2/health/ready` (Triton), periodSeconds 5–10; pair it with a startupProbe that allows the whole model load.",
  links: [
    {
      title: "Liveness, readiness and startup probes",
      url: "https://kubernetes.io/docs/concepts/workloads/pods/probes/",
    },
    {
      title: "Deployments: rolling update and minReadySeconds (availability counts ready pods)",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment",
    },
    { title: "vLLM: Using Kubernetes (probes on /health)", url: "https://docs.vllm.ai/en/latest/deployment/k8s.html" },
    {
      title: "SGLang native APIs (/health, /health_generate)",
      url: "https://docs.sglang.io/basic_usage/native_api.html",
    },
    {
      title: "Triton health extension (/v2/health/ready)",
      url: "https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/protocol/extension_health.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "vLLM with a readiness probe on /health",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llm
          spec:
            replicas: 2
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.9.0
                    args: [--model, Qwen/Qwen2.5-7B-Instruct]
                    readinessProbe:
                      httpGet: {path: /health, port: 8000}
                      periodSeconds: 5
        `,
      },
      {
        title: "a LeaderWorkerSet: the workers join the leader's Ray cluster and serve no traffic",
        yaml: dedent`
          apiVersion: leaderworkerset.x-k8s.io/v1
          kind: LeaderWorkerSet
          metadata:
            name: vllm
          spec:
            leaderWorkerTemplate:
              size: 2
              leaderTemplate:
                spec:
                  containers:
                    - name: leader
                      image: vllm/vllm-openai:v0.9.0
                      command: [sh, -c, "ray start --head; vllm serve m --tensor-parallel-size 8 --pipeline-parallel-size 2"]
                      startupProbe:
                        httpGet: {path: /health, port: 8000}
                        failureThreshold: 120
              workerTemplate:
                spec:
                  containers:
                    - name: worker
                      image: vllm/vllm-openai:v0.9.0
                      command: [sh, -c, "ray start --block --address=$LWS_LEADER_ADDRESS:6379"]
        `,
      },
    ],
    invalid: [
      {
        title: "SGLang and Triton Deployments without probes",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: sglang
          spec:
            template:
              spec:
                containers:
                  - name: server
                    image: lmsysorg/sglang:v0.4.6
                    command: [python3, -m, sglang.launch_server, --model-path, m, --port, "30000"]
          ---
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: triton
          spec:
            template:
              spec:
                containers:
                  - name: triton
                    image: nvcr.io/nvidia/tritonserver:25.01-py3
                    command: [tritonserver, --model-repository=s3://models]
        `,
        findings: [
          { line: 11, column: 21, message: /SGLang.*readinessProbe.*probe \/health / },
          { line: 23, column: 20, message: /Triton Inference Server.*\/v2\/health\/ready/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    // The group that sits behind a Service and is replaced by rolling updates (the kind's trait).
    const role = kindTraits(r).servedRole;
    if (!role) return;
    for (const g of w.podGroups) {
      if (g.role !== role || isPartial(g)) continue;
      const containers = longRunningContainers(g);
      if (containers.some((c) => c.value.readinessProbe !== undefined)) continue;
      for (const c of containers) {
        const use = serverUse(c);
        if (!use || c.value.startupProbe !== undefined) continue;
        ctx.report({
          resource: r,
          path: use.path,
          message: `container "${c.name ?? "?"}" runs ${use.server.name} but no container of the pod has a readinessProbe: the pod counts as ready as soon as it starts, so the Service sends requests to a replica still loading its model and a rolling update takes serving replicas down before the new ones answer; probe ${use.server.readyPath} on the server's port`,
        });
        break;
      }
    }
  },
});
