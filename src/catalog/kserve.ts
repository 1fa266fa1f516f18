// KServe's InferenceService (serving.kserve.io/v1beta1): the framework blocks of its PredictorSpec,
// as its CRD lists them. Read by the model (src/model/workload.ts) and the shapes (shapes/extra.ts).
/** Framework blocks of a KServe predictor: each is a container with a storageUri. */
export const KSERVE_MODEL_FIELDS = [
  "model",
  "sklearn",
  "xgboost",
  "tensorflow",
  "pytorch",
  "triton",
  "onnx",
  "huggingface",
  "pmml",
  "lightgbm",
  "paddle",
] as const;
