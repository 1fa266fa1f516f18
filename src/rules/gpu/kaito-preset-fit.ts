import { KAITO_RUNTIME_ANNOTATION, kaitoPreset, kaitoSku } from "../../catalog/kaito.js";
import { findModel } from "../../catalog/models.js";
import { formatGiB, weightBytes } from "../../estimate/serving.js";
import { asString, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const GiB = 1024 ** 3;

export default defineRule({
  id: "gpu/kaito-preset-fit",
  category: "gpu",
  severity: "error",
  summary: "A KAITO Workspace on the Transformers runtime serves a preset larger than its instance type's GPU memory",
  rationale:
    "KAITO sizes a Workspace by its instance type's GPU memory (the node's total, from its SKU table). On its default vLLM runtime it adds nodes until the model fits and spreads it over them; on the Hugging Face Transformers runtime (annotation kaito.sh/runtime: transformers) it cannot: Transformers runs one process per node, with no multi-node inference. KAITO's webhook then refuses a preset whose weights exceed the memory of the nodes asked for (\"Insufficient total GPU memory\"), and one that would need more than one node (\"Multi-node distributed inference is not supported with Huggingface Transformers runtime\"). The weights are the preset's model (its Hugging Face repository, in mlgate's model catalog) in 16-bit.",
  remediation:
    "Use an instance type whose GPU memory holds the model (KAITO's SKU tables list it), or drop the kaito.sh/runtime: transformers annotation so KAITO's vLLM runtime spreads the model over several nodes.",
  links: [
    {
      title: "KAITO Workspace validation (validateCreateWithInference)",
      url: "https://github.com/kaito-project/kaito/blob/056b8280b1a8debf644bc6f4399e913a1f9c7e70/api/v1beta1/workspace_validation.go",
    },
    {
      title: "KAITO: inference runtimes",
      url: "https://kaito-project.github.io/kaito/docs/inference",
    },
  ],
  examples: {
    valid: [
      {
        title: "Llama 3.1 8B on one A100 80GB with Transformers, and 70B on vLLM (KAITO adds nodes)",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: llama-8b
            annotations: {kaito.sh/runtime: transformers}
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector: {matchLabels: {apps: llama-8b}}
          inference:
            preset: {name: llama-3.1-8b-instruct}
          ---
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: llama-70b
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector: {matchLabels: {apps: llama-70b}}
          inference:
            preset: {name: llama-3.3-70b-instruct}
        `,
      },
    ],
    invalid: [
      {
        title: "Llama 3.3 70B with Transformers on one A100 80GB",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: llama-70b
            annotations: {kaito.sh/runtime: transformers}
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector: {matchLabels: {apps: llama-70b}}
          inference:
            preset: {name: llama-3.3-70b-instruct}
        `,
        findings: [
          {
            line: 7,
            column: 17,
            message:
              /llama-3\.3-70b-instruct takes about 1\d\d\.\d\d GiB in 16-bit, but Standard_NC24ads_A100_v4 has 80\.00 GiB of GPU memory .*Transformers runtime/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "kaito.sh" || r.kind !== "Workspace") return;
    if (asString(r.annotations[KAITO_RUNTIME_ANNOTATION]) !== "transformers") return;
    const name = asString(getIn(r.value, ["inference", "preset", "name"]));
    const type = asString(getIn(r.value, ["resource", "instanceType"]));
    const sku = type ? kaitoSku(type) : undefined;
    if (!name || !sku) return;
    const hf = kaitoPreset(name)?.huggingFace ?? (name.includes("/") ? name : undefined);
    const match = hf ? findModel(hf, ctx.options.models ?? []) : undefined;
    if (!match) return;
    const weights = weightBytes(match.model, "16-bit");
    const nodeBytes = sku.gpuMemGiB * GiB;
    if (weights <= nodeBytes) return;
    ctx.report({
      resource: r,
      path: ["resource", "instanceType"],
      message: `preset ${name} takes about ${formatGiB(weights)} in 16-bit, but ${sku.name} has ${formatGiB(nodeBytes)} of GPU memory (${sku.gpus} × ${sku.gpuModel}): on the Transformers runtime (kaito.sh/runtime) one node must hold the model, so KAITO refuses the Workspace; pick a larger instance type or use the vLLM runtime`,
    });
  },
});
