import {
  NCCL_ENV_URL,
  NCCL_PLUGIN_PREFIXES,
  NCCL_UNDOCUMENTED,
  NCCL_VARIABLES,
  TORCH_ENV_SOURCE,
} from "../../catalog/nccl-env.js";
import { dedent } from "../../util/dedent.js";
import { editDistance } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { ncclOccurrences, onceAt } from "./_nccl.js";

const KNOWN = Object.keys(NCCL_VARIABLES);

/** A Pod that reads the ConfigMap `nccl` into its environment. */
const readsNccl = (name: string) => dedent`
  apiVersion: v1
  kind: Pod
  metadata:
    name: ${name}
  spec:
    containers:
    - name: c
      image: x
      envFrom:
      - configMapRef: {name: nccl}
`;

/** A close known name: at most 1 edit for short names, up to 3 for long ones. */
export function closestNcclName(name: string): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of KNOWN) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 6)));
  return bestD <= limit ? best : undefined;
}

export default defineRule({
  id: "network/nccl-unknown-variable",
  category: "network",
  severity: "warning",
  summary: "An NCCL_*, RCCL_* or TORCH_NCCL_* variable that NCCL does not know, usually a typo",
  rationale:
    "NCCL reads only the variable names it knows and ignores every other one without a word. A misspelt NCCL_SOCKET_IFNAME leaves NCCL choosing the interface itself, which on a multi-NIC node often means the wrong one, a TCP fallback or a hang at init.",
  remediation: "Correct the name to the documented spelling; remove variables that nothing reads.",
  links: [
    { title: "NCCL environment variables", url: NCCL_ENV_URL },
    { title: "PyTorch ProcessGroupNCCL environment variables", url: TORCH_ENV_SOURCE },
  ],
  examples: {
    valid: [
      {
        title: "documented names",
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
              - {name: NCCL_SOCKET_IFNAME, value: eth0}
              - {name: TORCH_NCCL_ASYNC_ERROR_HANDLING, value: "3"}
              - {name: NCCL_GPUDIRECTTCPX_FORCE_ACK, value: "0"}
        `,
      },
    ],
    invalid: [
      {
        title: "a misspelt name exported by the container's script",
        yaml: dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: t
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: train
                  image: x
                  command: [/bin/bash, -c]
                  args:
                  - |
                    export NCCL_SOCKET_IFAME=eth0
                    torchrun --nproc_per_node 8 train.py
        `,
        findings: [{ line: 15, column: 18, message: /NCCL_SOCKET_IFAME .*did you mean NCCL_SOCKET_IFNAME/ }],
      },
      {
        title: "a misspelt name exported with mpirun -x, as list arguments",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: t
          spec:
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [mpirun, -np, "16", -x, NCCL_SOCKET_IFAME=eth0, python, train.py]
        `,
        findings: [{ line: 14, column: 46, message: /NCCL_SOCKET_IFAME .*did you mean NCCL_SOCKET_IFNAME/ }],
      },
      {
        title: "a typo'd interface variable",
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
              - name: NCCL_SOCKET_IFNAM
                value: eth0
        `,
        findings: [{ line: 10, column: 13, message: /did you mean NCCL_SOCKET_IFNAME/, severity: "warning" }],
      },
      {
        title: "a typo in a ConfigMap used through envFrom",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: nccl
          data:
            NCCL_IB_HCA: =mlx5_0
            NCCL_DEBUGG: WARN
          ---
          ${readsNccl("p")}
        `,
        findings: [{ line: 7, column: 3, message: /NCCL_DEBUGG .*did you mean NCCL_DEBUG\b/ }],
      },
      {
        title: "a ConfigMap in a file of its own, read by pods of two files, is reported once",
        yaml: readsNccl("first"),
        files: {
          "nccl.yaml": dedent`
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: nccl
            data:
              NCCL_SOCKET_IFNAMEE: eth0
          `,
          "second.yaml": readsNccl("second"),
        },
        findings: [{ line: 6, column: 3, message: /NCCL_SOCKET_IFNAMEE \(from ConfigMap nccl\)/ }],
      },
      {
        title: "a name no NCCL version documents",
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
              - {name: NCCL_MAGIC_SPEEDUP, value: "1"}
        `,
        findings: [{ line: 10, message: /not documented/, severity: "info" }],
      },
    ],
  },
  podContent: true,
  workload(w, ctx) {
    for (const o of ncclOccurrences(w, ctx.set)) {
      const name = o.env.name;
      if (NCCL_VARIABLES[name] || NCCL_UNDOCUMENTED.includes(name)) continue;
      if (NCCL_PLUGIN_PREFIXES.some((p) => name.startsWith(p))) continue;
      const at = o.env.nameAt;
      const suggestion = closestNcclName(name);
      const where = o.env.configMap ? ` (from ConfigMap ${o.env.configMap.name})` : "";
      const message = suggestion
        ? `${name}${where} is not a variable NCCL knows; did you mean ${suggestion}? NCCL ignores unknown names, so this setting has no effect`
        : `${name}${where} is not documented by NCCL, RCCL or PyTorch; unless a plugin reads it, it has no effect`;
      ctx.report({
        resource: at.resource,
        path: at.path,
        at: at.at,
        span: at.span,
        message,
        severity: suggestion ? "warning" : "info",
        once: onceAt(at.resource, at.path, message),
      });
    }
  },
});
