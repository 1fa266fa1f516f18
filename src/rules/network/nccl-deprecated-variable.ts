import { NCCL_ENV_URL, NCCL_VARIABLES, TORCH_ENV_SOURCE } from "../../catalog/nccl-env.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { ncclOccurrences, onceAt } from "./_nccl.js";

export default defineRule({
  id: "network/nccl-deprecated-variable",
  category: "network",
  severity: "warning",
  summary: "An NCCL or PyTorch variable that is deprecated or removed, with its replacement",
  rationale:
    "Removed NCCL variables are ignored by current NCCL versions, so the behaviour they were set for silently disappears after an image update (NCCL_IB_CUDA_SUPPORT and NCCL_IB_GDR_LEVEL became NCCL_NET_GDR_LEVEL in 2.4.0; NCCL_LL_THRESHOLD and NCCL_TREE_THRESHOLD were removed in 2.5). Deprecated ones still work but will not for long (NCCL_MAX_NCHANNELS → NCCL_MAX_CTAS; PyTorch's NCCL_ASYNC_ERROR_HANDLING → TORCH_NCCL_ASYNC_ERROR_HANDLING).",
  remediation: "Use the replacement the message names, or remove the variable.",
  links: [
    { title: "NCCL environment variables", url: NCCL_ENV_URL },
    { title: "PyTorch ProcessGroupNCCL environment variables", url: TORCH_ENV_SOURCE },
  ],
  examples: {
    valid: [
      {
        title: "current names",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              env:
              - {name: NCCL_NET_GDR_LEVEL, value: PHB}
              - {name: TORCH_NCCL_ASYNC_ERROR_HANDLING, value: "1"}
        `,
      },
    ],
    invalid: [
      {
        title: "a removed GPUDirect switch and a renamed PyTorch variable",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
            - name: c
              image: x
              env:
              - name: NCCL_IB_CUDA_SUPPORT
                value: "1"
              - name: NCCL_ASYNC_ERROR_HANDLING
                value: "1"
        `,
        findings: [
          { line: 10, column: 13, message: /removed in NCCL 2\.4\.0.*use NCCL_NET_GDR_LEVEL/ },
          { line: 12, column: 13, message: /deprecated .*use TORCH_NCCL_ASYNC_ERROR_HANDLING/ },
        ],
      },
    ],
  },
  podContent: true,
  workload(w, ctx) {
    for (const o of ncclOccurrences(w, ctx.set)) {
      const def = NCCL_VARIABLES[o.env.name];
      if (!def || (!def.removed && !def.deprecated)) continue;
      const lib = def.section === "torch" ? "" : "NCCL ";
      const message = def.removed
        ? `${o.env.name} was removed in ${lib}${def.removed.in}: current versions ignore it${def.removed.replacement ? `; use ${def.removed.replacement}` : ""}`
        : `${o.env.name} is deprecated (${lib}${def.deprecated?.in})${def.deprecated?.replacement ? `; use ${def.deprecated.replacement}` : " and may be removed"}`;
      const at = o.env.nameAt;
      const once = onceAt(at.resource, at.path, message);
      ctx.report({ resource: at.resource, path: at.path, at: at.at, span: at.span, message, once });
    }
  },
});
