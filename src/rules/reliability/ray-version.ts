import type { Path } from "../../model/path.js";
import { asString, getIn } from "../../model/resource.js";
import type { PodGroup } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/**
 * The Ray version (and Python, when the tag says) an official Ray image's tag names:
 * `rayproject/ray:2.41.0-py310-gpu` → { ray: "2.41.0", python: "3.10" }.
 */
export function rayImageVersion(image: string): { ray: string; python: string | undefined } | undefined {
  const at = image.indexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(":");
  if (colon < 0 || ref.indexOf("/", colon) >= 0) return undefined;
  const repo = ref.slice(0, colon);
  if (!/(?:^|\/)(?:rayproject|anyscale)\/ray(?:-ml|-llm)?$/.test(repo)) return undefined;
  const tag = ref.slice(colon + 1);
  const ray = /^(\d+\.\d+\.\d+)(?:[-.]|$)/.exec(tag)?.[1];
  if (!ray) return undefined;
  const py = /-py3(\d+)(?:-|$)/.exec(tag)?.[1];
  return { ray, python: py ? `3.${py}` : undefined };
}

interface RayImage {
  version: string;
  python: string | undefined;
  image: string;
  path: Path;
  group: PodGroup;
}

/** The Ray container is the pod's first container (KubeRay's BuildPod). */
function rayImage(g: PodGroup): RayImage | undefined {
  const c = g.containers.find((x) => x.role === "container");
  const image = asString(c?.value.image);
  const v = image ? rayImageVersion(image) : undefined;
  return c && image && v
    ? { version: v.ray, python: v.python, image, path: [...c.path, "image"], group: g }
    : undefined;
}

export default defineRule({
  id: "reliability/ray-version",
  category: "reliability",
  severity: "error",
  summary: "A Ray cluster's head image, worker images and rayVersion name different Ray versions",
  rationale:
    "Every node of a Ray cluster must run the same Ray and Python versions: a worker whose versions differ from the head's stops at `ray start` with `Version mismatch: The cluster was started with …` (ray python/ray/_private/utils.py, check_version_info), so the worker group never joins and its GPUs sit idle. `rayVersion` is what KubeRay believes the images run, and it picks behaviour from it — for example the readiness and liveness probes it injects (an HTTP probe on /api/healthz from Ray 2.53, an exec probe before; ray-operator/controllers/ray/common/pod.go): a rayVersion ahead of the image gives probes the image cannot answer, and pods that never become ready. Versions are read from the tags of the official images (rayproject/ray, ray-ml, ray-llm; anyscale/ray); custom images are not judged.",
  remediation: "Use one Ray version in every image of the cluster and set rayVersion to it.",
  links: [
    {
      title: "KubeRay: RayCluster configuration (rayVersion, images)",
      url: "https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/config.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "one version everywhere",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            rayVersion: '2.41.0'
            headGroupSpec:
              template: {spec: {containers: [{name: head, image: 'rayproject/ray:2.41.0-py310'}]}}
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                template: {spec: {containers: [{name: w, image: 'rayproject/ray:2.41.0-py310-gpu'}]}}
        `,
      },
    ],
    invalid: [
      {
        title: "a worker image of another Ray version, and a rayVersion that matches neither",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: r
          spec:
            rayVersion: '2.53.0'
            headGroupSpec:
              template: {spec: {containers: [{name: head, image: 'rayproject/ray:2.41.0-py310'}]}}
            workerGroupSpecs:
              - groupName: gpu
                replicas: 2
                template: {spec: {containers: [{name: w, image: 'rayproject/ray:2.40.0-py310-gpu'}]}}
        `,
        findings: [
          {
            line: 6,
            column: 15,
            severity: "warning",
            message: /rayVersion 2\.53\.0 but the head image runs Ray 2\.41\.0/,
          },
          { line: 12, column: 55, message: /worker group gpu runs Ray 2\.40\.0 but the head runs 2\.41\.0/ },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.group !== "ray.io") return;
    const head = w.podGroups.find((g) => g.role === "head");
    if (!head?.templatePath) return;
    const specPath = head.templatePath.slice(0, -2); // …/headGroupSpec/template → the cluster spec
    const headImage = rayImage(head);
    const declaredPath = [...specPath, "rayVersion"];
    const declared = asString(getIn(r.value, declaredPath));
    if (headImage && declared && /^\d+\.\d+\.\d+$/.test(declared) && declared !== headImage.version) {
      ctx.report({
        resource: r,
        path: declaredPath,
        severity: "warning",
        message: `rayVersion ${declared} but the head image runs Ray ${headImage.version} (${headImage.image}): KubeRay chooses what it injects (probes among them) from rayVersion, for a Ray the pods do not run`,
      });
    }
    if (!headImage) return;
    for (const g of w.podGroups) {
      if (g === head || g.role === "submitter") continue;
      const img = rayImage(g);
      if (!img) continue;
      const python = img.python && headImage.python && img.python !== headImage.python;
      if (img.version === headImage.version && !python) continue;
      ctx.report({
        resource: r,
        path: img.path,
        message:
          img.version !== headImage.version
            ? `worker group ${g.role} runs Ray ${img.version} but the head runs ${headImage.version}: Ray refuses a node of another version ("Version mismatch"), so these workers never join the cluster`
            : `worker group ${g.role} runs Python ${img.python} but the head runs ${headImage.python}: Ray refuses a node whose Python differs ("Version mismatch"), so these workers never join the cluster`,
      });
    }
  },
});
