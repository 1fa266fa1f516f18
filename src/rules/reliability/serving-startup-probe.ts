import { asObject } from "../../model/resource.js";
import { isPartial } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { longRunningContainers, serverUse } from "./_serving.js";

/** Below this many seconds of grace a liveness probe restarts an LLM server that is still loading a large model. */
const MIN_GRACE_S = 600;

function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

export default defineRule({
  id: "reliability/serving-startup-probe",
  category: "reliability",
  severity: "warning",
  summary:
    "An LLM server (vLLM, SGLang, TGI) has a livenessProbe, no startupProbe, and less than ten minutes before the kubelet restarts it",
  rationale:
    "vLLM, SGLang and TGI open their HTTP port only once the model is loaded: weights downloaded or read from storage, moved to the GPUs, kernels compiled and CUDA graphs captured. Until then every liveness probe fails. Without a startup probe, the kubelet starts the liveness probe `initialDelaySeconds` after the container starts and restarts the container after `failureThreshold` consecutive failures, `periodSeconds` apart — by default 20 seconds after start. A 70B model in bf16 is about 140 GB: at 250 MB/s that is over nine minutes of reading alone, so a server whose grace is shorter is killed mid-load, starts again from zero, and never serves (CrashLoopBackOff, GPUs held and idle). The rule computes the grace exactly from the probe (initialDelaySeconds + (failureThreshold − 1) × periodSeconds) and reports it when it is under ten minutes; a startupProbe holds the liveness probe off until the model is loaded, whatever the load takes, and keeps the liveness probe fast afterwards.",
  remediation:
    "Add a startupProbe on the same endpoint (`/health`) with periodSeconds × failureThreshold covering the slowest load (for example periodSeconds: 10, failureThreshold: 90 for fifteen minutes), and keep the livenessProbe short.",
  links: [
    {
      title: "Protect slow starting containers with startup probes",
      url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes",
    },
    {
      title: "Probe configuration (initialDelaySeconds, periodSeconds, failureThreshold defaults)",
      url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes",
    },
    {
      title: "KEP-950: startup probe for slow-starting containers",
      url: "https://github.com/kubernetes/enhancements/blob/master/keps/sig-node/950-liveness-probe-holdoff/README.md",
    },
    { title: "vLLM: Using Kubernetes", url: "https://docs.vllm.ai/en/latest/deployment/k8s.html" },
    {
      title: "TGI architecture (the router starts after the model shards)",
      url: "https://huggingface.co/docs/text-generation-inference/architecture",
    },
  ],
  examples: {
    valid: [
      {
        title: "a startup probe allows fifteen minutes of loading",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llm
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.9.0
                    args: [--model, meta-llama/Llama-3.1-70B-Instruct, --tensor-parallel-size, "8"]
                    startupProbe:
                      httpGet: {path: /health, port: 8000}
                      periodSeconds: 10
                      failureThreshold: 90
                    livenessProbe:
                      httpGet: {path: /health, port: 8000}
        `,
      },
      {
        title: "a liveness probe that waits twenty minutes",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: tgi
          spec:
            containers:
              - name: tgi
                image: ghcr.io/huggingface/text-generation-inference:3.0
                args: [--model-id, m]
                livenessProbe:
                  httpGet: {path: /health, port: 80}
                  initialDelaySeconds: 1200
        `,
      },
    ],
    invalid: [
      {
        title: "a 60-second initial delay, and the server is restarted 80 seconds after it starts",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: mistral-7b
          spec:
            template:
              spec:
                containers:
                  - name: mistral-7b
                    image: vllm/vllm-openai:latest
                    command: ["/bin/sh", "-c"]
                    args: ["vllm serve mistralai/Mistral-7B-Instruct-v0.3 --trust-remote-code --enable-chunked-prefill --max_num_batched_tokens 1024"]
                    livenessProbe:
                      httpGet:
                        path: /health
                        port: 8000
                      initialDelaySeconds: 60
                      periodSeconds: 10
        `,
        findings: [
          { line: 13, column: 11, message: /about 80s after start.*initialDelaySeconds 60 \+ 2 × periodSeconds 10/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      if (isPartial(g)) continue; // an overlay: its base may set the probes
      for (const c of longRunningContainers(g)) {
        const use = serverUse(c);
        if (!use?.server.llm) continue;
        const probe = asObject(c.value.livenessProbe);
        if (!probe || c.value.startupProbe !== undefined) continue;
        const delay = num(probe.initialDelaySeconds, 0);
        const period = num(probe.periodSeconds, 10);
        const failures = Math.max(1, num(probe.failureThreshold, 3));
        const grace = delay + (failures - 1) * period;
        if (grace >= MIN_GRACE_S) continue;
        ctx.report({
          resource: r,
          path: [...c.path, "livenessProbe"],
          at: "key",
          message: `${use.server.name} in container "${c.name ?? "?"}" has a livenessProbe and no startupProbe: the kubelet restarts it after ${failures} failed probes, about ${grace}s after start (initialDelaySeconds ${delay} + ${failures - 1} × periodSeconds ${period}), and the server answers only once its model is loaded — a large model takes longer, so the pod restarts mid-load and never serves; add a startupProbe that allows the whole load`,
        });
      }
    }
  },
});
