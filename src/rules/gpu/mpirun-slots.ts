import { basename } from "node:path";
import { commandsOf } from "../../model/launcher.js";
import { getIn } from "../../model/resource.js";
import { mpiRanks } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const MPI_LAUNCHERS = new Set(["mpirun", "mpiexec", "orterun", "prterun", "mpiexec.hydra"]);

export default defineRule({
  id: "gpu/mpirun-slots",
  category: "gpu",
  severity: "error",
  summary: "An MPIJob's `mpirun -np` asks for more processes than slotsPerWorker × workers",
  rationale:
    'The MPI operator writes a hostfile listing every worker with `slots=<slotsPerWorker>` (and the launcher too with runLauncherAsWorker), so the job has slotsPerWorker × workers slots. Open MPI refuses to start more processes than slots ("There are not enough slots available in the system to satisfy the N slots that were requested") unless told to oversubscribe, and oversubscribed ranks share GPUs and cores. slotsPerWorker defaults to 1, so an `-np 16` over two 8-GPU workers without `slotsPerWorker: 8` never starts.',
  remediation:
    "Set slotsPerWorker to the processes (usually the GPUs) of each worker and -np to slotsPerWorker × workers, or drop -np and let mpirun use every slot.",
  links: [
    {
      title: "Kubeflow MPI operator: MPIJob (slotsPerWorker, hostfile)",
      url: "https://www.kubeflow.org/docs/components/trainer/legacy-v1/user-guides/mpi/",
    },
    {
      title: "Open MPI mpirun: -np and slots",
      url: "https://docs.open-mpi.org/en/v5.0.x/launching-apps/scheduling.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "16 processes on 2 workers × 8 slots",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl
          spec:
            slotsPerWorker: 8
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template: {spec: {containers: [{name: l, image: i, command: [mpirun, -np, '16', all_reduce_perf]}]}}
              Worker:
                replicas: 2
                template: {spec: {containers: [{name: w, image: i, resources: {limits: {nvidia.com/gpu: 8}}}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "16 processes on 2 workers with the default slotsPerWorker 1",
        yaml: dedent`
          apiVersion: kubeflow.org/v2beta1
          kind: MPIJob
          metadata:
            name: nccl
          spec:
            mpiReplicaSpecs:
              Launcher:
                replicas: 1
                template: {spec: {containers: [{name: l, image: i, command: [mpirun, -np, '16', all_reduce_perf]}]}}
              Worker:
                replicas: 2
                template: {spec: {containers: [{name: w, image: i, resources: {limits: {nvidia.com/gpu: 8}}}]}}
        `,
        findings: [
          {
            line: 9,
            column: 81,
            message: /-np 16 but the hostfile has 2 slots \(slotsPerWorker 1 \(default\) × 2 workers\)/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const ranks = mpiRanks(w);
    if (!ranks) return;
    const r = w.resource;
    const spw = getIn(r.value, ["spec", "slotsPerWorker"]);
    const perWorker = typeof spw === "number" && spw > 0 ? spw : 1;
    let hosts = 0;
    for (const g of ranks.ranks) {
      if (g.replicas === undefined) return;
      hosts += g.replicas;
    }
    const slots = perWorker * hosts;
    for (const g of ranks.launchers) {
      for (const c of g.containers) {
        if (c.role !== "container") continue;
        for (const words of commandsOf(c.value, c.path).commands) {
          const start = words.findIndex((x) => MPI_LAUNCHERS.has(basename(x.text)));
          if (start < 0) continue;
          const rest = words.slice(start + 1);
          if (rest.some((x) => /^--?oversubscribe$/.test(x.text) || /oversubscribe/.test(x.text))) continue;
          for (let i = 0; i < rest.length; i++) {
            const opt = rest[i]?.text ?? "";
            const m = /^(?:-np|--np|-n|-c)(?:=(\d+))?$/.exec(opt);
            if (!m) continue;
            const valueTok = m[1] === undefined ? rest[i + 1] : rest[i];
            const n = Number(m[1] ?? valueTok?.text);
            if (!Number.isInteger(n) || !valueTok) break;
            if (n > slots)
              ctx.report({
                resource: r,
                path: valueTok.path,
                message: `mpirun -np ${n} but the hostfile has ${slots} slot${slots === 1 ? "" : "s"} (slotsPerWorker ${perWorker}${typeof spw === "number" ? "" : " (default)"} × ${hosts} worker${hosts === 1 ? "" : "s"}): Open MPI stops with "not enough slots available" before any rank starts`,
              });
            break;
          }
        }
      }
    }
  },
});
