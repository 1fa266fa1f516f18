/**
 * ML tools that ship without authentication, and the ports they listen on by default. Data only;
 * security/exposed-ml-endpoint (Kubernetes Services) and security/open-ml-ingress (cloud firewalls
 * in Terraform) read it. Default ports, read 2026-12-04: Ray dashboard 8265 and Ray client 10001
 * (https://docs.ray.io/en/latest/ray-core/configure.html#ports-configurations), Jupyter 8888
 * (https://jupyter-server.readthedocs.io/en/latest/other/full-config.html, ServerApp.port),
 * TensorBoard 6006 (`tensorboard --help`, --port), MLflow 5000
 * (https://mlflow.org/docs/latest/cli.html#mlflow-server, --port), vLLM 8000
 * (https://docs.vllm.ai/en/latest/cli/serve.html, --port), Triton 8000 HTTP and 8001 gRPC
 * (https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/customization_guide/deploy.html).
 */
export interface Endpoint {
  what: string;
  /** How grave exposing it is: remote code execution is an error, data exposure a warning. */
  severity: "error" | "warning";
  why: string;
}

export const RAY_DASHBOARD: Endpoint = {
  what: "the Ray dashboard",
  severity: "error",
  why: "its job submission API runs any command on the cluster: remote code execution",
};
export const RAY_CLIENT: Endpoint = {
  what: "the Ray client server",
  severity: "error",
  why: "a Ray client runs arbitrary Python on the cluster: remote code execution",
};
export const JUPYTER: Endpoint = {
  what: "a Jupyter server",
  severity: "error",
  why: "a notebook runs any code with the pod's service account, Secrets and GPUs",
};
export const TENSORBOARD: Endpoint = {
  what: "TensorBoard",
  severity: "warning",
  why: "it has no authentication and serves the training logs, hyperparameters and embeddings",
};
export const MLFLOW: Endpoint = {
  what: "an MLflow tracking server",
  severity: "warning",
  why: "without its auth app anyone can read and overwrite experiments, registered models and artifacts",
};
export const LLM: Endpoint = {
  what: "an OpenAI-compatible model server",
  severity: "warning",
  why: "without an API key anyone can spend the GPUs and query the model",
};
export const TRITON: Endpoint = {
  what: "a Triton inference server",
  severity: "warning",
  why: "its HTTP/gRPC API has no authentication, and with explicit model control it loads and unloads models",
};

/** Port numbers that are an ML endpoint whatever serves them (Ray's and Jupyter's defaults). */
export const BY_PORT: Record<number, Endpoint> = {
  8265: RAY_DASHBOARD,
  10001: RAY_CLIENT,
  8888: JUPYTER,
  6006: TENSORBOARD,
};

/** Default ports of those tools that a cloud firewall should not open to the internet. */
export const ML_PORTS: ReadonlyArray<{ port: number; endpoint: Endpoint }> = [
  { port: 5000, endpoint: MLFLOW },
  { port: 6006, endpoint: TENSORBOARD },
  { port: 8000, endpoint: { ...LLM, what: "vLLM's or Triton's HTTP API" } },
  { port: 8001, endpoint: { ...TRITON, what: "Triton's gRPC API" } },
  { port: 8265, endpoint: RAY_DASHBOARD },
  { port: 8888, endpoint: JUPYTER },
  { port: 10001, endpoint: RAY_CLIENT },
];
