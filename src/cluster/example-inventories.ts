/**
 * Small inventories for the cluster rules' examples (which are their tests and docs), built as
 * the text `kubectl get nodes -o json` prints, with GPU Feature Discovery labels, so the examples
 * exercise the same parser users' files go through.
 */
import { parseInventory } from "./inventory.js";
import type { ClusterInventory } from "./types.js";

export interface ExampleNode {
  name: string;
  gpus?: number;
  product?: string;
  /** e.g. "535.104.05". */
  driver?: string;
  cpu?: string;
  memory?: string;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  labels?: Record<string, string>;
  /** Extra allocatable resources (MIG slices, RDMA). */
  resources?: Record<string, string>;
}

/** The JSON text of a NodeList in the shape kubectl prints. */
export function nodeListText(nodes: readonly ExampleNode[]): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: nodes.map((n) => {
      const labels: Record<string, string> = {
        "kubernetes.io/hostname": n.name,
        "kubernetes.io/os": "linux",
        ...(n.labels ?? {}),
      };
      if (n.gpus) {
        labels["nvidia.com/gpu.present"] = "true";
        labels["nvidia.com/gpu.count"] = String(n.gpus);
        if (n.product) labels["nvidia.com/gpu.product"] = n.product;
      }
      if (n.driver) {
        const [major, minor, rev] = n.driver.split(".");
        labels["nvidia.com/cuda.driver-version.major"] = major as string;
        labels["nvidia.com/cuda.driver-version.minor"] = minor ?? "0";
        labels["nvidia.com/cuda.driver-version.revision"] = rev ?? "0";
        labels["nvidia.com/cuda.driver-version.full"] = n.driver;
      }
      const allocatable: Record<string, string> = {
        cpu: n.cpu ?? "94",
        memory: n.memory ?? "990Gi",
        "ephemeral-storage": "1700Gi",
        pods: "110",
        ...(n.resources ?? {}),
      };
      if (n.gpus) allocatable["nvidia.com/gpu"] = String(n.gpus);
      return {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: n.name, labels },
        spec: n.taints ? { taints: n.taints } : {},
        status: { allocatable, capacity: allocatable },
      };
    }),
    metadata: { resourceVersion: "" },
  });
}

export function exampleInventory(nodes: readonly ExampleNode[]): ClusterInventory {
  return parseInventory(nodeListText(nodes), "nodes.json");
}

const H100 = "NVIDIA-H100-80GB-HBM3";
const GPU_TAINT = [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }];

/** Two 8-GPU H100 nodes with driver 550 and the GPU taint, plus a CPU node. */
export const TWO_H100_NODES = exampleInventory([
  { name: "gpu-0", gpus: 8, product: H100, driver: "550.54.15", taints: GPU_TAINT },
  { name: "gpu-1", gpus: 8, product: H100, driver: "550.54.15", taints: GPU_TAINT },
  { name: "cpu-0", cpu: "30", memory: "120Gi" },
]);

/** Four 4-GPU A100 nodes with an old driver (R535) and no GPU taint. */
export const FOUR_A100_NODES = exampleInventory(
  [0, 1, 2, 3].map((i) => ({ name: `a100-${i}`, gpus: 4, product: "NVIDIA-A100-SXM4-80GB", driver: "535.104.05" })),
);

/** One A100 node in MIG mixed mode offering 1g.10gb and 3g.40gb slices. */
export const MIG_NODE = exampleInventory([
  {
    name: "mig-0",
    product: "NVIDIA-A100-SXM4-80GB",
    labels: { "nvidia.com/mig.strategy": "mixed" },
    resources: { "nvidia.com/mig-1g.10gb": "7", "nvidia.com/mig-3g.40gb": "2" },
  },
]);
