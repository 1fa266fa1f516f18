import { PSS_CONTROLS } from "../../catalog/pss.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import {
  containerLabel,
  containerSecurityContext,
  isNodeAgent,
  PRIVILEGED_NAMESPACE_HINT,
  pssTag,
  rdmaOf,
} from "./_pod.js";

const C = PSS_CONTROLS.privileged;

export default defineRule({
  id: "security/privileged",
  category: "security",
  severity: "warning",
  sources: [{ tool: "kube-linter", check: "privileged-container" }],
  podContent: true,
  summary: "A container runs privileged (securityContext.privileged: true)",
  rationale:
    "A privileged container sees every device of the node and can load kernel modules, mount the host filesystem and leave its namespaces: a compromise of the process is a compromise of the node and of every pod and GPU on it. The Pod Security Standards forbid it from the baseline level up (control: Privileged Containers), so a namespace that enforces baseline rejects the pod. Device plugins and drivers (DaemonSets) legitimately need it, and so do the pods an operator builds from its own internal templates to validate a node (the GPU operator's validator manifests, whose namespace and image are placeholders the operator fills in): those are node agents, reported as info; an RDMA training pod does not: IPC_LOCK and the RDMA device resource are enough.",
  remediation:
    "Remove privileged: true. Request the device through its resource (nvidia.com/gpu, rdma/…) and add only the capability the workload needs (IPC_LOCK for RDMA). For a node agent, run it in a namespace labelled for the privileged level.",
  links: [
    {
      title: "Pod Security Standards: Privileged Containers",
      url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    },
  ],
  examples: {
    valid: [
      {
        title:
          "a privileged container that requests GPUs: one finding, from gpu/visible-devices, which supersedes this rule there",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: nvcr.io/nvidia/pytorch:24.10-py3
                resources: {limits: {nvidia.com/gpu: 8}}
                securityContext:
                  privileged: true
        `,
      },
      {
        title: "an unprivileged training container",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: busybox:1.36
                securityContext:
                  privileged: false
        `,
      },
    ],
    invalid: [
      {
        title: "a privileged container in a kaito Workspace, a kind mlgate does not model: found by shape",
        yaml: dedent`
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: custom-llm
          resource:
            instanceType: Standard_NC24ads_A100_v4
            labelSelector:
              matchLabels: {apps: custom-llm}
          inference:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.11.0
                    securityContext:
                      privileged: true
        `,
        findings: [{ line: 16, column: 25, severity: "warning", message: /runs privileged/ }],
      },
      {
        title: "a PyTorchJob worker runs privileged",
        yaml: dedent`
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
          spec:
            pytorchReplicaSpecs:
              Worker:
                replicas: 2
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
                        securityContext:
                          privileged: true
        `,
        findings: [
          {
            line: 15,
            column: 29,
            severity: "warning",
            message: /runs privileged: .*PSS baseline: Privileged Containers/,
          },
        ],
      },
      {
        title: "a device plugin DaemonSet is privileged: info, not a warning",
        yaml: dedent`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: plugin
            namespace: kube-system
          spec:
            selector: {matchLabels: {app: plugin}}
            template:
              metadata:
                labels: {app: plugin}
              spec:
                containers:
                  - name: plugin
                    image: nvcr.io/nvidia/k8s-device-plugin:v0.17.0
                    securityContext:
                      privileged: true
        `,
        findings: [{ line: 16, column: 25, severity: "info", message: /node agent/ }],
      },
      {
        title: "an operator's internal validator pod template (placeholders the operator fills in): a node agent, info",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            generateName: cuda-validator-
            namespace: FILLED_BY_THE_VALIDATOR
          spec:
            restartPolicy: OnFailure
            containers:
              - name: validator
                image: FILLED_BY_THE_VALIDATOR
                args: [vectorAdd]
                securityContext:
                  privileged: true
        `,
        findings: [{ line: 13, column: 21, severity: "info", message: /node agent/ }],
      },
    ],
  },
  workload(w, ctx) {
    const agent = isNodeAgent(w);
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const sc = containerSecurityContext(c);
        if (sc?.value.privileged !== true) continue;
        const path = [...sc.path, "privileged"];
        if (agent) {
          ctx.report({
            resource: w.resource,
            path,
            severity: "info",
            message: `${containerLabel(c)} runs privileged: expected of a node agent (device plugin, driver); ${PRIVILEGED_NAMESPACE_HINT} ${pssTag(C)}`,
          });
          continue;
        }
        const rdma = rdmaOf(g, ctx);
        if (rdma.rdma) {
          ctx.report({
            resource: w.resource,
            path,
            severity: "info",
            message: `${containerLabel(c)} runs privileged for RDMA (${rdma.reasons[0]}); RDMA needs only capabilities.add: [IPC_LOCK] and the RDMA device resource ${pssTag(C)}`,
          });
          continue;
        }
        ctx.report({
          resource: w.resource,
          path,
          message: `${containerLabel(c)} runs privileged: it has every device and capability of the node; request devices through resources and add only the capabilities it needs ${pssTag(C)}`,
        });
      }
    }
  },
});
