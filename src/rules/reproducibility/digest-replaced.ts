import { parseImage } from "../../model/image.js";
import { asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { containerPairs, workloadPairs } from "../change.js";
import { defineRule } from "../types.js";

const DIGEST = "sha256:4b4a8b5ec9b4c1a1bd6f8b2a3f0e2b8e7c3c1c5a0e2d9b1a4c6f8e0d2b4a6c8e";
const SERVER = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: triton
  spec:
    selector:
      matchLabels: {app: triton}
    template:
      metadata:
        labels: {app: triton}
      spec:
        containers:
          - name: server
            image: nvcr.io/nvidia/tritonserver:24.08-py3@${DIGEST}
`;

export default defineRule({
  id: "reproducibility/digest-replaced",
  category: "reproducibility",
  severity: "warning",
  summary: "A change replaces an image pinned by digest with one named only by tag",
  rationale:
    "A digest names exactly one image; a tag is a pointer the registry lets anyone with push rights move. The base pinned this container to a digest — someone decided that what runs must be what was tested — and the change goes back to a tag, so the next pull may run different code (a rebuilt CUDA base, another driver library) with no change in the repository. Trivy and Kyverno's image-verification policies ask for digests for the same reason.",
  remediation:
    "Keep the digest and update it to the new image's (`crane digest IMAGE:TAG`, or `docker buildx imagetools inspect`); write the tag beside it for readers (`image:tag@sha256:…`).",
  links: [
    {
      title: "Kubernetes: Images (image names, digests)",
      url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    },
    {
      title: "Pull an image by digest (Docker docs)",
      url: "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier",
    },
  ],
  examples: {
    valid: [
      {
        title: "a new tag with its digest",
        base: SERVER,
        yaml: SERVER.replace(`24.08-py3@${DIGEST}`, `24.09-py3@sha256:${"1".repeat(64)}`),
      },
    ],
    invalid: [
      {
        title: "the digest is dropped for a tag",
        base: SERVER,
        yaml: SERVER.replace(`24.08-py3@${DIGEST}`, "24.09-py3"),
        findings: [
          { line: 14, column: 18, message: /"nvcr\.io\/nvidia\/tritonserver:24\.09-py3" replaces the digest-pinned/ },
        ],
      },
    ],
  },
  change(c, ctx) {
    for (const p of workloadPairs(c)) {
      for (const { base, head } of containerPairs(p)) {
        const b = asString(base.value.image);
        const h = asString(head.value.image);
        if (!b || !h) continue;
        const bi = parseImage(b);
        const hi = parseImage(h);
        if (!bi?.digest || !hi || hi.digest) continue;
        ctx.report({
          resource: p.head.resource,
          path: [...head.path, "image"],
          message: `"${h}" replaces the digest-pinned "${b.length > 90 ? `${b.slice(0, 87)}…` : b}": the tag can point at another image tomorrow`,
        });
      }
    }
  },
});
