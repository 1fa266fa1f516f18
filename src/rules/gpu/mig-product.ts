import { ALL_MIG_PROFILES, MIG_MODEL_OF_GPU, MIG_PROFILES } from "../../catalog/mig-profiles.js";
import { appContainers, containerAccelerators } from "../../model/gpu.js";
import { gpuProductOf } from "../../model/gpu-product.js";
import { formatPath } from "../../model/path.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "gpu/mig-product",
  category: "gpu",
  severity: "error",
  summary: "A MIG slice the GPU product the pod selects does not offer",
  rationale:
    "Under the mixed MIG strategy the device plugin advertises one resource per profile the node's GPUs are partitioned into (`nvidia.com/mig-1g.10gb`), and the profiles are fixed per product: an A100 40GB has 1g.5gb, an H100 80GB 1g.10gb, an H200 1g.18gb, and an L4 or L40S has no MIG at all (NVIDIA MIG User Guide, supported profiles). A pod that selects one product and asks for another product's slice can never be scheduled: no node both carries the product label and advertises that resource, and the pod stays Pending with `Insufficient nvidia.com/mig-…`. Generated manifests copy profile names between GPU generations (`mig-1g.5gb` on an H100 selector).",
  remediation:
    "Request a profile the selected product offers (the message lists them), or select the product whose profile you meant.",
  links: [
    {
      title: "NVIDIA MIG User Guide: supported MIG profiles",
      url: "https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "an H100 slice on an H100 selector",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
            containers:
              - name: c
                image: i
                resources: {limits: {nvidia.com/mig-1g.10gb: 1}}
        `,
      },
    ],
    invalid: [
      {
        title: "an A100 40GB slice on an H100 selector",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
            containers:
              - name: c
                image: i
                resources: {limits: {nvidia.com/mig-1g.5gb: 1}}
        `,
        findings: [{ line: 10, column: 51, message: /mig-1g\.5gb is not a MIG profile of H100-80GB.*1g\.10gb/ }],
      },
      {
        title: "a MIG slice on an L4, which has no MIG",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            nodeSelector: {cloud.google.com/gke-accelerator: nvidia-l4}
            containers:
              - name: c
                image: i
                resources: {limits: {nvidia.com/mig-1g.10gb: 1}}
        `,
        findings: [{ line: 10, column: 52, message: /gke-accelerator=nvidia-l4.*has no MIG/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      const product = gpuProductOf(g.podSpec);
      if (!product) continue;
      const model = MIG_MODEL_OF_GPU[product.gpu];
      if (model === undefined) continue;
      const profiles = model === null ? [] : (MIG_PROFILES.find((m) => m.model === model)?.profiles ?? []);
      const selected = `${product.evidence} (${formatPath([...g.podSpecPath, ...product.path])})`;
      for (const c of appContainers(g)) {
        for (const a of containerAccelerators(c)) {
          if (a.migProfile === undefined || profiles.includes(a.migProfile)) continue;
          if (!ALL_MIG_PROFILES.includes(a.migProfile)) continue; // gpu/resource-name reports an unknown profile
          ctx.report({
            resource: w.resource,
            path: a.path,
            message:
              model === null
                ? `${a.resource} is a MIG slice, but the pod selects ${selected}, a product that has no MIG: no node advertises the resource and the pod stays Pending`
                : `${a.resource}: mig-${a.migProfile} is not a MIG profile of ${model}, which the pod selects with ${selected} (its profiles: ${profiles.join(", ")}): no node advertises the resource and the pod stays Pending`,
          });
        }
      }
    }
  },
});
