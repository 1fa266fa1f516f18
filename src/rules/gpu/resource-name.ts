import { ACCELERATOR_RESOURCES, NON_DEVICE_RESOURCES, VENDOR_WORDS } from "../../catalog/accelerators.js";
import { ALL_MIG_PROFILES, MIG_PROFILES, parseMigResource } from "../../catalog/mig-profiles.js";
import { resourcesPath } from "../../model/gpu.js";
import { asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean, editDistance } from "../../util/suggest.js";
import { defineRule } from "../types.js";

const KNOWN = ACCELERATOR_RESOURCES.map((a) => a.name);
const KNOWN_SET = new Set(KNOWN);
const NON_DEVICE = new Set(NON_DEVICE_RESOURCES);
const NATIVE = /^(cpu|memory|ephemeral-storage|storage|pods|hugepages-.+)$/;
const ACCEL_WORD = /gpu|tpu|neuron|gaudi|mig/i;

/** The accelerator resource a misspelt name most likely meant, or undefined. */
export function suggestResourceName(name: string): string | undefined {
  const lower = name.toLowerCase();
  // Malformed MIG names: `nvidia.com/mig1g.10gb`, `nvidia.com/MIG-1g.10gb`, `nvidia.com/mig-1g-10gb`.
  const mig = /^nvidia\.com\/mig-?(\d+)g[.-](\d+)gb$/.exec(lower);
  if (mig && lower !== name) return `nvidia.com/mig-${mig[1]}g.${mig[2]}gb`;
  if (mig && !/^nvidia\.com\/mig-\d+g\.\d+gb$/.test(name)) return `nvidia.com/mig-${mig[1]}g.${mig[2]}gb`;
  const slash = name.indexOf("/");
  if (slash < 0) {
    if (!ACCEL_WORD.test(name)) return undefined;
    for (const [word, resource] of Object.entries(VENDOR_WORDS)) {
      if (word !== "gpu" && lower.includes(word)) return resource;
    }
    return /gpu/i.test(name) ? "nvidia.com/gpu" : undefined;
  }
  const domain = lower.slice(0, slash);
  const rest = lower.slice(slash + 1);
  if (!domain.includes(".")) {
    const vendor = VENDOR_WORDS[domain];
    if (vendor && ACCEL_WORD.test(rest)) return vendor;
  }
  const ci = KNOWN.find((k) => k.toLowerCase() === lower);
  if (ci) return ci;
  let best: string | undefined;
  let bestD = 3;
  for (const k of KNOWN) {
    const d = editDistance(lower, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

export default defineRule({
  id: "gpu/resource-name",
  category: "gpu",
  severity: "error",
  podContent: true,
  summary:
    "An accelerator resource name no device plugin advertises: a near miss, an unknown MIG profile or a retired name",
  rationale:
    'A pod can only be placed on a node that advertises every resource it asks for. Device plugins advertise fixed names (nvidia.com/gpu, nvidia.com/mig-<g>g.<mem>gb, amd.com/gpu, gpu.intel.com/i915, gpu.intel.com/xe, habana.ai/gaudi, aws.amazon.com/neuron, aws.amazon.com/neuroncore, google.com/tpu); a near miss such as nvidia.com/gpus or nvidia/gpu is accepted by the API server but no node has it, so the pod stays Pending with "Insufficient nvidia.com/gpus". A name without a domain ("gpu") is rejected outright. A MIG profile that no GPU model offers can never be satisfied either.',
  remediation:
    "Use the device plugin's exact resource name; for MIG, a profile your GPU model offers (see the MIG user guide's table for your GPU).",
  links: [
    {
      title: "NVIDIA device plugin (resource names, MIG strategies)",
      url: "https://github.com/NVIDIA/k8s-device-plugin#readme",
    },
    {
      title: "Supported MIG profiles",
      url: "https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html",
    },
    {
      title: "Neuron device plugin (neurondevice retired in Neuron 2.20)",
      url: "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/containers/tutorials/k8s-neuron-device-plugin.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "vendor names, a valid MIG profile and non-device vendor resources",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                resources:
                  limits:
                    nvidia.com/mig-1g.10gb: 1
                    nvidia.com/gpumem: 4000
                    rdma/rdma_shared_device_a: 1
              - name: n
                image: i
                resources:
                  limits: {amd.com/gpu: 1, gpu.intel.com/xe: 1, habana.ai/gaudi: 1, aws.amazon.com/neuroncore: 2, google.com/tpu: 4}
        `,
      },
    ],
    invalid: [
      {
        title: "a misspelt GPU resource in a SparkApplication's executor template, found by shape",
        yaml: dedent`
          apiVersion: sparkoperator.k8s.io/v1beta2
          kind: SparkApplication
          metadata:
            name: etl
          spec:
            type: Scala
            mode: cluster
            sparkVersion: 3.5.3
            executor:
              instances: 2
              template:
                spec:
                  containers:
                    - name: spark-kubernetes-executor
                      resources:
                        limits:
                          nvidia.com/gpus: 1
        `,
        findings: [{ line: 17, column: 17, message: /"nvidia.com\/gpus".*did you mean "nvidia.com\/gpu"/ }],
      },
      {
        title: "near misses, an unknown MIG profile and a retired name",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            template:
              spec:
                containers:
                  - name: m
                    image: i
                    resources:
                      limits:
                        nvidia.com/gpus: 1
                        nvidia/gpu: 1
                        gpu: 1
                        nvidia.com/mig-1g.15gb: 1
                        aws.amazon.com/neurondevice: 1
        `,
        findings: [
          { line: 13, column: 15, message: /"nvidia.com\/gpus".*did you mean "nvidia.com\/gpu"/ },
          { line: 14, column: 15, message: /"nvidia\/gpu".*did you mean "nvidia.com\/gpu"/ },
          { line: 15, column: 15, message: /"gpu" has no domain.*rejects.*did you mean "nvidia.com\/gpu"/ },
          { line: 16, column: 15, message: /no GPU model offers MIG profile 1g.15gb.*1g.10gb/ },
          { line: 17, column: 15, message: /neurondevice.*Neuron 2.20/, severity: "warning" },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const res = asObject(c.value.resources);
        const seen = new Set<string>();
        for (const kind of ["limits", "requests"] as const) {
          const list = asObject(res?.[kind]);
          if (!list) continue;
          for (const name of Object.keys(list)) {
            if (seen.has(name)) continue;
            seen.add(name);
            if (NATIVE.test(name) || NON_DEVICE.has(name)) continue;
            // The path is built only for a report: most names are cpu, memory or a known device.
            const report = (message: string, severity?: "warning") =>
              ctx.report({
                resource: w.resource,
                path: [...resourcesPath(c), kind, name],
                at: "key",
                message,
                ...(severity ? { severity } : {}),
              });
            const known = ACCELERATOR_RESOURCES.find((a) => a.name === name);
            if (known?.deprecated) {
              report(
                `${name} is retired: ${known.deprecated}; no node advertises it, so the pod stays Pending`,
                "warning",
              );
              continue;
            }
            if (KNOWN_SET.has(name)) continue;
            const mig = parseMigResource(name);
            if (mig) {
              if (ALL_MIG_PROFILES.includes(mig.profile)) continue;
              const sameSlices = ALL_MIG_PROFILES.filter((p) => p.split(".")[0] === mig.profile.split(".")[0]);
              const hint = didYouMean(mig.profile, sameSlices.length > 0 ? sameSlices : ALL_MIG_PROFILES);
              const models = MIG_PROFILES.map((m) => `${m.model}: ${m.profiles.join(", ")}`)
                .slice(0, 3)
                .join("; ");
              report(
                `no GPU model offers MIG profile ${mig.profile}, so no node advertises ${name} and the pod stays Pending${hint ? `; did you mean "nvidia.com/mig-${hint}"?` : ""} (profiles are per model, e.g. ${models})`,
              );
              continue;
            }
            const hint = suggestResourceName(name);
            if (!hint) continue;
            if (!name.includes("/")) {
              report(
                `"${name}" has no domain: the API server rejects container resources that are neither native nor domain-qualified; did you mean "${hint}"?`,
              );
            } else {
              report(
                `"${name}" is not a resource any device plugin advertises; no node has it, so the pod stays Pending ("Insufficient ${name}"); did you mean "${hint}"?`,
              );
            }
          }
        }
      }
    }
  },
});
