import { type ShapeScan, shapeScan } from "../../model/by-shape.js";
import { KNOWN_GROUPS, UNMODELLED_POD_KINDS } from "../../model/kinds.js";
import { formatPath } from "../../model/path.js";
import { podGroupsOf } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/unknown-kind",
  category: "schema",
  severity: "info",
  summary: "mlgate does not recognise this apiVersion, or does not model the pods this kind creates",
  rationale:
    "A kind from an API group mlgate does not model is passed over silently by every rule. Saying so keeps a clean report from being mistaken for a clean bill of health, and catches a misspelt apiVersion group.",
  remediation:
    "Nothing to do if the kind is third-party and outside mlgate's scope; otherwise check the apiVersion spelling. Silence it for a file with `ignore:` in .mlgate.yaml.",
  links: [{ title: "Kubernetes API groups", url: "https://kubernetes.io/docs/reference/using-api/#api-groups" }],
  examples: {
    valid: [
      {
        title: "a core kind",
        yaml: dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
    `,
      },
    ],
    invalid: [
      {
        title: "a kind mlgate does not model, with a pod template inside: checked by shape, said once",
        yaml: dedent`
          apiVersion: sparkoperator.k8s.io/v1beta2
          kind: SparkApplication
          metadata:
            name: pi
          spec:
            driver:
              template:
                spec:
                  containers:
                    - name: spark-kubernetes-driver
                      image: spark:3.5.5
        `,
        findings: [{ line: 1, column: 13, message: /checked by shape: the pod template at spec.driver.template/ }],
      },
      {
        title: "a KaiwoJob's RayJob: modelled as a RayJob, for what it says",
        yaml: dedent`
          apiVersion: kaiwo.silogen.ai/v1alpha1
          kind: KaiwoJob
          metadata:
            name: k
          spec:
            rayJob:
              spec:
                entrypoint: python train.py
        `,
        findings: [{ line: 1, column: 13, message: /spec.rayJob is checked as a ray.io\/v1 RayJob for what it says/ }],
      },
      {
        title: "a workflow engine's kind",
        yaml: dedent`
          apiVersion: argoproj.io/v1alpha1
          kind: Workflow
          metadata:
            name: a
        `,
        findings: [{ line: 1, column: 13, message: /argoproj.io\/v1alpha1 Workflow/ }],
      },
      {
        title: "a kind whose pods are built per run from a template of any kind",
        yaml: dedent`
          apiVersion: kubeflow.org/v1beta1
          kind: Experiment
          metadata:
            name: a
          spec:
            trialTemplate: {}
        `,
        findings: [{ line: 2, column: 7, message: /creates pods that mlgate does not model/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (!r.apiVersion || !r.kind) return; // schema/required-fields reports these
    if (r.embeddedIn) return; // a known kind, embedded: the holder's finding says so
    if (podGroupsOf(r) !== undefined) return; // a workload kind mlgate models (NIMService) in a group it does not
    const scan = shapeScan(r);
    const shape = byShapeWords(scan);
    const why = UNMODELLED_POD_KINDS[`${r.group}/${r.kind}`];
    if (why) {
      ctx.report({
        resource: r,
        path: ["kind"],
        message: `${r.apiVersion} ${r.kind} creates pods that mlgate does not model (${why}); ${shape ?? "the pod rules do not check them"}`,
      });
      return;
    }
    // A CRD given with --crd (or in the set) defines it: the schema rules check it against that.
    if (ctx.set.crds?.kinds.has(`${r.apiVersion}/${r.kind}`)) return;
    if (KNOWN_GROUPS.has(r.group)) {
      if (shape)
        ctx.report({
          resource: r,
          path: ["kind"],
          message: `${r.apiVersion} ${r.kind} is not a kind mlgate models; ${shape}`,
        });
      return;
    }
    ctx.report({
      resource: r,
      path: ["apiVersion"],
      message: `${r.apiVersion} ${r.kind} is not a kind mlgate models; ${shape ?? "no rule checks its contents"}`,
    });
  },
});

/** What was checked inside a kind mlgate does not model, in words; undefined when nothing was. */
function byShapeWords(scan: ShapeScan): string | undefined {
  const parts: string[] = [];
  for (const e of scan.embedded) {
    const as = `${e.resource.apiVersion} ${e.resource.kind}`;
    parts.push(
      e.merged
        ? `${formatPath(e.path)} is checked as a ${as} for what it says (its controller merges its own fields in, so what it lacks and its scheduling are not judged)`
        : `${formatPath(e.path)} is checked as a ${as} by every rule`,
    );
  }
  if (scan.groups.length > 0) {
    const where = scan.groups.map((g) => formatPath(g.templatePath ?? g.podSpecPath ?? [])).join(", ");
    parts.push(
      `checked by shape: the pod ${scan.groups.length === 1 ? "template" : "templates"} at ${where} went through the rules that judge what a pod says (security, secrets, quantities, GPU resource names, NCCL values, images), not those that need its replica count, its scheduling or what its operator adds`,
    );
  }
  return parts.length > 0 ? parts.join("; ") : undefined;
}
