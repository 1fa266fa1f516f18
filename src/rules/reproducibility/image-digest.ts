import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { imagesOf } from "./_image.js";

export default defineRule({
  id: "reproducibility/image-digest",
  category: "reproducibility",
  severity: "info",
  podContent: true,
  summary: "An image is pinned by tag but not by digest",
  rationale:
    "A tag is a movable name: a registry owner (or an attacker with push access) can point 2.5.1 at a different image, and the next pod that pulls it runs something no one reviewed. Only a digest (@sha256:…) names exactly one image, which is what a reproducible training run and a supply-chain policy need. Images without a tag or with :latest are reported by reproducibility/image-tag instead.",
  remediation:
    "Append the digest: image: repo:tag@sha256:… (crane digest repo:tag or docker buildx imagetools inspect shows it).",
  links: [
    {
      title: "Kubernetes: container images, image names and digests",
      url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    },
  ],
  examples: {
    valid: [
      {
        title: "a tag and a digest",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36@sha256:db16cd196b8a37ba5f08414e6f6e71003d76665a5eac160cb75ad3759d8b3e29
        `,
      },
    ],
    invalid: [
      {
        title: "a tag only",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: nvcr.io/nvidia/pytorch:24.10-py3
        `,
        findings: [{ line: 8, column: 14, severity: "info", message: /not pinned by digest/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const u of imagesOf(w)) {
      if (u.image.digest || u.image.tag === undefined || u.image.tag === "latest") continue;
      ctx.report({
        resource: w.resource,
        path: u.path,
        message: `image ${u.image.raw} is not pinned by digest: the tag can be moved to another image; append @sha256:…`,
      });
    }
  },
});
