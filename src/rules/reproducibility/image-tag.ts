import { defineRule } from "../types.js";
import { imagesOf } from "./_image.js";

export default defineRule({
  id: "reproducibility/image-tag",
  category: "reproducibility",
  severity: "warning",
  summary: "An image has no tag or uses :latest",
  rationale:
    "An image without a tag is :latest, and :latest is whatever was pushed last: two workers of one training job can pull different images (a different CUDA, NCCL or PyTorch) when they start on different nodes at different times, a restarted job is not the job that ran, and a rollback has nothing to roll back to. With :latest the kubelet also pulls on every start (imagePullPolicy defaults to Always), so a registry outage stops scheduling.",
  remediation: "Pin a version tag (pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime), and better a digest (@sha256:…).",
  links: [
    {
      title: "Kubernetes: container images, image names and tags",
      url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    },
  ],
  examples: {
    valid: [
      {
        title: "a version tag, and a digest",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nvcr.io/nvidia/pytorch:24.10-py3\n    - name: b\n      image: busybox@sha256:db16cd196b8a37ba5f08414e6f6e71003d76665a5eac160cb75ad3759d8b3e29\n",
      },
    ],
    invalid: [
      {
        title: "no tag, and :latest",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: vllm/vllm-openai\n    - name: b\n      image: rayproject/ray:latest\n",
        findings: [
          { line: 8, column: 14, message: /vllm\/vllm-openai has no tag/ },
          { line: 10, column: 14, message: /:latest/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const u of imagesOf(w)) {
      if (u.image.digest) continue;
      if (u.image.tag === undefined || u.image.tag === "latest") {
        ctx.report({
          resource: w.resource,
          path: u.path,
          message:
            u.image.tag === undefined
              ? `image ${u.image.raw} has no tag, so it means :latest: pods started at different times can run different images; pin a version tag or a digest`
              : `image ${u.image.raw} uses :latest: pods started at different times can run different images; pin a version tag or a digest`,
        });
      }
    }
  },
});
