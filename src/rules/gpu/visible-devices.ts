import { containerAccelerators, containerGpuCount, envValue } from "../../model/gpu.js";
import { getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { containerLabel } from "./_util.js";

const INDEX_VARS = ["CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES"];

export default defineRule({
  id: "gpu/visible-devices",
  category: "gpu",
  severity: "warning",
  summary: "GPU visibility set by hand (NVIDIA_VISIBLE_DEVICES, CUDA_VISIBLE_DEVICES) or widened by privileged: true",
  rationale:
    'The device plugin decides which GPUs a container gets and exposes them through the container runtime. NVIDIA_VISIBLE_DEVICES=all (or a list) in a container that requests no GPU bypasses the scheduler: the NVIDIA runtime hands it every GPU of the node, including GPUs the scheduler gave to other pods. Inside a container the allocated GPUs are renumbered from 0, so CUDA_VISIBLE_DEVICES naming an index at or above the GPU count leaves CUDA with "no CUDA-capable device", and one naming fewer devices leaves allocated GPUs idle. A privileged container sees every /dev/nvidia* device of the node, not only its own.',
  remediation:
    "Request GPUs through resources.limits and let the device plugin set visibility; remove NVIDIA_VISIBLE_DEVICES and CUDA_VISIBLE_DEVICES from the manifest, and drop privileged: true from GPU containers (add only the capabilities you need).",
  links: [
    {
      title: "NVIDIA device plugin README (GPUs visible without a request)",
      url: "https://github.com/NVIDIA/k8s-device-plugin#readme",
    },
    {
      title: "NVIDIA container toolkit: NVIDIA_VISIBLE_DEVICES",
      url: "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html",
    },
  ],
  supersedes: [
    {
      rule: "security/privileged",
      cause: "a privileged container that requests GPUs: besides every capability, it sees every GPU of the node",
    },
  ],
  examples: {
    valid: [
      {
        title: "visibility left to the device plugin; node agents in a DaemonSet",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                env: [{name: CUDA_VISIBLE_DEVICES, value: "0,1"}, {name: NVIDIA_VISIBLE_DEVICES, value: void}]
                resources: {limits: {nvidia.com/gpu: 2}}
          ---
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: exporter
          spec:
            template:
              spec:
                containers:
                  - name: e
                    image: i
                    env: [{name: NVIDIA_VISIBLE_DEVICES, value: all}]
        `,
      },
    ],
    invalid: [
      {
        title: "all GPUs without a request, an index beyond the allocation, privileged",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            template:
              spec:
                containers:
                  - name: sneaky
                    image: nvidia/cuda:12.4.0-base-ubuntu22.04
                    env:
                      - name: NVIDIA_VISIBLE_DEVICES
                        value: all
                  - name: train
                    image: i
                    env:
                      - name: CUDA_VISIBLE_DEVICES
                        value: "2,3"
                    securityContext:
                      privileged: true
                    resources:
                      limits: {nvidia.com/gpu: 2}
        `,
        findings: [
          { line: 13, column: 22, message: /requests no GPU.*every GPU of the node/, severity: "error" },
          { line: 18, column: 22, message: /index 2.*only 2 GPUs.*numbered 0–1/, severity: "error" },
          { line: 20, column: 25, message: /privileged.*every GPU of the node/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group === "apps" && r.kind === "DaemonSet") return;
    for (const g of w.podGroups) {
      // A pod that asks for devices through CDI annotations (the GPU Operator's validator) states its intent.
      const cdi = Object.keys(g.podAnnotations).some((k) => k.startsWith("nvidia.cdi.k8s.io/"));
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        const gpus = containerGpuCount(c);
        const nvidia = envValue(c.value, "NVIDIA_VISIBLE_DEVICES");
        if (nvidia) {
          const v = nvidia.value.trim();
          const path = [...c.path, "env", nvidia.index, "value"];
          if (v !== "" && v !== "void" && v !== "none") {
            if (gpus === 0 && !cdi) {
              ctx.report({
                resource: r,
                path,
                severity: "error",
                message: `NVIDIA_VISIBLE_DEVICES=${v} in ${containerLabel(c)}, which requests no GPU: the NVIDIA runtime exposes ${v === "all" ? "every GPU of the node" : `GPUs ${v} of the node`} behind the scheduler's back, including GPUs other pods were given`,
              });
            } else if (gpus > 0) {
              ctx.report({
                resource: r,
                path,
                message: `NVIDIA_VISIBLE_DEVICES is set by hand in ${containerLabel(c)}; the device plugin sets it to the ${gpus} GPUs it allocated, and a hand-set value can expose GPUs of other pods`,
              });
            }
          }
        }
        for (const name of INDEX_VARS) {
          if (gpus === 0) break; // index variables only matter with GPUs: skip scanning env for them
          const e = envValue(c.value, name);
          if (!e) continue;
          const items = e.value.split(",").map((s) => s.trim());
          if (!items.every((s) => /^[0-9]+$/.test(s))) continue;
          const idx = items.map((s) => Number.parseInt(s, 10));
          const path = [...c.path, "env", e.index, "value"];
          const beyond = idx.find((i) => i >= gpus);
          if (beyond !== undefined) {
            ctx.report({
              resource: r,
              path,
              severity: "error",
              message: `${name}=${e.value} names index ${beyond} but ${containerLabel(c)} has only ${gpus} GPU${gpus === 1 ? "" : "s"}, numbered 0–${gpus - 1} inside the container: CUDA finds no device at that index`,
            });
          } else if (new Set(idx).size < gpus) {
            ctx.report({
              resource: r,
              path,
              message: `${name}=${e.value} hides ${gpus - new Set(idx).size} of the ${gpus} GPUs allocated to ${containerLabel(c)}: they stay idle while reserved`,
            });
          }
        }
        const privileged = getIn(c.value, ["securityContext", "privileged"]);
        const vendor = containerAccelerators(c).find((a) => a.vendor === "nvidia" || a.vendor === "amd")?.vendor;
        if (privileged === true && vendor) {
          ctx.report({
            resource: r,
            path: [...c.path, "securityContext", "privileged"],
            message: `${containerLabel(c)} asks for ${gpus} GPU${gpus === 1 ? "" : "s"} but runs privileged, so it sees every GPU of the node (all ${vendor === "nvidia" ? "/dev/nvidia*" : "/dev/dri and /dev/kfd"} devices), including those allocated to other pods, and has every capability of the node; drop privileged and add only the capabilities it needs (IPC_LOCK for RDMA)`,
          });
        }
      }
    }
  },
});
