import { containerAccelerators } from "../../model/gpu.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel } from "./_util.js";

export default defineRule({
  id: "gpu/mixed-accelerators",
  category: "gpu",
  severity: "warning",
  summary: "One container asks for accelerators of two vendors, or for whole GPUs together with MIG slices",
  rationale:
    "Nodes carry one accelerator vendor, so a container that asks for, say, nvidia.com/gpu and amd.com/gpu fits no node and stays Pending. Whole GPUs and MIG slices in one container, or slices of two MIG profiles, are almost always a copy-paste slip: a CUDA process can enumerate only one MIG device, so the extra devices sit idle, and a node must have MIG enabled on some GPUs but not others (mixed strategy) to place it at all.",
  remediation:
    "Ask for one kind of accelerator per container: whole GPUs, or one MIG slice. Split work that needs different accelerators into separate containers or pods.",
  links: [
    {
      title: "MIG device names and CUDA visibility (MIG user guide)",
      url: "https://docs.nvidia.com/datacenter/tesla/mig-user-guide/index.html",
    },
    { title: "NVIDIA device plugin: MIG strategies", url: "https://github.com/NVIDIA/k8s-device-plugin#readme" },
  ],
  examples: {
    valid: [
      {
        title: "one kind per container",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: i
                resources:
                  limits: {nvidia.com/gpu: 2, cpu: 4}
              - name: b
                image: i
                resources:
                  limits: {nvidia.com/mig-1g.10gb: 1}
        `,
      },
    ],
    invalid: [
      {
        title: "two vendors, and a GPU with a MIG slice",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 1
                    amd.com/gpu: 1
              - name: b
                image: i
                resources:
                  limits:
                    nvidia.com/gpu: 1
                    nvidia.com/mig-3g.40gb: 1
        `,
        findings: [
          { line: 12, column: 11, message: /two vendors.*nvidia.com\/gpu.*amd.com\/gpu.*no node/ },
          {
            line: 18,
            column: 11,
            message: /whole GPUs \(nvidia.com\/gpu\) and MIG slices \(nvidia.com\/mig-3g.40gb\)/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const accs = containerAccelerators(c);
        if (accs.length < 2) continue;
        const first = accs[0];
        const otherVendor = accs.find((a) => first && a.vendor !== first.vendor);
        if (first && otherVendor) {
          ctx.report({
            resource: w.resource,
            path: otherVendor.path,
            at: "key",
            message: `${containerLabel(c)} asks for accelerators of two vendors (${first.resource} and ${otherVendor.resource}); no node has both, so the pod stays Pending`,
          });
          continue;
        }
        const whole = accs.find((a) => a.unit === "device" || a.unit === "shared");
        const slices = accs.filter((a) => a.migProfile !== undefined);
        const slice = slices[0];
        if (whole && slice) {
          ctx.report({
            resource: w.resource,
            path: slice.path,
            at: "key",
            message: `${containerLabel(c)} mixes whole GPUs (${whole.resource}) and MIG slices (${slice.resource}); a CUDA process can use only one MIG device and few nodes offer both, so the request is likely a mistake`,
          });
        } else if (slices.length > 1 && slice) {
          const second = slices[1];
          if (second)
            ctx.report({
              resource: w.resource,
              path: second.path,
              at: "key",
              message: `${containerLabel(c)} asks for two MIG profiles (${slice.resource} and ${second.resource}); a CUDA process can use only one MIG device, so one slice sits idle`,
            });
        }
      }
    }
  },
});
