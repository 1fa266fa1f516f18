import { isNcclFamily } from "../../catalog/nccl-env.js";
import { effectiveEnv } from "../../model/env.js";
import { containerCommands, unexportedAssignments } from "../../model/launcher.js";
import { findInResource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "network/nccl-not-exported",
  category: "network",
  severity: "warning",
  summary: "A container script sets an NCCL variable as a plain shell variable, so NCCL never sees it",
  rationale:
    "In a shell script, `NCCL_SOCKET_IFNAME=eth0` on a line of its own sets a shell variable; only variables marked for export (with `export`, `declare -x`, after `set -a`, or inherited from the container's environment) are passed to the commands the script starts. torchrun, mpirun or python then start without it, NCCL keeps its default (here: it picks an interface by itself), and nothing says so. Written before the command on the same line (`NCCL_DEBUG=INFO torchrun …`) it is passed; on its own line it is not.",
  remediation:
    "Write `export NAME=VALUE`, put the assignment before the command on the same line, or set it in the container's `env`.",
  links: [
    {
      title: "Bash manual: Environment (only exported parameters reach child processes)",
      url: "https://www.gnu.org/software/bash/manual/html_node/Environment.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "exported, set for one command, or exported later",
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
                    export NCCL_DEBUG=WARN
                    NCCL_SOCKET_IFNAME=eth0
                    export NCCL_SOCKET_IFNAME
                    NCCL_ALGO=Ring torchrun --nproc_per_node 8 train.py
        `,
      },
      {
        title: "the container's env already exports the name, so the script's assignment is passed on",
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
                  env: [{name: NCCL_DEBUG, value: WARN}]
                  command: [bash, -c, "NCCL_DEBUG=INFO; torchrun t.py"]
        `,
      },
      {
        title: "set -a exports every later assignment",
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
                  command: [bash, -c, "set -ea; NCCL_DEBUG=INFO; torchrun t.py"]
        `,
      },
      {
        title: "a value read back as $NAME is a shell variable on purpose",
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
                  command: [bash, -c, "NCCL_PORT=29500; torchrun --master-port $NCCL_PORT t.py"]
        `,
      },
    ],
    invalid: [
      {
        title: "a plain assignment on its own line",
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
                    NCCL_SOCKET_IFNAME=eth0
                    torchrun --nproc_per_node 8 train.py
        `,
        findings: [{ line: 15, column: 11, message: /NCCL_SOCKET_IFNAME=eth0 .*never exported/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        for (const a of unexportedAssignments(containerCommands(c).commands)) {
          const name = a.text.slice(0, a.text.indexOf("="));
          // A variable the shell inherited from the container's environment is exported already.
          if (!isNcclFamily(name) || effectiveEnv(c, r, ctx.set).has(name)) continue;
          ctx.report({
            resource: r,
            path: a.path,
            span: findInResource(r, a.path, a.text),
            message: `${a.text} in container ${c.name ?? "?"} is a shell variable that is never exported: the commands the script starts do not inherit it, so NCCL never sees it and keeps its default; write export ${a.text}`,
          });
        }
      }
    }
  },
});
