import type { Path } from "../../model/path.js";
import { asObject, getIn, isObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { containerPairs, workloadPairs } from "../change.js";
import { defineRule } from "../types.js";

const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;
const LIMITS = ["memory", "cpu"] as const;
/** Run-time limits a workload may set, relative to the object. */
const DEADLINES: readonly Path[] = [
  ["spec", "activeDeadlineSeconds"],
  ["spec", "runPolicy", "activeDeadlineSeconds"],
  ["spec", "jobTemplate", "spec", "activeDeadlineSeconds"],
];

const SERVER = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: llm-server
  spec:
    replicas: 2
    selector:
      matchLabels: {app: llm-server}
    template:
      metadata:
        labels: {app: llm-server}
      spec:
        containers:
          - name: vllm
            image: vllm/vllm-openai:v0.6.0
            readinessProbe:
              httpGet: {path: /health, port: 8000}
            resources:
              limits: {memory: 64Gi, nvidia.com/gpu: 1}
`;

const PDB = dedent`
  apiVersion: policy/v1
  kind: PodDisruptionBudget
  metadata:
    name: llm-server
  spec:
    minAvailable: 1
    selector:
      matchLabels: {app: llm-server}
`;

export default defineRule({
  id: "reliability/safeguard-removed",
  category: "reliability",
  severity: "warning",
  summary: "A change removes a probe, a memory or CPU limit, a run-time deadline or a PodDisruptionBudget",
  rationale:
    "Probes, limits, deadlines and disruption budgets are what keep a failure small: without a readiness probe a Service sends requests to a model server that is still loading its weights; without a memory limit one container's spike takes the node's other pods with it; without activeDeadlineSeconds a hung training job holds its GPUs until someone notices; without a PodDisruptionBudget a node drain or Karpenter consolidation may evict every replica at once. Each is usually added after an incident, and a change that drops one (a regenerated manifest, a copied example) rarely says so. Only objects present on both sides are compared.",
  remediation:
    "Keep the safeguard, or say in the pull request what replaces it (a probe moved to a sidecar, a LimitRange that sets the default, a deadline in the queue system).",
  links: [
    {
      title: "Configure Liveness, Readiness and Startup Probes",
      url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    },
    {
      title: "Resource Management for Pods and Containers",
      url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    },
    {
      title: "Jobs: Job termination and cleanup",
      url: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup",
    },
    { title: "Specifying a Disruption Budget", url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/" },
  ],
  examples: {
    valid: [
      { title: "the image changes, the probe stays", base: SERVER, yaml: SERVER.replace("v0.6.0", "v0.6.3") },
      {
        title: "the PodDisruptionBudget changes its minimum",
        base: `${SERVER}---\n${PDB}`,
        yaml: `${SERVER}---\n${PDB.replace("minAvailable: 1", "minAvailable: 2")}`,
      },
    ],
    invalid: [
      {
        title: "the readiness probe and the memory limit are dropped",
        base: SERVER,
        yaml: SERVER.replace(
          "          readinessProbe:\n            httpGet: {path: /health, port: 8000}\n",
          "",
        ).replace("memory: 64Gi, ", ""),
        findings: [
          { line: 14, column: 17, message: /container "vllm" loses its readinessProbe/ },
          { line: 17, column: 21, message: /container "vllm" loses its memory limit \(64Gi\)/ },
        ],
      },
      {
        title: "the PodDisruptionBudget is deleted",
        base: `${SERVER}---\n${PDB}`,
        yaml: SERVER,
        findings: [{ line: 21, column: 1, message: /PodDisruptionBudget llm-server is removed/ }],
      },
    ],
  },
  change(c, ctx) {
    for (const p of workloadPairs(c)) {
      for (const { base, head } of containerPairs(p)) {
        const name = String(head.value.name ?? "");
        for (const probe of PROBES)
          if (base.value[probe] !== undefined && head.value[probe] === undefined)
            ctx.report({
              resource: p.head.resource,
              path: [...head.path, "name"],
              message: `container "${name}" loses its ${probe}: ${probe === "readinessProbe" ? "traffic reaches it before it is ready" : probe === "livenessProbe" ? "a hung process is never restarted" : "a slow start is no longer told apart from a hang"}`,
            });
        const bl = asObject(asObject(base.value.resources)?.limits) ?? {};
        const hres = asObject(head.value.resources);
        const hl = asObject(hres?.limits) ?? {};
        for (const l of LIMITS)
          if (bl[l] !== undefined && hl[l] === undefined) {
            const at: Path =
              hres?.limits !== undefined
                ? [...head.path, "resources", "limits"]
                : hres !== undefined
                  ? [...head.path, "resources"]
                  : [...head.path, "name"];
            ctx.report({
              resource: p.head.resource,
              path: at,
              message: `container "${name}" loses its ${l} limit (${String(bl[l])})${l === "memory" ? ": a spike can take the node's other pods with it" : ": it can take every core of the node"}`,
            });
          }
      }
      for (const d of DEADLINES) {
        const before = getIn(p.base.resource.value, d);
        if (before === undefined || getIn(p.head.resource.value, d) !== undefined) continue;
        const parent = d.slice(0, -1);
        ctx.report({
          resource: p.head.resource,
          path: isObject(getIn(p.head.resource.value, parent)) ? parent : ["spec"],
          at: "key",
          message: `${d.join(".")} (${String(before)} s) is removed: a hung run keeps its GPUs until someone stops it`,
        });
      }
    }
    for (const rc of c.resources)
      if (rc.action === "removed" && rc.base?.kind === "PodDisruptionBudget")
        ctx.report({
          resource: rc.base,
          path: [],
          message: `PodDisruptionBudget ${rc.base.name ?? ""} is removed: node drains and autoscaler consolidation may evict all of its pods at once`,
        });
  },
});
