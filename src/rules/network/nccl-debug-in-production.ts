import { NCCL_ENV_URL } from "../../catalog/nccl-env.js";
import { kindTraits } from "../../model/kind-traits.js";
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
        yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: x\n        env: [{name: NCCL_DEBUG, value: WARN}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: x\n        env: [{name: NCCL_DEBUG, value: INFO}]\n",
      },
    ],
    invalid: [
      {
        title: "INFO in a vLLM Deployment",
        yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\nspec:\n  template:\n    spec:\n      containers:\n      - name: vllm\n        image: vllm/vllm-openai\n        env:\n        - name: NCCL_DEBUG\n          value: INFO\n",
        findings: [{ line: 13, column: 18, message: /NCCL_DEBUG=INFO in Deployment vllm/ }],
      },
    ],
  },
  set(set, ctx) {
    const once = onceAt();
    for (const o of ncclOccurrences(set)) {
      const r = o.workload.resource;
      if (o.env.name !== "NCCL_DEBUG" || !kindTraits(r).serving || o.env.overridden) continue;
      const level = o.env.value?.trim().toUpperCase();
      if ((level !== "INFO" && level !== "TRACE") || !o.env.valueAt) continue;
      const message = `NCCL_DEBUG=${level} in ${r.kind} ${r.name ?? ""}: a long-running server logs every NCCL init and connection${level === "TRACE" ? " and call" : ""}; use WARN in production`;
      const { resource, path, span } = o.env.valueAt;
      if (once(resource, path, message)) ctx.report({ resource, path, span, message });
    }
  },
});
