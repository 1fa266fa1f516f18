import { formatPath } from "../../model/path.js";
import { placeholdersIn } from "../../model/placeholder.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

// Helm templates are reported by the loader (src/load/parse.ts); placeholders left for envsubst or
// a setup script (model/placeholder.ts) by the resource hook below, once per document.
export default defineRule({
  id: "schema/unrendered-template",
  category: "schema",
  severity: "error",
  summary:
    "The document is an unrendered Helm or Go template, holds placeholders left for a script to fill in, or a chart or kustomization could not be rendered",
  rationale:
    "`{{ .Values… }}` is not Kubernetes YAML: either it fails to parse, or it parses into nonsense (`replicas: {{ .Values.replicas }}` is a nested flow mapping). What will be applied is only known after rendering. A directory with Chart.yaml is rendered with `helm template`, one with kustomization.yaml with `kubectl kustomize` (or `kustomize build`), when the tool is on the PATH; when none is, when a chart dependency is not vendored or a kustomization has a remote base (mlgate never fetches), the directory gets one warning and nothing in it is checked; when the renderer fails, the error it printed is reported. Samples also leave values for envsubst or a setup script (`nvidia.com/gpu: $GPU_PER_NODE`, `replicas: PLACEHOLDER_NUM_NODES`, `HF_TOKEN: <your-token>`): those are reported once per document, as a warning, and the rules that judge quantities, types and credentials pass over them — a placeholder is neither a malformed quantity nor a leaked secret.",
  remediation:
    "Render the chart and check the output: `helm template RELEASE CHART -f values.yaml | mlgate check -` (or `kubectl kustomize DIR | mlgate check -`); vendor chart dependencies with `helm dependency build` and remote bases into the repository.",
  links: [
    { title: "helm template", url: "https://helm.sh/docs/helm/helm_template/" },
    { title: "kubectl kustomize", url: "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_kustomize/" },
  ],
  examples: {
    valid: [
      {
        title: "shell variables in a command are the shell's, and $(VAR) in an env value is Kubernetes' own expansion",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: x:1
                command: [bash, -c, "torchrun --nnodes $NNODES train.py"]
                env:
                  - {name: MASTER, value: "$(POD_IP)"}
                  - {name: VLLM_ATTENTION_BACKEND, value: FLASH_ATTN}
        `,
      },
      {
        title: "template markers inside a string are data",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: alerts
          data:
            summary: "{{ $labels.instance }} is down"
        `,
      },
    ],
    invalid: [
      {
        title:
          "placeholders for envsubst and a setup script: one warning for the document, no quantity or secret errors",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: fsdp
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: $NUM_NODES
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: ghcr.io/acme/fsdp:1.2.0
                        env:
                          - {name: HF_TOKEN, value: "<your-hf-token>"}
                        resources:
                          limits:
                            nvidia.com/gpu: $GPU_PER_NODE
                            vpc.amazonaws.com/efa: PLACEHOLDER_EFA_PER_NODE
        `,
        findings: [
          {
            line: 8,
            column: 17,
            severity: "warning",
            message:
              /4 values are placeholders left to fill in \(\$NUM_NODES at spec.pytorchReplicaSpecs.Worker.replicas, <your-hf-token>/,
          },
        ],
      },
      {
        title: "a value taken from .Values",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: a
          spec:
            replicas: {{ .Values.replicas }}
        `,
        findings: [{ line: 6, column: 13 }],
      },
      {
        title: "control structures",
        yaml: dedent`
          {{- if .Values.enabled }}
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
          {{- end }}
        `,
        findings: [{ line: 1, column: 1 }],
      },
    ],
  },
  resource(r, ctx) {
    const found = placeholdersIn(r.value);
    const first = found[0];
    if (!first) return;
    const shown = found
      .slice(0, 3)
      .map((p) => `${p.text} at ${formatPath(p.path)}`)
      .join(", ");
    const more = found.length > 3 ? `, and ${found.length - 3} more` : "";
    ctx.report({
      resource: r,
      path: first.path,
      severity: "warning",
      message: `${found.length === 1 ? "1 value is a placeholder" : `${found.length} values are placeholders`} left to fill in (${shown}${more}): this document is a template for envsubst or a setup script, and what will be applied is only known once they are filled; render it first, then check the result (mlgate's value rules pass over placeholders)`,
    });
  },
});
