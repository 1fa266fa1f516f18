// An mlgate rule plugin (rule API version 1, docs/plugins.md): every workload that asks for GPUs
// carries a cost-center label, so the GPU bill can be split by team. Plain JavaScript, no build
// step and no import of mlgate: a rule is an object in the shape of mlgate's built-in rules.

/** GPUs a container asks for (nvidia.com/gpu in its limits, or requests). */
function gpus(container) {
  const resources = container.value?.resources ?? {};
  const n = Number(resources.limits?.["nvidia.com/gpu"] ?? resources.requests?.["nvidia.com/gpu"] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

const gpuCostCenter = {
  id: "acme/gpu-cost-center",
  category: "cost",
  severity: "warning",
  summary: "A GPU workload has no cost-center label",
  rationale:
    "Finance splits the GPU bill by the cost-center label of the workload that ran; a GPU workload without one is billed to the platform team, and nobody sees what it costs.",
  remediation: "Add metadata.labels.cost-center with your team's cost centre (e.g. cc-1234).",
  links: [{ title: "Team wiki: GPU cost allocation", url: "https://wiki.example.com/gpu-cost-allocation" }],
  examples: {
    valid: [
      {
        title: "a labelled GPU Job",
        yaml: `apiVersion: batch/v1
kind: Job
metadata:
  name: train
  labels: {cost-center: cc-1234}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: train
          image: nvcr.io/nvidia/pytorch:24.05-py3
          resources: {limits: {nvidia.com/gpu: 8}}
`,
      },
      {
        title: "a CPU-only Deployment needs no label",
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`,
      },
    ],
    invalid: [
      {
        title: "a GPU Job without the label",
        yaml: `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: train
          image: nvcr.io/nvidia/pytorch:24.05-py3
          resources: {limits: {nvidia.com/gpu: 8}}
`,
        findings: [{ line: 3, column: 1, message: "Job train asks for 8 GPUs and has no cost-center label" }],
      },
    ],
  },
  workload(w, ctx) {
    let total = 0;
    for (const g of w.podGroups) for (const c of g.containers) total += gpus(c) * (g.replicas ?? 1);
    if (total === 0 || w.resource.labels["cost-center"]) return;
    ctx.report({
      resource: w.resource,
      path: ["metadata"],
      at: "key",
      message: `${w.resource.kind} ${w.resource.name} asks for ${total} GPUs and has no cost-center label`,
    });
  },
};

export default { apiVersion: 1, name: "acme", rules: [gpuCostCenter] };
