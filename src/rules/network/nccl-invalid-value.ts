import { NCCL_ENV_URL, NCCL_MAX_SOCKETS_PER_PEER, NCCL_VARIABLES } from "../../catalog/nccl-env.js";
import { effectiveEnv } from "../../model/env.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { checkValue, isDependentValue, ncclOccurrences, onceAt } from "./_nccl.js";

const pod = (env: string) =>
  dedent`
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      containers:
      - name: c
        image: x
        env:
    ${env}`;

export default defineRule({
  id: "network/nccl-invalid-value",
  category: "network",
  severity: "error",
  summary: "An NCCL variable has a value outside its documented type, range or list syntax",
  rationale:
    'NCCL parses its variables at init and, for a value it cannot read, warns in a log nobody reads and falls back to its default: NCCL_IB_DISABLE=yes does not disable InfiniBand, NCCL_DEBUG=VERBOSE prints nothing, NCCL_SOCKET_IFNAME=eth0,^lo matches no interface named "^lo". The list syntaxes of NCCL_SOCKET_IFNAME and NCCL_IB_HCA (a leading ^ to exclude, a leading = for exact names, :port) are parsed here as NCCL parses them.',
  remediation: "Use a value the NCCL documentation lists for the variable (the message names them).",
  links: [{ title: "NCCL environment variables", url: NCCL_ENV_URL }],
  examples: {
    valid: [
      {
        title: "well-formed values",
        yaml: pod(
          '    - {name: NCCL_DEBUG, value: WARN}\n    - {name: NCCL_IB_DISABLE, value: "0"}\n    - {name: NCCL_NET_GDR_LEVEL, value: PHB}\n    - {name: NCCL_SOCKET_IFNAME, value: "^docker,lo"}\n    - {name: NCCL_IB_HCA, value: "=mlx5_0:1,mlx5_1:1"}\n    - {name: NCCL_IB_TIMEOUT, value: "22"}\n    - {name: NCCL_ALGO, value: "ring,tree;allreduce:^nvls"}\n    - {name: NCCL_DEBUG_SUBSYS, value: "INIT,NET"}\n    - {name: NCCL_SOCKET_IFNAME, value: "$(IFACE)"}\n',
        ),
      },
    ],
    invalid: [
      {
        title: "a value mpirun exports to every rank (`-x`), in an MPIJob launcher's script",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl-tests
          spec:
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [/bin/bash, -c]
                      args:
                      - |
                        mpirun -np 16 --allow-run-as-root \\
                          -x NCCL_DEBUG=INFO \\
                          -x NCCL_IB_DISABLE=yes \\
                          /opt/nccl-tests/build/all_reduce_perf -b 8 -e 8G
        `,
        findings: [{ line: 19, column: 36, message: /NCCL_IB_DISABLE="yes" is not 0 or 1/ }],
      },
      {
        title: "an Intel MPI / MPICH export (`-genv NAME VALUE`)",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: t
          spec:
            mpiImplementation: Intel
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template:
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [bash, -c, "mpiexec.hydra -n 8 -genv NCCL_DEBUG VERBOSE ./bench"]
        `,
        findings: [{ line: 15, column: 70, message: /NCCL_DEBUG="VERBOSE" is not one of/ }],
      },
      {
        title: "a debug level NCCL does not have",
        yaml: pod("    - name: NCCL_DEBUG\n      value: VERBOSE\n"),
        findings: [{ line: 11, column: 14, message: /NCCL_DEBUG="VERBOSE" is not one of VERSION, WARN/ }],
      },
      {
        title: "a boolean written as yes",
        yaml: pod("    - name: NCCL_IB_DISABLE\n      value: 'yes'\n"),
        findings: [{ line: 11, column: 14, message: /is not 0 or 1/ }],
      },
      {
        title: "an unknown GPUDirect level and an exclusion in the middle of a list",
        yaml: pod(
          "    - name: NCCL_NET_GDR_LEVEL\n      value: FOO\n    - name: NCCL_SOCKET_IFNAME\n      value: eth0,^lo\n",
        ),
        findings: [
          { line: 11, message: /not one of LOC, PIX, PXB, PHB, SYS/ },
          { line: 13, message: /only counts at the start of the whole list/ },
        ],
      },
      {
        title: "an InfiniBand timeout out of range",
        yaml: pod('    - name: NCCL_IB_TIMEOUT\n      value: "40"\n'),
        findings: [{ line: 11, message: /above 31.*infinite/ }],
      },
      {
        title: "prefix HCA names that overlap",
        yaml: pod("    - name: NCCL_IB_HCA\n      value: mlx5_1,mlx5_10\n"),
        findings: [{ line: 11, severity: "warning", message: /"mlx5_1" is a prefix that also matches mlx5_10/ }],
      },
      {
        title: "too many socket threads per peer",
        yaml: pod('    - {name: NCCL_SOCKET_NTHREADS, value: "16"}\n    - {name: NCCL_NSOCKS_PERTHREAD, value: "8"}\n'),
        findings: [{ line: 10, message: /16 × NCCL_NSOCKS_PERTHREAD 8 = 128 exceeds 64/ }],
      },
    ],
  },
  podContent: true,
  workload(w, ctx) {
    for (const o of ncclOccurrences(w, ctx.set)) {
      const def = NCCL_VARIABLES[o.env.name];
      const v = o.env.value;
      if (!def || v === undefined || !o.env.valueAt || isDependentValue(v)) continue;
      if (def.removed) continue; // network/nccl-deprecated-variable says it is ignored
      for (const p of checkValue(o.env.name, v, def)) {
        const { resource, path, span } = o.env.valueAt;
        const once = onceAt(resource, path, p.message);
        ctx.report({ resource, path, span, message: p.message, severity: p.severity, once });
      }
    }
    // NCCL_SOCKET_NTHREADS × NCCL_NSOCKS_PERTHREAD ≤ 64 (env.rst), per container.
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const env = effectiveEnv(c, w.resource, ctx.set);
        const t = env.get("NCCL_SOCKET_NTHREADS");
        const s = env.get("NCCL_NSOCKS_PERTHREAD");
        const tn = Number(t?.value);
        const sn = Number(s?.value);
        if (!t?.valueAt || !Number.isInteger(tn) || !Number.isInteger(sn) || tn * sn <= NCCL_MAX_SOCKETS_PER_PEER)
          continue;
        const message = `NCCL_SOCKET_NTHREADS ${tn} × NCCL_NSOCKS_PERTHREAD ${sn} = ${tn * sn} exceeds ${NCCL_MAX_SOCKETS_PER_PEER}, the most NCCL allows per peer`;
        const { resource, path } = t.valueAt;
        ctx.report({ resource, path, message, once: onceAt(resource, path, message) });
      }
    }
  },
});
