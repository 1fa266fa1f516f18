// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} and ${{ }} here are the placeholder syntaxes being described, not JS templates
import {
  isNotCredential,
  matchSecret,
  NOT_SECRET_NAME,
  SECRET_NAME,
  SECRET_VARIABLES,
} from "../../catalog/secret-patterns.js";
import { parseStream } from "../../load/parse.js";
import type { SourceFile } from "../../load/types.js";
import { formatPath, type Path } from "../../model/path.js";
import { isPlaceholder, isPlaceholderValue } from "../../model/placeholder.js";
import type { Resource } from "../../model/resource.js";
import { asObject, asString, isObject, resourcesOf } from "../../model/resource.js";
import type { Workflow } from "../../model/workflow.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, type RuleContext } from "../types.js";

/** What a credential-format match holds, unless the match is a placeholder (`hf_XXXX…`, `nvapi-****`). */
function formatKind(value: string): string | undefined {
  const m = matchSecret(value);
  return m && !isPlaceholder(m.text) ? m.pattern.what : undefined;
}

/** What a literal value under `name` holds, if it looks like a credential; never the value itself. */
export function secretKind(name: string, value: string): string | undefined {
  // A token prefix with a stand-in after it (`nvapi-NVKEY`, `hf_XXXX`) is a placeholder, however
  // much its prefix looks like a real key's (schema/unrendered-template reports it).
  if (isPlaceholderValue(value, name)) return undefined;
  const what = formatKind(value);
  if (what) return what;
  if (isPlaceholder(value, name) || isNotCredential(value)) return undefined;
  if (SECRET_VARIABLES.has(name)) return "a credential";
  if (SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name)) {
    // A value with spaces is a sentence or a command, not a password; a value of one repeated
    // character is a mask.
    if (/\s/.test(value.trim()) || /^(.)\1*$/.test(value)) return undefined;
    return "a credential";
  }
  return undefined;
}

/** `hfToken`, `api-key`, `aws_secret_access_key` → `HF_TOKEN`, `API_KEY`, `AWS_SECRET_ACCESS_KEY`. */
function envName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-.\s]/g, "_")
    .toUpperCase();
}

/**
 * A key of free-form configuration (ConfigMap data, Helm values, an action's `with:`) whose name
 * says it holds the credential itself: it ends in PASSWORD, TOKEN, API_KEY, SECRET_ACCESS_KEY …,
 * and is not the name of a Secret holding one (`existingSecret`, `tokenSecretName`).
 */
function credentialKey(key: string): string | undefined {
  const n = envName(key);
  if (SECRET_VARIABLES.has(n)) return n;
  if (!/(?:^|_)(?:PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|SECRET_ACCESS_KEY|SECRET_KEY|PRIVATE_KEY)$/.test(n))
    return undefined;
  if (/^(?:EXISTING|SECRET|USE|ENABLE|CREATE)_|_SECRET_(?:NAME|REF|KEY)$|(?:^|_)(?:MAX|MIN|NUM)_/.test(n))
    return undefined;
  return n;
}

type Sink = (path: Path, where: string, what: string) => void;

const NEVER_SCANNED = new Set(["managedFields"]);
/** kubectl's copy of the whole object: its secrets are reported where they are written. */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * Every string of a Kubernetes object: credential formats anywhere (annotations, unknown kinds,
 * CRD fields), and by name where names carry meaning: container `env` lists, ConfigMap data and
 * Secret string data (env-style keys, and `NAME=value` lines of env files), Secret data decoded.
 */
function scanResource(r: Resource, sink: Sink): void {
  const kind = `${r.group}/${r.kind}`;
  const walk = (v: unknown, path: Path, parent: Record<string, unknown> | undefined): void => {
    if (typeof v === "string") {
      const what = formatKind(v);
      if (what) sink(path, describe(r, path), what);
      return;
    }
    if (Array.isArray(v)) {
      const key = path.at(-1);
      const owner = parent && typeof parent.name === "string" ? `container "${parent.name}"` : undefined;
      v.forEach((item, i) => {
        const o = asObject(item);
        const name = asString(o?.name);
        const value = asString(o?.value);
        if (key === "env" && name && value !== undefined) {
          const what = secretKind(name, value);
          if (what) sink([...path, i, "value"], `env ${name}${owner ? ` of ${owner}` : ""}`, what);
          return;
        }
        if ((key === "command" || key === "args") && typeof item === "string") {
          const what = formatKind(item);
          if (what) sink([...path, i], `${key}[${i}]${owner ? ` of ${owner}` : ""}`, what);
          return;
        }
        walk(item, [...path, i], undefined);
      });
      return;
    }
    if (!isObject(v)) return;
    for (const [k, child] of Object.entries(v)) {
      if (NEVER_SCANNED.has(k)) continue;
      const p = [...path, k];
      if (path.length === 2 && path[0] === "metadata" && path[1] === "annotations" && k === LAST_APPLIED) continue;
      if (path.length === 1 && typeof child === "string" && kind === "/ConfigMap" && path[0] === "data") {
        scanConfigText(k, child, p, `ConfigMap key ${k}`, sink);
        continue;
      }
      if (
        path.length === 1 &&
        typeof child === "string" &&
        kind === "/Secret" &&
        (path[0] === "stringData" || path[0] === "data")
      ) {
        // A Secret is where credentials belong: only a credential format is reported, as a
        // warning (committing the manifest is the leak), never a value for its key's name.
        const text = path[0] === "data" ? decodeBase64(child) : child;
        const what = text === undefined ? undefined : formatKind(text);
        if (what) sink(p, `Secret key ${k}`, what);
        continue;
      }
      walk(child, p, v);
    }
  };
  walk(r.value, [], undefined);
}

/** A configuration value: a credential format, a credential under an env-style key, or `NAME=value` lines. */
function scanConfigText(key: string, text: string, path: Path, where: string, sink: Sink): void {
  const what = formatKind(text);
  if (what) {
    sink(path, where, what);
    return;
  }
  const name = credentialKey(key);
  if (name && !text.includes("\n")) {
    const w = secretKind(name, text);
    if (w) {
      sink(path, where, w);
      return;
    }
  }
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*["']?([^"'\s#]*)["']?\s*$/.exec(line);
    if (!m) continue;
    const lineName = credentialKey(m[1] as string);
    const w = lineName ? secretKind(lineName, m[2] as string) : undefined;
    if (w) {
      sink(path, `${m[1]}= in ${where}`, w);
      return;
    }
  }
}

function decodeBase64(s: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(s)) return undefined;
  const text = Buffer.from(s.replace(/\s/g, ""), "base64").toString("utf8");
  // binary data decodes to replacement characters
  return text.includes("\uFFFD") ? undefined : text;
}

function describe(r: Resource, path: Path): string {
  if (path[0] === "metadata" && path[1] === "annotations" && path.length === 3) return `annotation ${String(path[2])}`;
  if (path[0] === "metadata" && path[1] === "labels" && path.length === 3) return `label ${String(path[2])}`;
  return r.kind ? `${r.kind} field ${formatPath(path)}` : formatPath(path);
}

/**
 * A GitHub Actions workflow or action: credential formats in every string, and literal values of
 * `env:` variables and `with:` inputs whose name says they hold a credential.
 */
function scanWorkflow(w: Workflow, sink: Sink): void {
  const walk = (v: unknown, path: Path): void => {
    if (typeof v === "string") {
      const what = formatKind(v);
      if (what) sink(path, formatPath(path), what);
      return;
    }
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...path, i]);
      return;
    }
    if (!isObject(v)) return;
    const key = path.at(-1);
    for (const [k, child] of Object.entries(v)) {
      const p = [...path, k];
      if ((key === "env" || key === "with") && typeof child === "string") {
        const name = key === "env" ? k : credentialKey(k);
        const what = name ? secretKind(name, child) : formatKind(child);
        if (what) sink(p, key === "env" ? `env ${k}` : `input ${k}`, what);
        continue;
      }
      walk(child, p);
    }
  };
  walk(w.value, []);
}

/**
 * YAML files no loader claimed (Helm values, env-style configuration): credential formats in every
 * string and credentials under keys that say they hold one.
 */
function scanPlainYaml(file: SourceFile, report: (r: Resource, path: Path, where: string, what: string) => void) {
  for (const doc of parseStream(file).documents) {
    for (const r of resourcesOf(doc)) {
      const walk = (v: unknown, path: Path): void => {
        if (typeof v === "string") {
          const key = path.at(-1);
          const name = typeof key === "string" ? credentialKey(key) : undefined;
          const what = name ? secretKind(name, v) : formatKind(v);
          if (what) report(r, path, formatPath(path), what);
          return;
        }
        if (Array.isArray(v)) {
          for (const [i, x] of v.entries()) walk(x, [...path, i]);
          return;
        }
        if (isObject(v)) for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
      };
      walk(r.value, []);
    }
  }
}

function reportSecret(ctx: RuleContext, resource: Resource, path: Path, where: string, what: string) {
  const secretManifest = resource.group === "" && resource.kind === "Secret";
  ctx.report({
    resource,
    path,
    secret: true,
    ...(secretManifest ? { severity: "warning" as const } : {}),
    message: secretManifest
      ? `${where} holds ${what} in plain text in a committed Secret manifest (value masked; base64 is an encoding, not encryption): anyone who can read the repository has it; create the Secret from a secret manager (External Secrets, Sealed Secrets, SOPS) instead, then rotate it`
      : `${where} holds ${what} in plain text (value masked): anyone who can read the manifest, the repository or the pod spec has it; store it in a Secret and reference it with valueFrom.secretKeyRef, then rotate it`,
  });
}

export default defineRule({
  id: "security/hardcoded-secret",
  category: "security",
  severity: "error",
  podContent: true,
  summary:
    "A credential is written into a manifest, a workflow or a configuration file: a token, API key, password or private key as a literal value",
  rationale:
    "A literal credential is stored in the repository, in every rendered copy of the manifest, in the API server's etcd unencrypted as part of the object, and is readable by everyone who can get it. Every document is scanned whatever its kind — container env and arguments, ConfigMap data (and `NAME=value` env files inside it), annotations, fields of kinds mlgate does not otherwise model — as are GitHub workflows (`env:`, `with:` and every other string) and YAML files no loader claims (Helm values, env-style configuration). A value is a credential when it has a documented credential format (Hugging Face `hf_`, OpenAI `sk-`/`sk-proj-`, Anthropic `sk-ant-`, AWS `AKIA`/`ASIA`, Google Cloud service-account key JSON and `AIza` API keys, GitHub `ghp_`/`github_pat_`, GitLab `glpat-`/`gldt-`/`glrt-`, Slack `xox?-`/`xapp-` and webhook URLs, NVIDIA `nvapi-`, PEM private keys; sources in src/catalog/secret-patterns.ts), or when it is written under a name that says it holds one (HF_TOKEN, WANDB_API_KEY — W&B keys are bare hex — POSTGRES_PASSWORD, an input named `token`). Placeholders are not credentials: `<your-token>`, `REPLACE_ME`, `${VAR}`, `{{ .Values.x }}`, masks such as `nvapi-XXXX`, a variable's own name, another variable's name, an image's documented default password (model/placeholder.ts). A Secret manifest is where credentials belong, so there only a credential format is reported, as a warning: committing the manifest is the leak. mlgate points at the value and never prints it: messages say what kind of credential it is, and every output masks it.",
  remediation:
    "Create a Secret (from your secret manager, External Secrets or Sealed Secrets, not a committed file) and reference it: env: [{name: HF_TOKEN, valueFrom: {secretKeyRef: {name: hf, key: token}}}]; in a workflow use `${{ secrets.NAME }}`; in Helm values, reference an existing Secret. Treat the leaked credential as compromised and rotate it.",
  links: [
    {
      title: "Kubernetes: Secrets as environment variables",
      url: "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
    },
    {
      title: "Kubernetes: good practices for Secrets",
      url: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    },
    { title: "GitLab token prefixes", url: "https://docs.gitlab.com/security/tokens/#token-prefixes" },
    { title: "Hugging Face user access tokens", url: "https://huggingface.co/docs/hub/security-tokens" },
    {
      title: "Google Cloud: create and delete service account keys",
      url: "https://cloud.google.com/iam/docs/keys-create-delete",
    },
  ],
  examples: {
    valid: [
      {
        title: "an NGC key prefix with a stand-in after it (nvapi-NVKEY) is a placeholder, not a credential",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: nim
          spec:
            containers:
              - name: nim
                image: nvcr.io/nim/google/gemma-3-27b-it:1.0.0
                env:
                  - {name: NGC_API_KEY, value: nvapi-NVKEY}
        `,
      },
      {
        title:
          "placeholders: <your-token>, REPLACE_ME, ${VAR}, nvapi-XXXX, a variable's own name, another variable's name",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: cfg
            annotations: {example.com/token: "<your-token>"}
          data:
            HF_TOKEN: REPLACE_ME
            NGC_API_KEY: nvapi-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
            OPENAI_API_KEY: \${OPENAI_API_KEY}
            WANDB_API_KEY: WANDB_API_KEY
            env: |
              HF_TOKEN=<hf-token>
              AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
        `,
      },
      {
        title: "a Secret manifest holding a password: Secrets are where credentials belong",
        yaml: dedent`
          apiVersion: v1
          kind: Secret
          metadata:
            name: redis
          stringData:
            password: "5241590000000000"
        `,
      },
      {
        title: "a workflow passing secrets through expressions, and a throwaway service password",
        path: ".github/workflows/ci.yml",
        yaml: dedent`
          on: push
          permissions: {}
          jobs:
            t:
              runs-on: ubuntu-latest
              services:
                db:
                  image: postgres:16
                  env: {POSTGRES_PASSWORD: postgres}
              steps:
                - uses: actions/setup-java@v4
                  with: {java-version: '21', distribution: temurin, server-password: MAVEN_PASSWORD}
                - run: make test
                  env: {HF_TOKEN: '\${{ secrets.HF_TOKEN }}'}
        `,
      },
      {
        title: "tokens from a Secret; names that mention tokens but hold none",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: vllm/vllm-openai:v0.6.4
                env:
                  - name: HF_TOKEN
                    valueFrom: {secretKeyRef: {name: hf, key: token}}
                  - name: MAX_NUM_BATCHED_TOKENS
                    value: "8192"
                  - name: TOKENIZER_PATH
                    value: /models/tokenizer
                  - name: DB_PASSWORD_FILE
                    value: /var/run/secrets/db/password
        `,
      },
    ],
    invalid: [
      {
        title: "credentials in an unknown kind's field, an annotation and an env file in a ConfigMap",
        yaml: dedent`
          apiVersion: example.com/v1
          kind: ModelSync
          metadata:
            name: sync
            annotations:
              sync.example.com/gitlab: glpat-Ab3dEf6hIj9kLm2nOp5q
          spec:
            source: {token: hf_QwErTyUiOpAsDfGhJkLzXcVbNm1234567890}
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: env
          data:
            app.env: |
              MODEL=llama
              WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567
        `,
        findings: [
          { line: 6, column: 30, message: /annotation sync\.example\.com\/gitlab holds a GitLab token/ },
          { line: 8, column: 19, message: /ModelSync field spec\.source\.token holds a Hugging Face token/ },
          { line: 15, column: 12, message: /WANDB_API_KEY= in ConfigMap key app\.env holds a credential/ },
        ],
      },
      {
        title: "a private key committed in a Secret manifest (a warning: the manifest is the leak)",
        yaml: dedent`
          apiVersion: v1
          kind: Secret
          metadata:
            name: ca
          stringData:
            ca.key: |
              -----BEGIN RSA PRIVATE KEY-----
              MIIEowIBAAKCAQEA
              -----END RSA PRIVATE KEY-----
        `,
        findings: [{ line: 6, column: 11, severity: "warning", message: /Secret key ca\.key holds a private key/ }],
      },
      {
        title: "a literal token in a workflow's env and in an action input",
        path: ".github/workflows/release.yml",
        yaml: dedent`
          on: push
          permissions: {}
          jobs:
            r:
              runs-on: ubuntu-latest
              env:
                SLACK_TOKEN: xoxb-1234567890-abcdefghijkl
              steps:
                - uses: huggingface/upload-action@v1
                  with:
                    hf-token: s3cr3tT0kenValue99
        `,
        findings: [
          { line: 7, column: 20, message: /env SLACK_TOKEN holds a Slack token/ },
          { line: 11, column: 21, message: /input hf-token holds a credential/ },
        ],
      },
      {
        title: "Helm values that no loader claims: a Google Cloud service-account key and a password",
        path: "chart-values/values.yaml",
        yaml: dedent`
          gcs:
            serviceAccountJson: '{"type": "service_account", "project_id": "p", "private_key_id": "0123", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n"}'
          mlflow:
            trackingPassword: Tr4ck1ngPassw0rd
            existingSecret: mlflow-auth
        `,
        findings: [
          { line: 2, column: 23, message: /gcs\.serviceAccountJson holds a Google Cloud service-account key/ },
          { line: 4, column: 21, message: /mlflow\.trackingPassword holds a credential/ },
        ],
      },
      {
        title: "a Hugging Face token, a W&B key and a password",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: vllm/vllm-openai:v0.6.4
                env:
                  - name: HF_TOKEN
                    value: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
                  - name: WANDB_API_KEY
                    value: 0123456789abcdef0123456789abcdef01234567
                  - name: POSTGRES_PASSWORD
                    value: s3cr3t-Passw0rd
        `,
        findings: [
          { line: 11, column: 18, message: /env HF_TOKEN .*holds a Hugging Face token .*secretKeyRef/ },
          { line: 13, column: 18, message: /WANDB_API_KEY .*holds a credential/ },
          { line: 15, column: 18, message: /POSTGRES_PASSWORD .*holds a credential/ },
        ],
      },
      {
        title: "an AWS key in a ConfigMap and an OpenAI key on the command line",
        yaml: dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: cfg
          data:
            aws: AKIAIOSFODNN7EXAMPLE
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: eval
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: c
                    image: python:3.12
                    args: ["--api-key", "sk-proj-abcdefghijklmnopqrstuvwxyz012345"]
        `,
        findings: [
          { line: 6, column: 8, message: /ConfigMap key aws holds an AWS access key id/ },
          { line: 19, column: 31, message: /args\[1\] .*holds an OpenAI-style API key/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    scanResource(r, (path, where, what) => reportSecret(ctx, r, path, where, what));
  },
  workflow(w, ctx) {
    scanWorkflow(w, (path, where, what) => reportSecret(ctx, w.resource, path, where, what));
  },
  // Files no loader claimed are scanned as plain YAML: a workload's file is claimed (its fact).
  facts: (w) => w.resource.doc.file.path,
  set(set, ctx, facts) {
    const claimed = new Set<string>();
    for (const f of facts) claimed.add(f.value as string);
    for (const r of set.resources) claimed.add(r.doc.file.path);
    for (const d of set.workflows) claimed.add(d.file.path);
    for (const f of set.files) {
      if (claimed.has(f.path) || !/\.ya?ml$/i.test(f.path)) continue;
      scanPlainYaml(f, (r, path, where, what) => reportSecret(ctx, r, path, where, what));
    }
  },
});
