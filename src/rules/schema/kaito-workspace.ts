import { KAITO_AZURE_PREFIXES, KAITO_PRESETS, KAITO_SKUS, kaitoPreset, kaitoSku } from "../../catalog/kaito.js";
import { isPlaceholderValue } from "../../model/placeholder.js";
import { asObject, asString, getIn, isObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";

/** Whether KAITO takes the name as a preset: one of its presets, or a Hugging Face `org/name` (IsValidPreset). */
function validPreset(name: string): boolean {
  if (kaitoPreset(name)) return true;
  const [org, model] = name.split("/", 2);
  return name.includes("/") && org !== "" && model !== undefined && model !== "";
}

export default defineRule({
  id: "schema/kaito-workspace",
  category: "schema",
  severity: "error",
  summary:
    "A KAITO Workspace names a preset or an instance type KAITO does not know, or sets both or neither of inference and tuning",
  rationale:
    "KAITO's admission webhook refuses a Workspace whose inference or tuning preset is not one of its models (or a Hugging Face org/name id), whose instance type is not in the table of the cloud it provisions on (the GPUs and GPU memory it sizes nodes by; on Azure it also takes any Standard_N… or Standard_D… size), or that sets both inference and tuning, or neither. The apply fails, or, through a GitOps controller, keeps failing, and no node is provisioned. The preset names and instance types are KAITO's own tables at v0.12.0.",
  remediation:
    "Use a preset name KAITO lists (or the model's Hugging Face id, org/name) and an instance type from its SKU tables; give a Workspace either inference or tuning.",
  links: [
    {
      title: "KAITO supported models (presets)",
      url: "https://github.com/kaito-project/kaito/blob/056b8280b1a8debf644bc6f4399e913a1f9c7e70/presets/workspace/models/supported_models.yaml",
    },
    {
      title: "KAITO Workspace validation (validateCreate, validateCreateWithInference)",
      url: "https://github.com/kaito-project/kaito/blob/056b8280b1a8debf644bc6f4399e913a1f9c7e70/api/v1beta1/workspace_validation.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "a preset on an instance type KAITO provisions, and a Hugging Face id",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: workspace-phi-4-mini
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector:
              matchLabels: {apps: phi-4-mini}
          inference:
            preset:
              name: phi-4-mini-instruct
          ---
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: qwen3
          resource:
            instanceType: g5.12xlarge
            labelSelector:
              matchLabels: {apps: qwen3}
          inference:
            preset:
              name: Qwen/Qwen3-8B
        `,
      },
    ],
    invalid: [
      {
        title: "a preset name KAITO does not have, on a GPU size its tables lack",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: llama
          resource:
            instanceType: p3.8xlarge
            labelSelector:
              matchLabels: {apps: llama}
          inference:
            preset:
              name: llama-3.1-8b-instuct
        `,
        findings: [
          { line: 6, column: 17, message: /instance type p3\.8xlarge is not one KAITO provisions/ },
          { line: 11, column: 11, message: /preset llama-3\.1-8b-instuct .*did you mean "llama-3\.1-8b-instruct"/ },
        ],
      },
      {
        title: "inference and tuning in one Workspace",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: phi
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector:
              matchLabels: {apps: phi}
          inference:
            preset: {name: phi-3-mini-4k-instruct}
          tuning:
            preset: {name: phi-3-mini-4k-instruct}
            method: qlora
            input: {urls: ["https://example.com/data.parquet"]}
            output: {image: "registry.example.com/adapter:0.1", imagePushSecret: push}
        `,
        findings: [{ line: 12, column: 3, message: /both inference and tuning/ }],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "kaito.sh" || r.kind !== "Workspace") return;
    const v = r.value;
    const inference = asObject(v.inference);
    const tuning = asObject(v.tuning);
    if (inference && tuning)
      ctx.report({
        resource: r,
        path: ["tuning"],
        message: `Workspace ${r.name ?? ""} sets both inference and tuning: KAITO refuses it ("Either Inference or Tuning must be specified, but not both"); split them into two Workspaces`,
      });
    else if (!inference && !tuning && isObject(v.resource))
      ctx.report({
        resource: r,
        path: ["resource"],
        message: `Workspace ${r.name ?? ""} sets neither inference nor tuning: KAITO refuses it ("Either Inference or Tuning must be specified, not neither")`,
      });
    for (const block of ["inference", "tuning"] as const) {
      const name = asString(getIn(v, [block, "preset", "name"]));
      if (!name || validPreset(name) || isPlaceholderValue(name)) continue;
      const hint = didYouMean(
        name.toLowerCase(),
        KAITO_PRESETS.map((p) => p.name),
      );
      ctx.report({
        resource: r,
        path: [block, "preset", "name"],
        message: `${block} preset ${name} is not a KAITO preset${hint ? `; did you mean "${hint}"?` : ""}: KAITO refuses the Workspace ("Unsupported ${block} preset name"). Name a preset it lists, or the model's Hugging Face id (org/name)`,
      });
    }
    const type = asString(getIn(v, ["resource", "instanceType"]));
    if (type && !isPlaceholderValue(type) && !kaitoSku(type) && !KAITO_AZURE_PREFIXES.some((p) => type.startsWith(p))) {
      const hint = didYouMean(
        type,
        KAITO_SKUS.map((s) => s.name),
      );
      ctx.report({
        resource: r,
        path: ["resource", "instanceType"],
        message: `instance type ${type} is not one KAITO provisions (its AWS, Azure and Arc SKU tables${hint ? `; did you mean "${hint}"?` : ""}): with node auto-provisioning KAITO refuses the Workspace ("Unsupported instance type")`,
      });
    }
  },
});
