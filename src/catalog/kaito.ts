/**
 * KAITO (kaito-project/kaito, Kubernetes AI Toolchain Operator): its Workspace's preset models and the
 * instance types it provisions. Data only; src/model/workload.ts (the Workspace's pods) and
 * schema/kaito-workspace read it. Read 2026-12-04 at kaito-project/kaito@056b8280b1a8 (v0.12.0):
 * - presets: presets/workspace/models/supported_models.yaml (each `version` is the Hugging Face
 *   repository and commit its weights come from); pkg/utils/plugin/plugin.go IsValidPreset accepts a
 *   registered preset, a legacy name of LegacyBuiltinToCatalog, or any `org/name` Hugging Face id;
 * - instance types: pkg/sku/azure_sku_handler.go, aws_sku_handler.go and arc_sku_handker.go
 *   (`GPUConfig{SKU, GPUCount, GPUMem, GPUModel}`, GPUMem being the node's total). With node
 *   auto-provisioning, api/v1beta1/workspace_validation.go validateCreateWithInference refuses an
 *   instance type the cloud's table lacks ("Unsupported instance type"), except, on Azure, a name
 *   starting Standard_N or Standard_D;
 * - pods: pkg/workspace/manifests/manifests.go GenerateStatefulSetManifest (inference: a StatefulSet
 *   whose pods carry `kaito.sh/workspace: <workspace name>`), GenerateTuningJobManifest (tuning: a
 *   Job, same label); pkg/utils/consts/consts.go PortInferenceServer (the model server listens on 5000).
 */

export interface KaitoPreset {
  name: string;
  /** The Hugging Face repository its weights come from. */
  huggingFace: string;
}

export const KAITO_PRESETS: readonly KaitoPreset[] = [
  { name: "llama-3.1-8b-instruct", huggingFace: "meta-llama/Llama-3.1-8B-Instruct" },
  { name: "llama-3.3-70b-instruct", huggingFace: "meta-llama/Llama-3.3-70B-Instruct" },
  { name: "deepseek-r1-0528", huggingFace: "deepseek-ai/DeepSeek-R1-0528" },
  { name: "deepseek-v3-0324", huggingFace: "deepseek-ai/DeepSeek-V3-0324" },
  { name: "falcon-7b", huggingFace: "tiiuae/falcon-7b" },
  { name: "falcon-7b-instruct", huggingFace: "tiiuae/falcon-7b-instruct" },
  { name: "falcon-40b", huggingFace: "tiiuae/falcon-40b" },
  { name: "falcon-40b-instruct", huggingFace: "tiiuae/falcon-40b-instruct" },
  { name: "mistral-7b", huggingFace: "mistralai/Mistral-7B-v0.3" },
  { name: "mistral-7b-instruct", huggingFace: "mistralai/Mistral-7B-Instruct-v0.3" },
  { name: "ministral-3-3b-instruct", huggingFace: "mistralai/Ministral-3-3B-Instruct-2512" },
  { name: "ministral-3-8b-instruct", huggingFace: "mistralai/Ministral-3-8B-Instruct-2512" },
  { name: "ministral-3-14b-instruct", huggingFace: "mistralai/Ministral-3-14B-Instruct-2512" },
  { name: "mistral-large-3-675b-instruct", huggingFace: "mistralai/Mistral-Large-3-675B-Instruct-2512" },
  { name: "phi-2", huggingFace: "microsoft/phi-2" },
  { name: "phi-3-mini-4k-instruct", huggingFace: "microsoft/Phi-3-mini-4k-instruct" },
  { name: "phi-3-mini-128k-instruct", huggingFace: "microsoft/Phi-3-mini-128k-instruct" },
  { name: "phi-3-medium-4k-instruct", huggingFace: "microsoft/Phi-3-medium-4k-instruct" },
  { name: "phi-3-medium-128k-instruct", huggingFace: "microsoft/Phi-3-medium-128k-instruct" },
  { name: "phi-3.5-mini-instruct", huggingFace: "microsoft/Phi-3.5-mini-instruct" },
  { name: "phi-4-mini-instruct", huggingFace: "microsoft/Phi-4-mini-instruct" },
  { name: "phi-4", huggingFace: "microsoft/phi-4" },
  { name: "qwen2.5-coder-7b-instruct", huggingFace: "Qwen/Qwen2.5-Coder-7B-Instruct" },
  { name: "qwen2.5-coder-32b-instruct", huggingFace: "Qwen/Qwen2.5-Coder-32B-Instruct" },
  { name: "deepseek-r1-distill-qwen-14b", huggingFace: "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B" },
  { name: "deepseek-r1-distill-llama-8b", huggingFace: "deepseek-ai/DeepSeek-R1-Distill-Llama-8B" },
  { name: "gemma-3-4b-instruct", huggingFace: "google/gemma-3-4b-it" },
  { name: "gemma-3-27b-instruct", huggingFace: "google/gemma-3-27b-it" },
  { name: "gpt-oss-20b", huggingFace: "openai/gpt-oss-20b" },
  { name: "gpt-oss-120b", huggingFace: "openai/gpt-oss-120b" },
];

export interface KaitoSku {
  cloud: "azure" | "aws" | "arc";
  name: string;
  /** Accelerators per node. */
  gpus: number;
  /** GPU memory of the whole node, GiB. */
  gpuMemGiB: number;
  gpuModel: string;
}

export const KAITO_SKUS: readonly KaitoSku[] = [
  { cloud: "azure", name: "Standard_NV36ads_A10_v5", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA A10" },
  { cloud: "azure", name: "Standard_NV72ads_A10_v5", gpus: 2, gpuMemGiB: 48, gpuModel: "NVIDIA A10" },
  { cloud: "azure", name: "Standard_NC24ads_A100_v4", gpus: 1, gpuMemGiB: 80, gpuModel: "NVIDIA A100" },
  { cloud: "azure", name: "Standard_NC48ads_A100_v4", gpus: 2, gpuMemGiB: 160, gpuModel: "NVIDIA A100" },
  { cloud: "azure", name: "Standard_NC96ads_A100_v4", gpus: 4, gpuMemGiB: 320, gpuModel: "NVIDIA A100" },
  { cloud: "azure", name: "Standard_ND96asr_A100_v4", gpus: 8, gpuMemGiB: 320, gpuModel: "NVIDIA A100" },
  { cloud: "azure", name: "Standard_ND96amsr_A100_v4", gpus: 8, gpuMemGiB: 640, gpuModel: "NVIDIA A100" },
  { cloud: "azure", name: "Standard_NC40ads_H100_v5", gpus: 1, gpuMemGiB: 94, gpuModel: "NVIDIA H100" },
  { cloud: "azure", name: "Standard_NC80adis_H100_v5", gpus: 2, gpuMemGiB: 188, gpuModel: "NVIDIA H100" },
  { cloud: "azure", name: "Standard_ND96isr_H100_v5", gpus: 8, gpuMemGiB: 640, gpuModel: "NVIDIA H100" },
  { cloud: "azure", name: "Standard_NCC40ads_H100_v5", gpus: 1, gpuMemGiB: 94, gpuModel: "NVIDIA H100" },
  { cloud: "azure", name: "Standard_ND96isr_H200_v5", gpus: 8, gpuMemGiB: 1128, gpuModel: "NVIDIA H200" },
  { cloud: "azure", name: "Standard_NG32ads_V620_v1", gpus: 1, gpuMemGiB: 32, gpuModel: "AMD Radeon PRO V620" },
  { cloud: "azure", name: "Standard_NG32adms_V620_v1", gpus: 1, gpuMemGiB: 32, gpuModel: "AMD Radeon PRO V620" },
  { cloud: "aws", name: "p4d.24xlarge", gpus: 8, gpuMemGiB: 320, gpuModel: "NVIDIA A100" },
  { cloud: "aws", name: "p4de.24xlarge", gpus: 8, gpuMemGiB: 640, gpuModel: "NVIDIA A100" },
  { cloud: "aws", name: "p5.48xlarge", gpus: 8, gpuMemGiB: 640, gpuModel: "NVIDIA H100" },
  { cloud: "aws", name: "p5e.48xlarge", gpus: 8, gpuMemGiB: 1128, gpuModel: "NVIDIA H200" },
  { cloud: "aws", name: "p5en.48xlarge", gpus: 8, gpuMemGiB: 1128, gpuModel: "NVIDIA H200" },
  { cloud: "aws", name: "g6.xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.2xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.4xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.8xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.16xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "gr6.4xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "gr6.8xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.12xlarge", gpus: 4, gpuMemGiB: 96, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.24xlarge", gpus: 4, gpuMemGiB: 96, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g6.48xlarge", gpus: 8, gpuMemGiB: 192, gpuModel: "NVIDIA L4" },
  { cloud: "aws", name: "g5.xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.2xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.4xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.8xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.12xlarge", gpus: 4, gpuMemGiB: 96, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.16xlarge", gpus: 1, gpuMemGiB: 24, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.24xlarge", gpus: 4, gpuMemGiB: 96, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g5.48xlarge", gpus: 8, gpuMemGiB: 192, gpuModel: "NVIDIA A10G" },
  { cloud: "aws", name: "g4ad.xlarge", gpus: 1, gpuMemGiB: 8, gpuModel: "AMD Radeon Pro V520" },
  { cloud: "aws", name: "g4ad.2xlarge", gpus: 1, gpuMemGiB: 8, gpuModel: "AMD Radeon Pro V520" },
  { cloud: "aws", name: "g4ad.4xlarge", gpus: 1, gpuMemGiB: 8, gpuModel: "AMD Radeon Pro V520" },
  { cloud: "aws", name: "g4ad.8xlarge", gpus: 2, gpuMemGiB: 16, gpuModel: "AMD Radeon Pro V520" },
  { cloud: "aws", name: "g4ad.16xlarge", gpus: 4, gpuMemGiB: 32, gpuModel: "AMD Radeon Pro V520" },
  { cloud: "aws", name: "trn1.2xlarge", gpus: 1, gpuMemGiB: 32, gpuModel: "AWS Trainium accelerators" },
  { cloud: "aws", name: "trn1.32xlarge", gpus: 16, gpuMemGiB: 512, gpuModel: "AWS Trainium accelerators" },
  { cloud: "aws", name: "trn1n.32xlarge", gpus: 16, gpuMemGiB: 512, gpuModel: "AWS Trainium accelerators" },
  { cloud: "aws", name: "inf2.xlarge", gpus: 1, gpuMemGiB: 32, gpuModel: "AWS Inferentia2 accelerators" },
  { cloud: "aws", name: "inf2.8xlarge", gpus: 1, gpuMemGiB: 32, gpuModel: "AWS Inferentia2 accelerators" },
  { cloud: "aws", name: "inf2.24xlarge", gpus: 6, gpuMemGiB: 192, gpuModel: "AWS Inferentia2 accelerators" },
  { cloud: "aws", name: "inf2.48xlarge", gpus: 12, gpuMemGiB: 384, gpuModel: "AWS Inferentia2 accelerators" },
  { cloud: "arc", name: "Standard_NC4_A2", gpus: 1, gpuMemGiB: 16, gpuModel: "NVIDIA A2" },
  { cloud: "arc", name: "Standard_NC8_A2", gpus: 1, gpuMemGiB: 16, gpuModel: "NVIDIA A2" },
  { cloud: "arc", name: "Standard_NC16_A2", gpus: 2, gpuMemGiB: 32, gpuModel: "NVIDIA A2" },
  { cloud: "arc", name: "Standard_NC32_A2", gpus: 2, gpuMemGiB: 32, gpuModel: "NVIDIA A2" },
  { cloud: "arc", name: "Standard_NC4_A16", gpus: 1, gpuMemGiB: 16, gpuModel: "NVIDIA A16" },
  { cloud: "arc", name: "Standard_NC8_A16", gpus: 1, gpuMemGiB: 16, gpuModel: "NVIDIA A16" },
  { cloud: "arc", name: "Standard_NC16_A16", gpus: 2, gpuMemGiB: 32, gpuModel: "NVIDIA A16" },
  { cloud: "arc", name: "Standard_NC32_A16", gpus: 2, gpuMemGiB: 32, gpuModel: "NVIDIA A16" },
];

/** Azure sizes KAITO accepts beyond its table (validateCreateWithInference: N_SERIES_PREFIX, D_SERIES_PREFIX). */
export const KAITO_AZURE_PREFIXES: readonly string[] = ["Standard_N", "Standard_D"];

/** The label KAITO puts on every pod of a Workspace (api/v1beta1/labels.go LabelWorkspaceName). */
export const KAITO_WORKSPACE_LABEL = "kaito.sh/workspace";
/**
 * The annotation choosing a Workspace's runtime, `vllm` (the default) or `transformers`
 * (api/v1beta1/labels.go AnnotationWorkspaceRuntime, GetWorkspaceRuntimeName).
 */
export const KAITO_RUNTIME_ANNOTATION = "kaito.sh/runtime";
/** The port KAITO's preset model servers listen on. */
export const KAITO_INFERENCE_PORT = 5000;

const PRESETS_BY_NAME = new Map(KAITO_PRESETS.map((p) => [p.name, p]));
const SKUS_BY_NAME = new Map(KAITO_SKUS.map((s) => [s.name.toLowerCase(), s]));

/** A preset by its name (KAITO lower-cases it). */
export function kaitoPreset(name: string): KaitoPreset | undefined {
  return PRESETS_BY_NAME.get(name.toLowerCase());
}

/** KAITO's row for an instance type (SKU names compare without case). */
export function kaitoSku(name: string): KaitoSku | undefined {
  return SKUS_BY_NAME.get(name.toLowerCase());
}
