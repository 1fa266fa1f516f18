import type { ImageRef } from "../../model/image.js";
import { dedent } from "../../util/dedent.js";
import { imagesOf } from "../reproducibility/_image.js";
import { defineRule } from "../types.js";

/**
 * Whether an image comes from an allowed registry. An entry is a registry host (`nvcr.io`), or a
 * host and a path prefix (`ghcr.io/my-org`); `docker.io` and `docker.io/library` name Docker Hub.
 */
export function registryAllowed(image: ImageRef, allowed: readonly string[]): boolean {
  const full = `${image.registry}/${image.repository}`;
  return allowed.some((entry) => {
    const e = entry
      .replace(/^https?:\/\//, "")
      .replace(/\/+$/, "")
      .replace(/^index\.docker\.io(?=\/|$)/, "docker.io");
    return full === e || full.startsWith(`${e}/`) || image.registry === e;
  });
}

export default defineRule({
  id: "security/image-registry",
  category: "security",
  severity: "error",
  podContent: true,
  summary: "An image comes from a registry outside the allow list (allowedRegistries in .mlgate.yaml)",
  rationale:
    "Where images come from is a supply-chain decision: an image pulled from an arbitrary public repository runs with the pod's service account, its mounted Secrets and, in ML, the GPUs, the datasets and the model weights. When .mlgate.yaml lists allowedRegistries, every image must come from one of them (a registry host such as nvcr.io, or a host and path prefix such as ghcr.io/my-org). Without the setting the rule does nothing.",
  remediation:
    "Mirror the image into an allowed registry and reference it there, or add the registry to allowedRegistries after review.",
  links: [{ title: "Kubernetes: container images", url: "https://kubernetes.io/docs/concepts/containers/images/" }],
  messages: {
    outside: "image {{image}} comes from {{repository}}, which is not in allowedRegistries ({{allowed}})",
  },
  options: {
    type: "object",
    properties: {
      registries: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Registries images may come from: a host (`nvcr.io`) or a host and path prefix (`ghcr.io/my-org`); empty, the rule does nothing. The top-level `allowedRegistries:` sets it as well.",
      },
    },
    additionalProperties: false,
  },
  examples: {
    valid: [
      {
        title: "images from the allowed registries",
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
                image: ghcr.io/my-org/trainer:1.2.0
        `,
        ruleOptions: { registries: ["nvcr.io", "ghcr.io/my-org"] },
      },
      {
        title: "no allow list configured",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: someone/miner:1.0
        `,
      },
    ],
    invalid: [
      {
        title: "a Docker Hub image and another organisation on ghcr.io",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: a
                image: vllm/vllm-openai:v0.6.4
              - name: b
                image: ghcr.io/other/trainer:1.0
        `,
        ruleOptions: { registries: ["nvcr.io", "ghcr.io/my-org"] },
        findings: [
          {
            line: 8,
            column: 14,
            messageId: "outside",
            message: /docker.io\/vllm\/vllm-openai.*not in allowedRegistries \(nvcr.io, ghcr.io\/my-org\)/,
          },
          { line: 10, column: 14, message: /ghcr.io\/other\/trainer/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const allowed = ctx.ruleOptions.registries as readonly string[];
    if (allowed.length === 0) return;
    for (const u of imagesOf(w)) {
      if (registryAllowed(u.image, allowed)) continue;
      ctx.report({
        resource: w.resource,
        path: u.path,
        messageId: "outside",
        data: {
          image: u.image.raw,
          repository: `${u.image.registry}/${u.image.repository}`,
          allowed: allowed.join(", "),
        },
      });
    }
  },
});
