// Writes the AdmissionReview payloads the serve tests and `npm run bench:serve` send, from the
// objects beside this script. They are built the way the API server sends them (defaults
// applied, metadata.uid, managedFields), not captured from a live cluster. Run after editing:
//   node bench/admission/make.mjs && npx biome format --write bench/admission
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const here = dirname(fileURLToPath(import.meta.url));
const load = (name) => yaml.load(readFileSync(join(here, name), "utf8"));
const clone = (v) => structuredClone(v);

function review(uid, object, operation = "CREATE", oldObject) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const plural = `${object.kind.toLowerCase()}s`;
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid,
      kind: { group, version, kind: object.kind },
      resource: { group, version, resource: plural },
      requestKind: { group, version, kind: object.kind },
      requestResource: { group, version, resource: plural },
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      operation,
      userInfo: { username: "alice@example.com", groups: ["ml-team", "system:authenticated"] },
      object,
      oldObject: oldObject ?? null,
      dryRun: false,
      options: { apiVersion: "meta.k8s.io/v1", kind: operation === "UPDATE" ? "UpdateOptions" : "CreateOptions" },
    },
  };
}

const pytorch = load("pytorchjob.yaml");
const ray = load("raycluster.yaml");
const vllm = load("vllm-deployment.yaml");

// A PyTorchJob with the mistakes of a first draft: the Worker container renamed, NCCL_IB_DISABLE
// set to a word, a GPU request that differs from its limit, no /dev/shm, no Kueue queue.
const pytorchBad = clone(pytorch);
delete pytorchBad.metadata.labels;
const worker = pytorchBad.spec.pytorchReplicaSpecs.Worker.template.spec;
worker.containers[0].name = "trainer";
worker.containers[0].env.push({ name: "NCCL_IB_DISABLE", value: "no" });
worker.containers[0].resources.requests["nvidia.com/gpu"] = "4";
delete worker.containers[0].volumeMounts;
delete worker.volumes;

// A RayCluster whose head names a port twice and whose workers ask for fewer GPUs than their limit.
const rayBad = clone(ray);
rayBad.spec.headGroupSpec.template.spec.containers[0].ports.push({ containerPort: 6380, name: "gcs", protocol: "TCP" });
rayBad.spec.workerGroupSpecs[0].template.spec.containers[0].resources.requests["nvidia.com/gpu"] = "2";

// A vLLM server told to shard over 4 GPUs in a pod that has 1.
const vllmBad = clone(vllm);
const args = vllmBad.spec.template.spec.containers[0].args;
args[args.indexOf("--tensor-parallel-size") + 1] = "4";

// An UPDATE that takes the probes off a running server.
const vllmNoProbes = clone(vllm);
vllmNoProbes.metadata.generation = 2;
for (const p of ["readinessProbe", "livenessProbe", "startupProbe"])
  delete vllmNoProbes.spec.template.spec.containers[0][p];

const out = {
  "pytorchjob-ok": review("11111111-0000-4000-8000-000000000001", pytorch),
  "pytorchjob-bad": review("11111111-0000-4000-8000-000000000002", pytorchBad),
  "raycluster-ok": review("11111111-0000-4000-8000-000000000003", ray),
  "raycluster-bad": review("11111111-0000-4000-8000-000000000004", rayBad),
  "vllm-ok": review("11111111-0000-4000-8000-000000000005", vllm),
  "vllm-bad": review("11111111-0000-4000-8000-000000000006", vllmBad),
  "vllm-update-probes-removed": review("11111111-0000-4000-8000-000000000007", vllmNoProbes, "UPDATE", vllm),
};
for (const [name, body] of Object.entries(out))
  writeFileSync(join(here, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
