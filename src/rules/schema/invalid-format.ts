import { base64Problem, INT32_MAX, INT32_MIN, type ValueFormat } from "../../model/formats.js";
import { formatPath } from "../../model/path.js";
import { isPlaceholderValue } from "../../model/placeholder.js";
import type { Resource } from "../../model/resource.js";
import { type BadFormat, checkShape } from "../../model/shape.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const RANGE: Partial<Record<ValueFormat, string>> = {
  int32: `${INT32_MIN} to ${INT32_MAX}`,
  int64: "-9223372036854775808 to 9223372036854775807",
};

function message(r: Resource, b: BadFormat): string {
  const where = formatPath(b.path) || r.kind;
  switch (b.format) {
    case "int32":
    case "int64":
      return `${where} is ${b.value}, which does not fit an ${b.format} (${RANGE[b.format]}): the API server cannot decode the ${r.kind}`;
    case "byte": {
      // The value is not repeated: Secret data is meant to be secret.
      const why = base64Problem(String(b.value)) ?? "it is not base64";
      const secretData = r.group === "" && r.kind === "Secret" && b.path[0] === "data";
      return `${where} is not base64 (${why}): the API server decodes this field as bytes and refuses the ${r.kind}${secretData ? "; put plain text under stringData, or base64-encode it" : ""}`;
    }
    case "quantity": // schema/invalid-quantity's (the hook below leaves them)
      return `${where} ${JSON.stringify(b.value)} is not a Kubernetes quantity`;
    case "date-time":
      return `${where} "${String(b.value).slice(0, 40)}" is not an RFC 3339 time such as 2026-01-02T15:04:05Z: the API server cannot decode the ${r.kind}`;
  }
}

export default defineRule({
  id: "schema/invalid-format",
  category: "schema",
  severity: "error",
  summary:
    "A value its field's format refuses: an integer too large for an int32, Secret data that is not base64, a time that is not RFC 3339",
  rationale:
    "The API server decodes a built-in object into Go structures before it validates anything, and a value the field's Go type cannot hold fails the whole request. An integer is stored only if it fits the field (`cannot unmarshal number 3000000000 into Go struct field … of type int32`); a `[]byte` field — a Secret's `data`, a ConfigMap's `binaryData`, a webhook's `caBundle` — is decoded from padded standard base64 (`illegal base64 data at input byte 7`), so a token pasted into `data` in plain text is refused; a timestamp (`metav1.Time`) is read with Go's RFC 3339 parser. Which fields have which format comes from the release's OpenAPI document (`format` int32, int64, byte, date-time); only these are checked, because they are the ones the decoding enforces. Malformed quantities, which the same decoding refuses, are schema/invalid-quantity's.",
  remediation:
    "Write the value the field can hold: a smaller integer, base64 (`base64 -w0`) or `stringData` for plain text in a Secret, a time such as 2026-01-02T15:04:05Z.",
  links: [
    {
      title: "Secrets: data is base64, stringData is plain text",
      url: "https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data",
    },
    {
      title: "Go encoding/json: integers that overflow the field, []byte as base64",
      url: "https://github.com/golang/go/blob/master/src/encoding/json/decode.go",
    },
    {
      title: "apimachinery metav1.Time: UnmarshalJSON reads time.RFC3339",
      url: "https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time.go",
    },
  ],
  examples: {
    valid: [
      {
        title:
          "base64 Secret data (wrapped lines too), plain text under stringData, an RFC 3339 time, int32 values in range",
        yaml: dedent`
          apiVersion: v1
          kind: Secret
          metadata:
            name: hf
            creationTimestamp: "2026-01-02T15:04:05Z"
          data:
            HF_TOKEN: aGZfZXhhbXBsZQ==
            ca.crt: |
              LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
              Cg==
          stringData:
            note: plain text is fine here
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: train
            creationTimestamp: null
          spec:
            backoffLimit: 2147483647
            activeDeadlineSeconds: 8640000000
            template:
              spec:
                restartPolicy: Never
                containers: [{name: t, image: t:1}]
        `,
      },
    ],
    invalid: [
      {
        title: "a token in plain text under a Secret's data, and a replica count beyond an int32",
        yaml: dedent`
          apiVersion: v1
          kind: Secret
          metadata:
            name: hf
          data:
            HF_TOKEN: hf_AbCdEfGhIjKlMnOpQrStUv
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: vllm
          spec:
            replicas: 3000000000
            selector: {matchLabels: {app: vllm}}
            template:
              metadata: {labels: {app: vllm}}
              spec:
                containers: [{name: vllm, image: vllm/vllm-openai:v0.11.0}]
        `,
        findings: [
          {
            line: 6,
            column: 13,
            message: /data.HF_TOKEN is not base64 \(it holds "_", .*\).*put plain text under stringData/,
          },
          { line: 13, column: 13, message: /spec.replicas is 3000000000, which does not fit an int32/ },
        ],
      },
      {
        title: "a date where a timestamp is expected",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: run
            creationTimestamp: 2026-01-02
          data:
            epochs: "3"
        `,
        findings: [{ line: 5, column: 22, message: /metadata.creationTimestamp "2026-01-02" is not an RFC 3339 time/ }],
      },
    ],
  },
  resource(r, ctx) {
    for (const b of checkShape(r, ctx.options.kubeVersion, ctx.set.crds).badFormat) {
      const key = b.path[b.path.length - 1];
      // Quantities are schema/invalid-quantity's, which reads the same walk.
      if (b.format === "quantity" || isPlaceholderValue(b.value, typeof key === "string" ? key : undefined, true))
        continue;
      ctx.report({ resource: r, path: b.path, message: message(r, b) });
    }
  },
});
