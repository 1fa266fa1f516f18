import { MLFLOW_STAGES } from "../../catalog/lineage.js";
import type { Path } from "../../model/path.js";
import type { Resource } from "../../model/resource.js";
import { servingConfigs } from "../../model/serving.js";
import { dedent } from "../../util/dedent.js";
import type { CheckOptions, RuleContext } from "../types.js";
import { defineRule } from "../types.js";

/** A full commit hash: the only Hugging Face revision that cannot move. */
const COMMIT = /^[0-9a-f]{40}$/;
/** `org/name` as the Hub names a repository (no scheme, not a path). */
const HF_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The strings of a value that may be a model URI (every form `floatingUri` reads holds ":/"), with
 * their paths, in document order. One path is kept on a stack and copied only for a candidate: this
 * hook reads every string of every object, and most are not URIs.
 */
function uriCandidates(
  v: unknown,
  path: Array<string | number>,
  out: Array<{ text: string; path: Path }>,
): Array<{ text: string; path: Path }> {
  if (typeof v === "string") {
    if (v.includes(":/")) out.push({ text: v, path: [...path] });
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      uriCandidates(v[i], path, out);
      path.pop();
    }
  } else if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      path.push(k);
      uriCandidates(o[k], path, out);
      path.pop();
    }
  }
  return out;
}

/** info, or warning where `environments:` in .mlgate.yaml maps the object's namespace to prod. */
function severityOf(r: Resource, o: CheckOptions): { severity: "info" | "warning"; why: string } {
  const ns = r.namespace ?? "default";
  const env = o.environments?.[ns];
  if (env === "prod") return { severity: "warning", why: ` (namespace ${ns} is prod in .mlgate.yaml)` };
  return { severity: "info", why: env ? ` (namespace ${ns} is ${env} in .mlgate.yaml)` : "" };
}

function report(ctx: RuleContext, r: Resource, path: Path, message: string): void {
  const s = severityOf(r, ctx.options);
  ctx.report({ resource: r, path, severity: s.severity, message: `${message}${s.why}` });
}

/** What is floating about a URI string, or undefined when it is pinned (or not a model reference). */
function floatingUri(text: string, o: CheckOptions): string | undefined {
  const t = text.trim();
  if (t.startsWith("hf://")) {
    const [repo, rev] = t.slice("hf://".length).split(":") as [string, string | undefined];
    if (!HF_ID.test(repo)) return undefined;
    if (rev === undefined)
      return `${t} has no revision: the Hub serves whatever the repository's main branch holds when the pod starts; pin a commit: ${t}:<40-character commit hash>`;
    if (!COMMIT.test(rev))
      return `${t} is pinned to "${rev}", a branch or tag that can move; pin a commit: hf://${repo}:<40-character commit hash>`;
    return undefined;
  }
  const mlflow = /^models:\/([^/@]+)(?:\/([^/]+)|@(.+))$/.exec(t);
  if (mlflow) {
    const [, name, version, alias] = mlflow as unknown as [string, string, string | undefined, string | undefined];
    if (alias !== undefined)
      return o.lineage?.mlflow === "versions"
        ? `${t} follows the alias "${alias}", which can be moved to another version; this team pins versions (lineage.mlflow: versions): models:/${name}/<version>`
        : undefined;
    if (version === undefined || /^\d+$/.test(version)) return undefined;
    if (version.toLowerCase() === "latest")
      return `${t} is the newest version registered, which changes with every registration; pin models:/${name}/<version> (or an alias, if the team moves aliases on purpose)`;
    if (MLFLOW_STAGES.includes(version.toLowerCase()))
      return `${t} follows the stage "${version}", which moves when a version is transitioned (and stages are deprecated since MLflow 2.9); pin models:/${name}/<version> or use an alias`;
    return undefined;
  }
  if (o.lineage?.pinGcs && t.startsWith("gs://") && !t.includes("#"))
    return `${t} has no #generation: an overwritten object changes under the same name; pin ${t.endsWith("/") ? "the objects (a folder cannot be pinned: copy it to a path that is never overwritten)" : `${t}#<generation>`}`;
  return undefined;
}

const KSVC = (uri: string, ns = "") => dedent`
  apiVersion: serving.kserve.io/v1beta1
  kind: InferenceService
  metadata:
    name: llama
  ${ns}spec:
    predictor:
      model:
        modelFormat: {name: huggingface}
        storageUri: ${uri}
`;

const VLLM = (args: string) => dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: chat
    namespace: ml-prod
  spec:
    selector: {matchLabels: {app: chat}}
    template:
      metadata: {labels: {app: chat}}
      spec:
        containers:
          - name: vllm
            image: vllm/vllm-openai:v0.6.0
            args: [${args}]
`;

const SHA = "0e9e39f249a16976918f6564b8830bc894c89659";

export default defineRule({
  id: "reproducibility/floating-model-ref",
  category: "reproducibility",
  severity: "info",
  summary: "A model or data reference that resolves to whatever is newest when the pod starts",
  rationale:
    "A model server or job that names its model by a moving reference loads different weights after the next upload, with no change in the manifest: a Hugging Face id without a commit revision (vLLM, SGLang and TGI `--revision`, KServe's `hf://org/model:hash`), an MLflow registry URI by `latest` or by stage, a Cloud Storage object without its generation. Results stop being reproducible and a bad upload reaches production unreviewed. Info by default; a namespace that `.mlgate.yaml` maps to prod (`environments: {ml-prod: prod}`) makes it a warning. MLflow aliases (`models:/name@champion`) are a deliberate team policy and pass unless `lineage.mlflow: versions`; `gs://` paths are checked only with `lineage.pinGcs: true`. S3 URIs cannot name an object version at all, so they are not reported: pin S3 data by copying it to a path that is never overwritten.",
  remediation:
    "Pin the exact version: `--revision <commit>` (or `hf://org/model:<commit>`), `models:/name/<version>`, `gs://bucket/object#<generation>`.",
  links: [
    {
      title: "KServe: model from the Hugging Face Hub (hf://REPO/MODEL:HASH)",
      url: "https://kserve.github.io/website/docs/model-serving/storage/providers/hf",
    },
    {
      title: "vLLM engine arguments: --revision",
      url: "https://docs.vllm.ai/en/latest/configuration/engine_args.html",
    },
    {
      title: "MLflow Model Registry: model URIs, aliases, deprecated stages",
      url: "https://mlflow.org/docs/latest/model-registry.html",
    },
    {
      title: "Cloud Storage: object versioning and generation numbers",
      url: "https://cloud.google.com/storage/docs/object-versioning",
    },
  ],
  examples: {
    valid: [
      { title: "an hf:// URI pinned to a commit", yaml: KSVC(`hf://meta-llama/Llama-3.1-8B-Instruct:${SHA}`) },
      {
        title: "vLLM with --revision at a commit",
        yaml: VLLM(`"--model", "meta-llama/Llama-3.1-8B-Instruct", "--revision", "${SHA}"`),
      },
      { title: "a local model directory", yaml: VLLM(`"--model", "/mnt/models"`) },
      { title: "an MLflow version", yaml: KSVC("models:/fraud/12") },
      { title: "an MLflow alias (the team's policy by default)", yaml: KSVC("models:/fraud@champion") },
      { title: "gs:// without pinning asked", yaml: KSVC("gs://models/llama/") },
      { title: "S3 cannot carry a version: not reported", yaml: KSVC("s3://models/llama/") },
    ],
    invalid: [
      {
        title: "an hf:// URI without a revision",
        yaml: KSVC("hf://meta-llama/Llama-3.1-8B-Instruct"),
        findings: [{ line: 9, column: 19, severity: "info", message: /has no revision: the Hub serves/ }],
      },
      {
        title: "vLLM --model without --revision, in a namespace mapped to prod: a warning",
        yaml: VLLM(`"--model", "meta-llama/Llama-3.1-8B-Instruct"`),
        options: { environments: { "ml-prod": "prod" } },
        findings: [
          {
            line: 14,
            column: 29,
            severity: "warning",
            message:
              /vllm serves meta-llama\/Llama-3\.1-8B-Instruct without --revision.*\(namespace ml-prod is prod in \.mlgate\.yaml\)/,
          },
        ],
      },
      {
        title: "a revision that is a branch",
        yaml: VLLM(`"--model", "meta-llama/Llama-3.1-8B-Instruct", "--revision", "main"`),
        findings: [{ line: 14, column: 79, severity: "info", message: /revision "main" is a branch or tag/ }],
      },
      {
        title: "MLflow latest and a stage",
        yaml: `${KSVC("models:/fraud/latest")}---\n${KSVC("models:/fraud/Production").replace("name: llama", "name: llama2")}`,
        findings: [
          { line: 9, column: 19, message: /newest version registered/ },
          { line: 19, column: 19, message: /follows the stage "Production"/ },
        ],
      },
      {
        title: "an MLflow alias where the team pins versions",
        yaml: KSVC("models:/fraud@champion"),
        options: { lineage: { mlflow: "versions" } },
        findings: [{ line: 9, column: 19, message: /follows the alias "champion"/ }],
      },
      {
        title: "a gs:// object without #generation where pinning is asked",
        yaml: KSVC("gs://models/llama/model.safetensors"),
        options: { lineage: { pinGcs: true } },
        findings: [{ line: 9, column: 19, message: /has no #generation/ }],
      },
    ],
  },
  resource(r, ctx) {
    for (const s of uriCandidates(r.value, [], [])) {
      const why = floatingUri(s.text, ctx.options);
      if (why) report(ctx, r, s.path, why);
    }
  },
  workload(w, ctx) {
    // Model ids the servers download themselves (a command line, TGI's MODEL_ID), with their --revision.
    for (const sc of servingConfigs(w)) {
      if (sc.source !== "command" && sc.source !== "tgi-env") continue;
      const model = sc.settings.model;
      if (!model || !HF_ID.test(model.text.trim())) continue;
      const rev = sc.settings.revision;
      if (rev && COMMIT.test(rev.text.trim())) continue;
      if (rev)
        report(
          ctx,
          w.resource,
          rev.path,
          `${sc.server} serves ${model.text} at revision "${rev.text}" (${rev.via}): revision "${rev.text}" is a branch or tag that can move; give the 40-character commit hash`,
        );
      else
        report(
          ctx,
          w.resource,
          model.path,
          `${sc.server} serves ${model.text} without --revision: it downloads whatever the repository's main branch holds when the pod starts; add --revision <40-character commit hash>`,
        );
    }
  },
});
