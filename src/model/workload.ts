import { KAITO_INFERENCE_PORT, KAITO_WORKSPACE_LABEL, kaitoSku } from "../catalog/kaito.js";
import { KSERVE_MODEL_FIELDS } from "../catalog/kserve.js";
import { kindTraits } from "./kind-traits.js";
import type { Memo } from "./memo.js";
import type { Path } from "./path.js";
import { asArray, asObject, asString, getIn, isObject, type JsonObject, type Resource } from "./resource.js";

/** Where a container-like object sits in a pod group, and what it is. */
export interface ContainerView {
  name: string | undefined;
  value: JsonObject;
  /** Path to the container object, relative to the resource. */
  path: Path;
  /**
   * `container`, `initContainer`, `ephemeralContainer`; `trainer` for a TrainJob's
   * spec.trainer; `model` for a KServe predictor's model/framework block.
   */
  role: "container" | "initContainer" | "ephemeralContainer" | "trainer" | "model";
  /** Facts derived from this container, kept by `perObject` (set-index.ts); null until the first. */
  memo: Memo;
}

/** `container "x"`, `init container "x"`, `ephemeral container "x"` or `the TrainJob trainer`, for messages. */
export function containerLabel(c: ContainerView): string {
  if (c.role === "trainer") return "the TrainJob trainer";
  const kind =
    c.role === "initContainer"
      ? "init container"
      : c.role === "ephemeralContainer"
        ? "ephemeral container"
        : "container";
  return c.name ? `${kind} "${c.name}"` : kind;
}

/** A set of identical pods a workload creates: the unit every pod rule is written against. */
export interface PodGroup {
  /** The workload's own name for the group: `Worker`, `head`, a task or replicated job name, `pod`. */
  role: string;
  /** Pods in the group when it is known (scaled workloads: the declared replicas; DaemonSet: undefined). */
  replicas: number | undefined;
  /** Path to the pod template (`{metadata, spec}`), relative to the resource; undefined when the kind has none inline. */
  templatePath: Path | undefined;
  /** Path to the object holding the pod spec fields (containers, volumes …). */
  podSpecPath: Path | undefined;
  podSpec: JsonObject | undefined;
  podLabels: Record<string, unknown>;
  podAnnotations: Record<string, unknown>;
  containers: ContainerView[];
  /**
   * True when the template is an overlay: fields it leaves out may be supplied by something the
   * checked set does not hold (an operator's presets, a base config, a runtime). Rules that judge
   * what is written (typos, quantities, privileged, hostPath, secrets, NCCL values) apply; rules
   * that judge what is missing (no image, no /dev/shm, no IPC_LOCK, no probes, no limits) skip the
   * group — ask `isPartial(g)`. Absent means a complete template.
   */
  partial?: true;
  /** Facts derived from this pod group, kept by `perObject` (set-index.ts); null until the first. */
  memo: Memo;
}

/** Whether a pod group is an overlay whose missing fields may be supplied elsewhere (see PodGroup.partial). */
export function isPartial(g: PodGroup): boolean {
  return g.partial === true;
}

/** How a workload asks to be scheduled, as far as its own fields say. */
export interface SchedulingInfo {
  /** schedulerName of each pod group that sets one. */
  schedulerNames: string[];
  /** Kueue queue label, Volcano queue, or runPolicy.schedulingPolicy.queue. */
  queue: { name: string; path: Path; source: "kueue" | "volcano" | "runPolicy" } | undefined;
  priorityClassName: string | undefined;
  /** A declared all-or-nothing minimum: Volcano minAvailable, runPolicy.schedulingPolicy.minAvailable. */
  minAvailable: { value: number; path: Path } | undefined;
}

export interface Workload {
  resource: Resource;
  podGroups: PodGroup[];
  scheduling: SchedulingInfo;
  /**
   * The pod groups were found by shape in a kind mlgate does not model (src/model/by-shape.ts):
   * their replicas, scheduling and what the kind's operator adds are unknown, so only rules that
   * declare `podContent` (they judge what a pod says) run on this workload.
   */
  byShape?: true;
  /** For a known kind embedded in another object (a Katib trial's MPIJob): the object holding it. */
  embeddedIn?: Resource;
  /** Facts derived from this workload, kept by `perObject` (set-index.ts); null until the first. */
  memo: Memo;
}

const POD_SPEC_CONTAINER_LISTS = [
  ["containers", "container"],
  ["initContainers", "initContainer"],
  ["ephemeralContainers", "ephemeralContainer"],
] as const;

export function containersOf(podSpec: JsonObject | undefined, podSpecPath: Path): ContainerView[] {
  const out: ContainerView[] = [];
  if (!podSpec) return out;
  for (const [field, role] of POD_SPEC_CONTAINER_LISTS) {
    asArray(podSpec[field]).forEach((c, i) => {
      if (isObject(c))
        out.push({ name: asString(c.name), value: c, path: [...podSpecPath, field, i], role, memo: null });
    });
  }
  return out;
}

/** A pod group from a `{metadata, spec}` pod template at `templatePath`. */
export function fromTemplate(
  resource: Resource,
  role: string,
  replicas: number | undefined,
  templatePath: Path,
): PodGroup {
  const template = asObject(getIn(resource.value, templatePath));
  const podSpecPath = [...templatePath, "spec"];
  const podSpec = asObject(template?.spec);
  const meta = asObject(template?.metadata) ?? {};
  return {
    role,
    replicas,
    templatePath,
    podSpecPath,
    podSpec,
    podLabels: asObject(meta.labels) ?? {},
    podAnnotations: asObject(meta.annotations) ?? {},
    containers: containersOf(podSpec, podSpecPath),
    memo: null,
  };
}

function count(v: unknown, fallback: number | undefined): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/** Kubeflow v1 training jobs: `spec.<x>ReplicaSpecs.<Role>` (the kind's trait); replicas default to 1. */
function kubeflowJob(r: Resource, field: string): PodGroup[] {
  const specs = asObject(getIn(r.value, ["spec", field])) ?? {};
  return Object.entries(specs).map(([role, spec]) =>
    fromTemplate(r, role, count(asObject(spec)?.replicas, 1), ["spec", field, role, "template"]),
  );
}

/** JobSet-shaped `replicatedJobs` (JobSet itself and Trainer runtimes' JobSet templates). */
function replicatedJobs(r: Resource, jobSetSpecPath: Path): PodGroup[] {
  return asArray(getIn(r.value, [...jobSetSpecPath, "replicatedJobs"])).flatMap((rj, i) => {
    const job = asObject(rj);
    if (!job) return [];
    const jobSpec = asObject(getIn(job, ["template", "spec"]));
    const perJob = count(jobSpec?.parallelism, 1) as number;
    const jobs = count(job.replicas, 1) as number;
    return [
      fromTemplate(r, asString(job.name) ?? `replicatedJobs[${i}]`, jobs * perJob, [
        ...jobSetSpecPath,
        "replicatedJobs",
        i,
        "template",
        "spec",
        "template",
      ]),
    ];
  });
}

/** A KubeRay cluster spec at `specPath` (RayCluster.spec, RayJob.spec.rayClusterSpec, RayService.spec.rayClusterConfig). */
function rayCluster(r: Resource, specPath: Path): PodGroup[] {
  const spec = asObject(getIn(r.value, specPath));
  if (!spec) return [];
  const groups = [fromTemplate(r, "head", 1, [...specPath, "headGroupSpec", "template"])];
  asArray(spec.workerGroupSpecs).forEach((g, i) => {
    const wg = asObject(g) ?? {};
    const replicas = count(wg.replicas, count(wg.minReplicas, 0));
    const hosts = count(wg.numOfHosts, 1) as number;
    groups.push(
      fromTemplate(
        r,
        asString(wg.groupName) ?? `workerGroupSpecs[${i}]`,
        replicas === undefined ? undefined : replicas * hosts,
        [...specPath, "workerGroupSpecs", i, "template"],
      ),
    );
  });
  return groups;
}

const KSERVE_COMPONENTS = ["predictor", "transformer", "explainer"] as const;

function inferenceService(r: Resource): PodGroup[] {
  const out: PodGroup[] = [];
  for (const component of KSERVE_COMPONENTS) {
    const path: Path = ["spec", component];
    const spec = asObject(getIn(r.value, path));
    if (!spec) continue;
    const containers = containersOf(spec, path);
    for (const f of KSERVE_MODEL_FIELDS) {
      const m = asObject(spec[f]);
      if (m) containers.push({ name: "kserve-container", value: m, path: [...path, f], role: "model", memo: null });
    }
    out.push({
      role: component,
      replicas: count(spec.minReplicas, 1),
      templatePath: undefined,
      podSpecPath: path,
      podSpec: spec,
      podLabels: asObject(getIn(r.value, ["metadata", "labels"])) ?? {},
      podAnnotations: asObject(getIn(r.value, ["metadata", "annotations"])) ?? {},
      containers,
      memo: null,
    });
    const worker = asObject(spec.workerSpec);
    if (worker) {
      const wpath: Path = [...path, "workerSpec"];
      out.push({
        role: `${component}-worker`,
        replicas: count(worker.pipelineParallelSize, 1),
        templatePath: undefined,
        podSpecPath: wpath,
        podSpec: worker,
        podLabels: {},
        podAnnotations: {},
        containers: containersOf(worker, wpath),
        memo: null,
      });
    }
  }
  return out;
}

/** A pod group over a bare PodSpec at `podSpecPath` (no `{metadata, spec}` wrapper). */
function fromPodSpec(
  resource: Resource,
  role: string,
  replicas: number | undefined,
  podSpecPath: Path,
  meta: { labels?: unknown; annotations?: unknown } = {},
): PodGroup {
  const podSpec = asObject(getIn(resource.value, podSpecPath));
  return {
    role,
    replicas,
    templatePath: undefined,
    podSpecPath,
    podSpec,
    podLabels: asObject(meta.labels) ?? {},
    podAnnotations: asObject(meta.annotations) ?? {},
    containers: containersOf(podSpec, podSpecPath),
    memo: null,
  };
}

/**
 * Pods of one LLMInferenceService (or LLMInferenceServiceConfig) workload block — the service
 * spec itself or its `prefill` — per KServe's controller (kserve/kserve@aaac4e29,
 * pkg/controller/v1alpha2/llmisvc/workload_{single,multi}_node.go): `template` is the pod of a
 * Deployment, or the LeaderWorkerSet leader when `worker` is set; `worker` the LWS workers, whose
 * group size is `parallelism.GetSize()` (data/dataLocal for data parallelism, else pipeline;
 * pkg/apis/serving/v1alpha2/llm_inference_service_types_func.go).
 */
function llmWorkloadBlock(r: Resource, path: Path, prefix: string): PodGroup[] {
  const block = asObject(getIn(r.value, path));
  if (!block) return [];
  const replicas = count(block.replicas, 1);
  const meta = {
    labels: { ...propagated(r.labels, LLM_LABEL_PREFIXES), ...asObject(block.labels) },
    annotations: { ...propagated(r.annotations, LLM_ANNOTATION_PREFIXES), ...asObject(block.annotations) },
  };
  const out: PodGroup[] = [];
  if (isObject(block.template)) out.push(fromPodSpec(r, `${prefix}template`, replicas, [...path, "template"], meta));
  if (isObject(block.worker)) {
    const size = llmGroupSize(block.parallelism);
    const workers = replicas === undefined || size === undefined ? undefined : replicas * Math.max(0, size - 1);
    out.push(fromPodSpec(r, `${prefix}worker`, workers, [...path, "worker"], meta));
  }
  return out;
}

/**
 * Prefixes of the LLMInferenceService's own labels and annotations that the controller copies onto
 * its pod templates (propagateDeploymentMetadata, propagateTopLevelLeaderWorkerSetMetadata in
 * workload_{single,multi}_node.go; constants.go: KueueAPIGroupName, LocalModelLabel).
 */
const LLM_ANNOTATION_PREFIXES = [
  "k8s.v1.cni.cncf.io",
  "kueue.x-k8s.io",
  "prometheus.io",
  "leaderworkerset.sigs.k8s.io",
  "internal.serving.kserve.io/localmodel",
];
const LLM_LABEL_PREFIXES = ["kueue.x-k8s.io", "internal.serving.kserve.io/localmodel"];

function propagated(map: Record<string, unknown>, prefixes: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) if (prefixes.some((p) => k.startsWith(p))) out[k] = v;
  return out;
}

/** Pods per LeaderWorkerSet group of an LLMInferenceService block (`ParallelismSpec.GetSize`), undefined without one. */
export function llmGroupSize(parallelism: unknown): number | undefined {
  const p = asObject(parallelism);
  if (!p) return undefined;
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  if ((n(p.data) ?? 0) > 0 || (n(p.dataLocal) ?? 0) > 0)
    return Math.max(Math.floor(Math.max(n(p.data) ?? 1, 1) / Math.max(n(p.dataLocal) ?? 1, 1)), 1);
  const pp = n(p.pipeline);
  return pp !== undefined && pp > 0 ? pp : undefined;
}

/** KServe LLMInferenceService and LLMInferenceServiceConfig: every PodSpec its CRD defines, each partial. */
function llmInferenceService(r: Resource): PodGroup[] {
  const groups = [...llmWorkloadBlock(r, ["spec"], ""), ...llmWorkloadBlock(r, ["spec", "prefill"], "prefill-")];
  const scheduler: Path = ["spec", "router", "scheduler"];
  const sched = asObject(getIn(r.value, scheduler));
  if (isObject(sched?.template))
    groups.push(
      fromPodSpec(r, "scheduler", count(sched?.replicas, 1), [...scheduler, "template"], {
        labels: sched?.labels,
        annotations: sched?.annotations,
      }),
    );
  if (isObject(getIn(r.value, [...scheduler, "tokenizer", "template"])))
    groups.push(fromPodSpec(r, "tokenizer", 1, [...scheduler, "tokenizer", "template"]));
  // The controller merges well-known presets and spec.baseRefs under every one of these.
  for (const g of groups) g.partial = true;
  return groups;
}

/**
 * A Trainer TrainJob's overlays on its runtime's pod templates, each partial: `podSpecOverrides`
 * (trainer v2.0, fields inline), `podTemplateOverrides` (`{targetJobs, metadata, spec}`) and
 * `runtimePatches[].trainingRuntimeSpec` (a runtime spec fragment whose replicated jobs carry pod
 * templates), per the TrainJob CRD in ../shared/corpus/crds/kubeflow__trainer.
 */
function trainJobOverrides(r: Resource): PodGroup[] {
  const out: PodGroup[] = [];
  const targets = (o: JsonObject) =>
    asArray(o.targetJobs)
      .map((t) => asString(asObject(t)?.name))
      .filter((n): n is string => n !== undefined)
      .join(",");
  asArray(getIn(r.value, ["spec", "podSpecOverrides"])).forEach((o, i) => {
    const ov = asObject(o);
    if (ov) out.push(fromPodSpec(r, `override:${targets(ov) || i}`, undefined, ["spec", "podSpecOverrides", i]));
  });
  asArray(getIn(r.value, ["spec", "podTemplateOverrides"])).forEach((o, i) => {
    const ov = asObject(o);
    if (!ov || !isObject(ov.spec)) return;
    const meta = asObject(ov.metadata) ?? {};
    out.push(
      fromPodSpec(r, `override:${targets(ov) || i}`, undefined, ["spec", "podTemplateOverrides", i, "spec"], meta),
    );
  });
  asArray(getIn(r.value, ["spec", "runtimePatches"])).forEach((_patch, i) => {
    const jobsPath: Path = ["spec", "runtimePatches", i, "trainingRuntimeSpec", "template", "spec", "replicatedJobs"];
    asArray(getIn(r.value, jobsPath)).forEach((rj, j) => {
      const job = asObject(rj);
      const tpl: Path = [...jobsPath, j, "template", "spec", "template"];
      if (!job || !isObject(getIn(r.value, tpl))) return;
      out.push(fromTemplate(r, `patch:${asString(job.name) ?? j}`, undefined, tpl));
    });
  });
  for (const g of out) g.partial = true;
  return out;
}

function trainJob(r: Resource): PodGroup[] {
  const trainer = asObject(getIn(r.value, ["spec", "trainer"]));
  if (!trainer) return trainJobOverrides(r);
  // A TrainJob's pods come from its runtime; spec.trainer overrides the trainer container.
  // The view keeps Container field names so container rules apply (resourcesPerNode → resources).
  const view: JsonObject = { ...trainer, name: "node" };
  if (trainer.resourcesPerNode !== undefined) view.resources = trainer.resourcesPerNode;
  return [
    {
      role: "node",
      replicas: count(trainer.numNodes, undefined),
      templatePath: undefined,
      podSpecPath: undefined,
      podSpec: undefined,
      podLabels: {},
      podAnnotations: {},
      containers: [{ name: "node", value: view, path: ["spec", "trainer"], role: "trainer", memo: null }],
      memo: null,
    },
    ...trainJobOverrides(r),
  ];
}

/** Volcano Job tasks under `jobSpecPath` (a Job's spec, a Volcano CronJob's jobTemplate.spec). */
function volcanoTasks(r: Resource, jobSpecPath: Path): PodGroup[] {
  return asArray(getIn(r.value, [...jobSpecPath, "tasks"])).flatMap((t, i) => {
    const task = asObject(t);
    if (!task) return [];
    return [
      fromTemplate(r, asString(task.name) ?? `tasks[${i}]`, count(task.replicas, 1), [
        ...jobSpecPath,
        "tasks",
        i,
        "template",
      ]),
    ];
  });
}

/**
 * Where a RayCronJob's RayJob spec is: KubeRay's RayCronJobSpec.jobTemplate is a RayJobSpec
 * (ray-project/kuberay ray-operator/apis/ray/v1/raycronjob_types.go, samples/ray-cronjob.sample.yaml);
 * a `jobTemplate.spec` wrapper, as some guides write it, is read too.
 */
export function rayCronJobSpecPath(r: Resource): Path {
  const jt: Path = ["spec", "jobTemplate"];
  return isObject(getIn(r.value, [...jt, "spec", "rayClusterSpec"])) ? [...jt, "spec"] : jt;
}

function rayJob(r: Resource, jobSpecPath: Path): PodGroup[] {
  const groups = rayCluster(r, [...jobSpecPath, "rayClusterSpec"]);
  if (isObject(getIn(r.value, [...jobSpecPath, "submitterPodTemplate"]))) {
    groups.push(fromTemplate(r, "submitter", 1, [...jobSpecPath, "submitterPodTemplate"]));
  }
  return groups;
}

/**
 * NVIDIA NIM operator's NIMService (`apps.nvidia.com/v1alpha1`; NVIDIA/k8s-nim-operator@f63f74d7ad22
 * api/apps/v1alpha1/nimservice_types.go, internal/controller/platform/standalone/nimservice.go): the
 * operator builds one pod template (a Deployment, or a LeaderWorkerSet of `multiNode.parallelism.
 * pipeline` pods per replica) whose NIM container takes `spec.image` (repository and tag), `command`,
 * `args`, `env` and `resources`, and whose pod takes `nodeSelector`, `tolerations`, `affinity`,
 * `schedulerName` and `runtimeClassName` from the spec. The operator adds /dev/shm, the model store,
 * probes and, from a NIMCache profile, the GPUs: the group is partial.
 */
function nimService(r: Resource): PodGroup[] {
  const spec = asObject(r.value.spec);
  if (!spec) return [];
  const image = asObject(spec.image);
  const repo = asString(image?.repository);
  const tag = asString(image?.tag);
  const view: JsonObject = { name: "nim" };
  for (const k of ["command", "args", "env", "resources"]) if (spec[k] !== undefined) view[k] = spec[k];
  if (repo) view.image = tag ? `${repo}:${tag}` : repo;
  const pipeline = count(getIn(spec, ["multiNode", "parallelism", "pipeline"]), 1) as number;
  const replicas = count(spec.replicas, count(getIn(spec, ["scale", "hpa", "minReplicas"]), 1)) as number;
  return [
    {
      role: "nim",
      replicas: replicas * (asObject(spec.multiNode) ? pipeline : 1),
      templatePath: undefined,
      podSpecPath: ["spec"],
      podSpec: spec,
      podLabels: asObject(spec.labels) ?? {},
      podAnnotations: asObject(spec.annotations) ?? {},
      containers: [{ name: "nim", value: view, path: ["spec"], role: "model", memo: null }],
      partial: true,
      memo: null,
    },
  ];
}

/**
 * A KAITO Workspace (`kaito.sh/v1beta1`, v1alpha1 alike; catalog/kaito.ts): `resource`, `inference`
 * and `tuning` sit at the top level, beside metadata. Inference runs as a StatefulSet, tuning as a
 * Job; every pod carries `kaito.sh/workspace: <name>`. A `template` (a PodTemplateSpec) is the pod as
 * written; a `preset` pod is built by KAITO, which gives its model server every GPU of the
 * instance type (`resource.instanceType`, KAITO's SKU table) and port 5000: that pod is one model
 * container view holding those, at the preset. KAITO sizes the node count itself from the model and
 * the instance type (`resource.count` is a floor), so the replicas of a preset group are unknown.
 */
function kaitoWorkspace(r: Resource): PodGroup[] {
  const out: PodGroup[] = [];
  const label = r.name ? { [KAITO_WORKSPACE_LABEL]: r.name } : {};
  const requested = count(getIn(r.value, ["resource", "count"]), 1);
  const sku = kaitoSku(asString(getIn(r.value, ["resource", "instanceType"])) ?? "");
  for (const block of ["inference", "tuning"] as const) {
    const spec = asObject(r.value[block]);
    if (!spec) continue;
    if (isObject(spec.template)) {
      const g = fromTemplate(r, block, requested, [block, "template"]);
      g.podLabels = { ...g.podLabels, ...label };
      g.partial = true;
      out.push(g);
      continue;
    }
    if (!isObject(spec.preset)) continue;
    const view: JsonObject = { name: block === "inference" ? "inference" : "tuning" };
    if (sku) view.resources = { limits: { "nvidia.com/gpu": sku.gpus } };
    if (block === "inference") view.ports = [{ containerPort: KAITO_INFERENCE_PORT }];
    out.push({
      role: block,
      replicas: undefined,
      templatePath: undefined,
      podSpecPath: undefined,
      podSpec: undefined,
      podLabels: label,
      podAnnotations: {},
      containers: [{ name: asString(view.name), value: view, path: [block, "preset"], role: "model", memo: null }],
      partial: true,
      memo: null,
    });
  }
  return out;
}

/** Extracts the pod groups of one resource, or undefined when the kind is not a workload. */
export function podGroupsOf(r: Resource): PodGroup[] | undefined {
  const g = r.group;
  switch (`${g}/${r.kind}`) {
    case "/Pod": {
      const spec = asObject(r.value.spec);
      return [
        {
          role: "pod",
          replicas: 1,
          templatePath: [],
          podSpecPath: ["spec"],
          podSpec: spec,
          podLabels: r.labels,
          podAnnotations: r.annotations,
          containers: containersOf(spec, ["spec"]),
          memo: null,
        },
      ];
    }
    case "/PodTemplate":
      return [fromTemplate(r, "pod", undefined, ["template"])];
    case "/ReplicationController":
    case "apps/Deployment":
    case "apps/StatefulSet":
    case "apps/ReplicaSet":
      return [fromTemplate(r, "pod", count(getIn(r.value, ["spec", "replicas"]), 1), ["spec", "template"])];
    case "apps/DaemonSet":
      return [fromTemplate(r, "pod", undefined, ["spec", "template"])];
    case "batch/Job":
      return [fromTemplate(r, "pod", count(getIn(r.value, ["spec", "parallelism"]), 1), ["spec", "template"])];
    case "batch/CronJob":
      return [
        fromTemplate(r, "pod", count(getIn(r.value, ["spec", "jobTemplate", "spec", "parallelism"]), 1), [
          "spec",
          "jobTemplate",
          "spec",
          "template",
        ]),
      ];
    case "trainer.kubeflow.org/TrainJob":
      return trainJob(r);
    case "trainer.kubeflow.org/TrainingRuntime":
    case "trainer.kubeflow.org/ClusterTrainingRuntime":
      return replicatedJobs(r, ["spec", "template", "spec"]);
    case "jobset.x-k8s.io/JobSet":
      return replicatedJobs(r, ["spec"]);
    case "ray.io/RayCluster":
      return rayCluster(r, ["spec"]);
    case "ray.io/RayJob":
      return rayJob(r, ["spec"]);
    case "ray.io/RayCronJob":
      return rayJob(r, rayCronJobSpecPath(r));
    case "ray.io/RayService":
      return rayCluster(r, ["spec", "rayClusterConfig"]);
    case "batch.volcano.sh/Job":
      return volcanoTasks(r, ["spec"]);
    case "batch.volcano.sh/CronJob":
      return volcanoTasks(r, ["spec", "jobTemplate", "spec"]);
    case "leaderworkerset.x-k8s.io/LeaderWorkerSet": {
      const lwt: Path = ["spec", "leaderWorkerTemplate"];
      const groupsCount = count(getIn(r.value, ["spec", "replicas"]), 1) as number;
      const size = count(getIn(r.value, [...lwt, "size"]), 1) as number;
      const hasLeader = isObject(getIn(r.value, [...lwt, "leaderTemplate"]));
      return [
        fromTemplate(r, "leader", groupsCount, [...lwt, hasLeader ? "leaderTemplate" : "workerTemplate"]),
        fromTemplate(r, "worker", groupsCount * Math.max(0, size - 1), [...lwt, "workerTemplate"]),
      ];
    }
    case "serving.kserve.io/InferenceService":
      return inferenceService(r);
    case "apps.nvidia.com/NIMService":
      return nimService(r);
    case "kaito.sh/Workspace":
      return kaitoWorkspace(r);
    case "serving.kserve.io/LLMInferenceService":
    case "serving.kserve.io/LLMInferenceServiceConfig":
      return llmInferenceService(r);
    default: {
      const replicaSpecs = kindTraits(r).replicaSpecs;
      return replicaSpecs ? kubeflowJob(r, replicaSpecs) : undefined;
    }
  }
}

function schedulingOf(r: Resource, groups: PodGroup[]): SchedulingInfo {
  const schedulerNames = new Set<string>();
  for (const pg of groups) {
    const s = asString(pg.podSpec?.schedulerName);
    if (s) schedulerNames.add(s);
  }
  let queue: SchedulingInfo["queue"];
  let minAvailable: SchedulingInfo["minAvailable"];
  let priorityClassName = groups.map((g) => asString(g.podSpec?.priorityClassName)).find((p) => p !== undefined);
  const kueueQueue = asString(r.labels["kueue.x-k8s.io/queue-name"]);
  if (kueueQueue)
    queue = { name: kueueQueue, path: ["metadata", "labels", "kueue.x-k8s.io/queue-name"], source: "kueue" };
  if (r.group === "batch.volcano.sh" && (r.kind === "Job" || r.kind === "CronJob")) {
    const js: Path = r.kind === "CronJob" ? ["spec", "jobTemplate", "spec"] : ["spec"];
    schedulerNames.add(asString(getIn(r.value, [...js, "schedulerName"])) ?? "volcano");
    const q = asString(getIn(r.value, [...js, "queue"]));
    if (q && !queue) queue = { name: q, path: [...js, "queue"], source: "volcano" };
    const m = getIn(r.value, [...js, "minAvailable"]);
    if (typeof m === "number") minAvailable = { value: m, path: [...js, "minAvailable"] };
    priorityClassName ??= asString(getIn(r.value, [...js, "priorityClassName"]));
  }
  const policyPath: Path = ["spec", "runPolicy", "schedulingPolicy"];
  const policy = asObject(getIn(r.value, policyPath));
  if (policy) {
    const q = asString(policy.queue);
    if (q && !queue) queue = { name: q, path: [...policyPath, "queue"], source: "runPolicy" };
    if (typeof policy.minAvailable === "number")
      minAvailable = { value: policy.minAvailable, path: [...policyPath, "minAvailable"] };
    priorityClassName ??= asString(policy.priorityClass);
  }
  return { schedulerNames: [...schedulerNames], queue, priorityClassName, minAvailable };
}

/** Normalises a resource into a workload, or undefined when it creates no pods. */
export function toWorkload(r: Resource): Workload | undefined {
  const podGroups = podGroupsOf(r);
  if (!podGroups) return undefined;
  return { resource: r, podGroups, scheduling: schedulingOf(r, podGroups), memo: null };
}

/**
 * Where an MPIJob's ranks run: the MPI operator starts `mpirun` in the Launcher pod, which
 * reaches the Worker pods (and, with `runLauncherAsWorker`, its own) over SSH. Undefined for
 * any other workload.
 */
export function mpiRanks(w: Workload): { launchers: PodGroup[]; ranks: PodGroup[] } | undefined {
  const r = w.resource;
  if (r.group !== "kubeflow.org" || r.kind !== "MPIJob") return undefined;
  const launcherRuns = getIn(r.value, ["spec", "runLauncherAsWorker"]) === true;
  return {
    launchers: w.podGroups.filter((g) => g.role === "Launcher"),
    ranks: w.podGroups.filter((g) => g.role === "Worker" || (launcherRuns && g.role === "Launcher")),
  };
}

/** Pods the workload creates when every group is at its declared size; undefined if any group is unbounded. */
export function totalPods(w: Workload): number | undefined {
  let n = 0;
  for (const g of w.podGroups) {
    if (g.replicas === undefined) return undefined;
    n += g.replicas;
  }
  return n;
}
