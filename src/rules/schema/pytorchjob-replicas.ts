import { asObject, getIn } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const ROLES = new Set(["Master", "Worker"]);

export default defineRule({
  id: "schema/pytorchjob-replicas",
  category: "schema",
  severity: "error",
  summary: "A PyTorchJob breaks the training operator's admission rules: roles, Master count, the `pytorch` container",
  rationale:
    "The Kubeflow training operator's webhook rejects a PyTorchJob whose replica types are not Master or Worker, whose Master has other than one replica, or whose pods lack a container named `pytorch` (the operator injects MASTER_ADDR, RANK and WORLD_SIZE into it and reads its exit code).",
  remediation: "Use the roles Master (replicas: 1) and Worker, and name the training container `pytorch`.",
  links: [
    {
      title: "training-operator PyTorchJob webhook (release-1.9)",
      url: "https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/webhooks/pytorch/pytorchjob_webhook.go",
    },
  ],
  examples: {
    valid: [
      {
        title: "Master and Worker with a pytorch container",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                template:
                  spec:
                    containers: [{name: pytorch, image: i}]
              Worker:
                replicas: 3
                template:
                  spec:
                    containers: [{name: pytorch, image: i}]
        `,
      },
    ],
    invalid: [
      {
        title: "two Masters and a container named trainer",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: trainer
                        image: i
        `,
        findings: [
          { line: 8, column: 17, message: /exactly one replica/ },
          { line: 12, column: 13, message: /named "pytorch"/ },
        ],
      },
      {
        title: "a Launcher role, which belongs to MPIJob",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: t
          spec:
            pytorchReplicaSpecs:
              Launcher:
                template:
                  spec:
                    containers: [{name: pytorch, image: i}]
        `,
        findings: [{ line: 7, column: 5, message: /Master or Worker/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    if (r.kind !== "PyTorchJob" || r.group !== "kubeflow.org") return;
    const specs = asObject(getIn(r.value, ["spec", "pytorchReplicaSpecs"])) ?? {};
    for (const role of Object.keys(specs)) {
      // The operator normalises the case of role names before validating.
      const norm = role.charAt(0).toUpperCase() + role.slice(1).toLowerCase();
      if (!ROLES.has(norm)) {
        ctx.report({
          resource: r,
          path: ["spec", "pytorchReplicaSpecs", role],
          at: "key",
          message: `replica type "${role}" is not allowed in a PyTorchJob; use Master or Worker`,
        });
      }
      const replicas = getIn(specs, [role, "replicas"]);
      if (norm === "Master" && typeof replicas === "number" && replicas !== 1) {
        ctx.report({
          resource: r,
          path: ["spec", "pytorchReplicaSpecs", role, "replicas"],
          message: `Master must have exactly one replica, not ${replicas}`,
        });
      }
    }
    for (const g of w.podGroups) {
      if (!g.podSpec || !g.podSpecPath) continue;
      const names = g.containers.filter((c) => c.role === "container").map((c) => c.name);
      if (names.length > 0 && !names.includes("pytorch")) {
        ctx.report({
          resource: r,
          path: [...g.podSpecPath, "containers"],
          message: `${g.role} pods need a container named "pytorch" (found ${names.map((n) => `"${n}"`).join(", ")}); the operator injects the rendezvous environment into it`,
        });
      }
    }
  },
});
