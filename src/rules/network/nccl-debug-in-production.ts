import { NCCL_ENV_URL } from "../../catalog/nccl-env.js";
import { kindTraits } from "../../model/kind-traits.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { ncclOccurrences, onceAt } from "./_nccl.js";

export default defineRule({
  id: "network/nccl-debug-in-production",
  category: "network",
  severity: "info",
  summary: "NCCL_DEBUG=INFO or TRACE left in a long-running serving workload",
  rationale:
    "NCCL_DEBUG=INFO prints every communicator initialisation, transport choice and connection, and TRACE every call: useful while debugging, a steady stream of log volume (and, for TRACE, overhead) in a server that runs for weeks. NCCL's documentation places debugging settings outside production.",
  remediation: "Set NCCL_DEBUG=WARN (errors only) in serving workloads; use INFO while investigating.",
  links: [{ title: "NCCL_DEBUG", url: `${NCCL_ENV_URL}#nccl-debug` }],
  examples: {
    valid: [
      {
        title: "WARN in a Deployment, INFO in a training job",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            template:
              spec:
                containers:
                - name: c
                  image: x
                  env: [{name: NCCL_DEBUG, value: WARN}]
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: j
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: c
                  image: x
                  env: [{name: NCCL_DEBUG, value: INFO}]
        `,
      },
    ],
    invalid: [
      {
        title: "INFO in a vLLM Deployment",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            template:
              spec:
                containers:
                - name: vllm
                  image: vllm/vllm-openai
                  env:
                  - name: NCCL_DEBUG
                    value: INFO
        `,
        findings: [{ line: 13, column: 18, message: /NCCL_DEBUG=INFO in Deployment vllm/ }],
      },
    ],
  },
  podContent: true,
  workload(w, ctx) {
    for (const o of ncclOccurrences(w, ctx.set)) {
      const r = o.workload.resource;
      if (o.env.name !== "NCCL_DEBUG" || !kindTraits(r).serving || o.env.overridden) continue;
      const level = o.env.value?.trim().toUpperCase();
      if ((level !== "INFO" && level !== "TRACE") || !o.env.valueAt) continue;
      const message = `NCCL_DEBUG=${level} in ${r.kind} ${r.name ?? ""}: a long-running server logs every NCCL init and connection${level === "TRACE" ? " and call" : ""}; use WARN in production`;
      const { resource, path, span } = o.env.valueAt;
      ctx.report({ resource, path, span, message, once: onceAt(resource, path, message) });
    }
  },
});
