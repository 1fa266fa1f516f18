import { isStandIn } from "../../model/idle.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { imagesOf } from "./_image.js";

export default defineRule({
  id: "reproducibility/image-tag",
  category: "reproducibility",
  severity: "warning",
  sources: [{ tool: "kube-linter", check: "latest-tag" }],
  podContent: true,
  summary: "An image has no tag or uses :latest",
  rationale:
    "An image without a tag is :latest, and :latest is whatever was pushed last: two workers of one training job can pull different images (a different CUDA, NCCL or PyTorch) when they start on different nodes at different times, a restarted job is not the job that ran, and a rollback has nothing to roll back to. With :latest the kubelet also pulls on every start (imagePullPolicy defaults to Always), so a registry outage stops scheduling. A container that only sleeps, prints or serves a demo page (busybox, bash or alpine running `sleep`/`echo`, an nginx or pause stand-in) is reported as info: no result depends on its version.",
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
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: nvcr.io/nvidia/pytorch:24.10-py3
              - name: b
                image: busybox@sha256:db16cd196b8a37ba5f08414e6f6e71003d76665a5eac160cb75ad3759d8b3e29
        `,
      },
    ],
    invalid: [
      {
        title: "no tag, and :latest",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: vllm/vllm-openai
              - name: b
                image: rayproject/ray:latest
        `,
        findings: [
          { line: 8, column: 14, message: /vllm\/vllm-openai has no tag/ },
          { line: 10, column: 14, message: /:latest/ },
        ],
      },
      {
        title: "an unpinned busybox that only sleeps beside the trainer: info, not a reproducibility risk for the job",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: trainer
                image: nvcr.io/nvidia/pytorch:24.10-py3
              - name: sidecar
                image: busybox
                command: [sh, -c, "while true; do sleep 3600; done"]
              - name: shell
                image: bash:latest
                command: [bash, -c, "echo ready; sleep infinity"]
        `,
        findings: [
          {
            line: 10,
            column: 14,
            message: /busybox has no tag.*only waits, prints or serves a demo/,
            severity: "info",
          },
          { line: 13, column: 14, message: /bash:latest uses :latest/, severity: "info" },
        ],
      },
    ],
  },
  workload(w, ctx) {
    for (const u of imagesOf(w)) {
      if (u.image.digest) continue;
      if (u.image.tag === undefined || u.image.tag === "latest") {
        const what =
          u.image.tag === undefined
            ? `image ${u.image.raw} has no tag, so it means :latest`
            : `image ${u.image.raw} uses :latest`;
        // A container that only sleeps, prints or serves a demo page computes nothing a result depends on.
        const standIn = isStandIn(u.container);
        ctx.report({
          resource: w.resource,
          path: u.path,
          ...(standIn ? { severity: "info" as const } : {}),
          message: standIn
            ? `${what}; the container only waits, prints or serves a demo, so no result depends on its version, but every start pulls it again (imagePullPolicy Always); pin a version tag`
            : `${what}: pods started at different times can run different images; pin a version tag or a digest`,
        });
      }
    }
  },
});
