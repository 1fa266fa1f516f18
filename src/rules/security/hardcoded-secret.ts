import {
  isPlaceholder,
  matchSecret,
  NOT_SECRET_NAME,
  SECRET_NAME,
  SECRET_VARIABLES,
} from "../../catalog/secret-patterns.js";
import type { Path } from "../../model/path.js";
import type { Resource } from "../../model/resource.js";
import { asArray, asObject, asString } from "../../model/resource.js";
import { defineRule, type RuleContext } from "../types.js";

/** What a literal env value holds, if it looks like a credential; never the value itself. */
export function secretKind(name: string, value: string): string | undefined {
  const pattern = matchSecret(value);
  if (pattern) return pattern.what;
  if (isPlaceholder(value)) return undefined;
  if (SECRET_VARIABLES.has(name)) return "a credential";
  if (SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name)) {
    // A value with spaces is a sentence or a command, not a password; a value of one repeated
    // character is a mask.
    if (/\s/.test(value.trim()) || /^(.)\1*$/.test(value)) return undefined;
    return "a credential";
  }
  return undefined;
}

function reportSecret(ctx: RuleContext, resource: Resource, path: Path, where: string, what: string) {
  ctx.report({
    resource,
    path,
    secret: true,
    message: `${where} holds ${what} in plain text (value masked): anyone who can read the manifest, the repository or the pod spec has it; store it in a Secret and reference it with valueFrom.secretKeyRef, then rotate it`,
  });
}

export default defineRule({
  id: "security/hardcoded-secret",
  category: "security",
  severity: "error",
  summary: "A credential is written into the manifest: a token, API key, password or private key as a literal value",
  rationale:
    "A literal env value is stored in the repository, in every rendered copy of the manifest, in the API server's etcd unencrypted as part of the pod spec, and is readable by everyone who can get the workload. ML manifests leak Hugging Face tokens (hf_…), Weights & Biases keys (WANDB_API_KEY), OpenAI-style keys (sk-…), AWS access keys (AKIA…) and GitHub tokens this way. mlgate points at the value and never prints it: messages say what kind of credential it is, and the text output masks it in code frames.",
  remediation:
    "Create a Secret (from your secret manager, External Secrets or Sealed Secrets, not a committed file) and reference it: env: [{name: HF_TOKEN, valueFrom: {secretKeyRef: {name: hf, key: token}}}]. Treat the leaked credential as compromised and rotate it.",
  links: [
    {
      title: "Kubernetes: Secrets as environment variables",
      url: "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
    },
    {
      title: "Kubernetes: good practices for Secrets",
      url: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    },
  ],
  examples: {
    valid: [
      {
        title: "tokens from a Secret; names that mention tokens but hold none",
        yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: vllm/vllm-openai:v0.6.4\n      env:\n        - name: HF_TOKEN\n          valueFrom: {secretKeyRef: {name: hf, key: token}}\n        - name: MAX_NUM_BATCHED_TOKENS\n          value: "8192"\n        - name: TOKENIZER_PATH\n          value: /models/tokenizer\n        - name: DB_PASSWORD_FILE\n          value: /var/run/secrets/db/password\n',
      },
    ],
    invalid: [
      {
        title: "a Hugging Face token, a W&B key and a password",
        yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: vllm/vllm-openai:v0.6.4\n      env:\n        - name: HF_TOKEN\n          value: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n        - name: WANDB_API_KEY\n          value: 0123456789abcdef0123456789abcdef01234567\n        - name: POSTGRES_PASSWORD\n          value: s3cr3t-Passw0rd\n",
        findings: [
          { line: 11, column: 18, message: /env HF_TOKEN .*holds a Hugging Face token .*secretKeyRef/ },
          { line: 13, column: 18, message: /WANDB_API_KEY .*holds a credential/ },
          { line: 15, column: 18, message: /POSTGRES_PASSWORD .*holds a credential/ },
        ],
      },
      {
        title: "an AWS key in a ConfigMap and an OpenAI key on the command line",
        yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  aws: AKIAIOSFODNN7EXAMPLE\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: eval\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: python:3.12\n          args: ["--api-key", "sk-proj-abcdefghijklmnopqrstuvwxyz012345"]\n',
        findings: [
          { line: 6, column: 8, message: /ConfigMap key aws holds an AWS access key id/ },
          { line: 19, column: 31, message: /args\[1\] .*holds an OpenAI-style API key/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "" || r.kind !== "ConfigMap") return;
    const data = asObject(r.value.data);
    if (!data) return;
    for (const [k, v] of Object.entries(data)) {
      const s = asString(v);
      if (s === undefined) continue;
      const p = matchSecret(s);
      if (p) reportSecret(ctx, r, ["data", k], `ConfigMap key ${k}`, p.what);
    }
  },
  workload(w, ctx) {
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const label = c.name ? `container "${c.name}"` : "a container";
        asArray(c.value.env).forEach((e, i) => {
          const env = asObject(e);
          const name = asString(env?.name);
          const value = asString(env?.value);
          if (!env || !name || value === undefined) return;
          const what = secretKind(name, value);
          if (what) reportSecret(ctx, w.resource, [...c.path, "env", i, "value"], `env ${name} of ${label}`, what);
        });
        for (const field of ["command", "args"] as const) {
          const list = c.value[field];
          if (!Array.isArray(list)) continue;
          list.forEach((a, i) => {
            if (typeof a !== "string") return;
            const p = matchSecret(a);
            if (p) reportSecret(ctx, w.resource, [...c.path, field, i], `${field}[${i}] of ${label}`, p.what);
          });
        }
      }
    }
  },
});
