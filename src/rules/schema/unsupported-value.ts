import { isTemplateVariable } from "../../model/placeholder.js";
import { checkShape } from "../../model/shape.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/unsupported-value",
  category: "schema",
  severity: "error",
  summary: "A value outside the set the API server accepts for the field: imagePullPolicy: Sometimes, protocol: tcp",
  rationale:
    'Many string fields of the built-in kinds take one of a fixed set of words — imagePullPolicy, restartPolicy, dnsPolicy, a port\'s protocol, a toleration\'s operator and effect, a Service\'s type, a Deployment\'s strategy, a CronJob\'s concurrencyPolicy. The API server rejects anything else (`Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`), and the words are case-sensitive, so `tcp` and `always` fail as well. The published OpenAPI documents do not list these sets; they come from the validation code (src/catalog/enums.ts cites each), and apply to the pods the ML operators create too.',
  remediation: "Use one of the values the message lists, spelt exactly.",
  links: [
    {
      title: "Kubernetes core validation (supported values of pod, container and Service fields)",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    {
      title: "Images: image pull policy",
      url: "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
    },
  ],
  examples: {
    valid: [
      {
        title: "values an envsubst template fills in, with their defaults",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: epp
          spec:
            type: \${SERVICE_TYPE:-ClusterIP}
            selector: {app: epp}
            ports:
              - protocol: \${SERVICE_PROTOCOL:-TCP}
                port: 9002
        `,
      },
      {
        title: "values from each field's set, in a Deployment and in a PyTorchJob's pods",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: d
          spec:
            selector: {matchLabels: {app: d}}
            strategy: {type: Recreate}
            template:
              metadata: {labels: {app: d}}
              spec:
                dnsPolicy: ClusterFirst
                tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                containers:
                  - name: m
                    image: m:1
                    imagePullPolicy: IfNotPresent
                    ports: [{containerPort: 8000, protocol: TCP}]
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers: [{name: pytorch, image: t:1, imagePullPolicy: Always}]
        `,
      },
    ],
    invalid: [
      {
        title: "imagePullPolicy Sometimes, a lowercase protocol, and a toleration operator spelt wrong",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            tolerations: [{key: nvidia.com/gpu, operator: Exist}]
            containers:
              - name: m
                image: m:1
                imagePullPolicy: Sometimes
                ports: [{containerPort: 8000, protocol: tcp}]
        `,
        findings: [
          { line: 6, column: 49, message: /operator "Exist" is not supported.*did you mean "Exists"/ },
          {
            line: 10,
            column: 24,
            message:
              /imagePullPolicy "Sometimes" is not supported: supported values are "Always", "IfNotPresent", "Never"/,
          },
          { line: 11, column: 47, message: /protocol "tcp".*did you mean "TCP"/ },
        ],
      },
      {
        title: "a PyTorchJob worker whose pods would be refused",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: t:1
                        imagePullPolicy: IfNotPresnt
        `,
        findings: [{ line: 14, column: 32, message: /"IfNotPresnt".*did you mean "IfNotPresent"/ }],
      },
    ],
  },
  resource(r, ctx) {
    for (const u of checkShape(r, ctx.options.kubeVersion, ctx.set.crds).unsupported) {
      // `${SERVICE_TYPE:-ClusterIP}`: a value a script fills in, not a wrong one (model/placeholder.ts).
      if (isTemplateVariable(u.value)) continue;
      const field = u.path.filter((s) => typeof s === "string").at(-1) ?? "value";
      const close = didYouMean(u.value, u.allowed);
      ctx.report({
        resource: r,
        path: u.path,
        message: `${field} "${u.value}" is not supported: supported values are ${u.allowed.map((v) => `"${v}"`).join(", ")}${close ? `; did you mean "${close}"?` : ""}`,
      });
    }
  },
});
