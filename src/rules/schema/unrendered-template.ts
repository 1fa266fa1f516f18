import { defineRule } from "../types.js";

// Reported by the loader (src/load/parse.ts); this module holds the rule's metadata and examples.
export default defineRule({
  id: "schema/unrendered-template",
  category: "schema",
  severity: "error",
  summary: "The document is an unrendered Helm or Go template, or a chart or kustomization could not be rendered",
  rationale:
    "`{{ .Values… }}` is not Kubernetes YAML: either it fails to parse, or it parses into nonsense (`replicas: {{ .Values.replicas }}` is a nested flow mapping). What will be applied is only known after rendering. A directory with Chart.yaml is rendered with `helm template`, one with kustomization.yaml with `kubectl kustomize` (or `kustomize build`), when the tool is on the PATH; when none is, when a chart dependency is not vendored or a kustomization has a remote base (mlgate never fetches), the directory gets one warning and nothing in it is checked; when the renderer fails, the error it printed is reported.",
  remediation:
    "Render the chart and check the output: `helm template RELEASE CHART -f values.yaml | mlgate check -` (or `kubectl kustomize DIR | mlgate check -`); vendor chart dependencies with `helm dependency build` and remote bases into the repository.",
  links: [
    { title: "helm template", url: "https://helm.sh/docs/helm/helm_template/" },
    { title: "kubectl kustomize", url: "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_kustomize/" },
  ],
  examples: {
    valid: [
      {
        title: "template markers inside a string are data",
        yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  summary: "{{ $labels.instance }} is down"\n',
      },
    ],
    invalid: [
      {
        title: "a value taken from .Values",
        yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: {{ .Values.replicas }}\n",
        findings: [{ line: 6, column: 13 }],
      },
      {
        title: "control structures",
        yaml: "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n{{- end }}\n",
        findings: [{ line: 1, column: 1 }],
      },
    ],
  },
});
