import {
  BY_PORT,
  type Endpoint,
  JUPYTER,
  LLM,
  MLFLOW,
  NIM,
  RAY_CLIENT,
  RAY_DASHBOARD,
  SERVERS_BY_IMAGE,
  TENSORBOARD,
  TRITON,
} from "../../catalog/ml-endpoints.js";
import type { Path } from "../../model/path.js";
import { belonging, describeMatch, type Place, placeOf, resolveRef } from "../../model/refs.js";
import { asArray, asObject, asString, getIn, type JsonObject, type Resource } from "../../model/resource.js";
import { indexResources } from "../../model/set-index.js";
import type { Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, factsAs, type RuleContext } from "../types.js";

/** What a container serves, from its image and command. */
function endpointOfContainer(c: ServedContainer): Endpoint | undefined {
  const image = (asString(c.image) ?? "").toLowerCase();
  const cmd = [...asArray(c.command), ...asArray(c.args)].filter((x) => typeof x === "string").join(" ");
  const text = `${image} ${cmd.toLowerCase()}`;
  if (/jupyter|notebook/.test(text)) return JUPYTER;
  if (/mlflow/.test(text)) return MLFLOW;
  if (/tensorboard/.test(text)) return TENSORBOARD;
  if (/tritonserver/.test(text)) return TRITON;
  const known = SERVERS_BY_IMAGE.find((e) => e.runs?.test(text));
  if (known) return known;
  if (/vllm|sglang|text-generation-inference|\btgi\b|llama[.-]?cpp|ollama|lmdeploy/.test(text)) {
    // vLLM and SGLang check a key when started with --api-key (or VLLM_API_KEY is set).
    const envNames = asArray(c.env).map((e) => asString(asObject(e)?.name));
    if (/--api-key\b/.test(cmd) || envNames.includes("VLLM_API_KEY")) return undefined;
    return LLM;
  }
  return undefined;
}

const AUTH_PROXY = /oauth2-proxy|kube-rbac-proxy|pomerium|authelia|oauth-proxy|keycloak-gatekeeper|envoy.*ext.?authz/i;

function selects(selector: JsonObject, labels: Record<string, unknown>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** Every selector key is on the pod with a value that contains the selector's or is contained in it (`vllm` ~ `vllm-server`). */
function nearly(selector: JsonObject, labels: Record<string, unknown>): boolean {
  const entries = Object.entries(selector);
  return (
    entries.length > 0 &&
    entries.every(([k, v]) => {
      const l = labels[k];
      return typeof l === "string" && typeof v === "string" && (l.includes(v) || v.includes(l));
    })
  );
}

/** What the rule reads of a container: what it runs, the ports it declares, its environment's names. */
type ServedContainer = JsonObject;

/** A workload's pods as a Service sees them (the rule's `facts`): labels and containers per pod group. */
interface ServedPods {
  namespace: string | undefined;
  place: Place;
  groups: Array<{ labels: Record<string, unknown>; containers: ServedContainer[] }>;
}

function servedPods(w: Workload): ServedPods {
  return {
    namespace: w.resource.namespace,
    place: placeOf(w.resource),
    groups: w.podGroups.map((g) => ({
      labels: g.podLabels,
      containers: g.containers
        .filter((c) => c.role === "container")
        .map((c) => ({
          image: c.value.image,
          command: c.value.command,
          args: c.value.args,
          ports: c.value.ports,
          env: asArray(c.value.env).map((e) => ({ name: asObject(e)?.name })),
        })),
    })),
  };
}

/** The pods a Service selects in the set (same namespace when both say one). */
function backingContainers(svc: Resource, pods: readonly ServedPods[]): ServedContainer[] {
  const selector = asObject(getIn(svc.value, ["spec", "selector"]));
  if (!selector) return [];
  const exact: ServedPods[] = [];
  const close: ServedPods[] = [];
  for (const w of pods) {
    const ns = w.namespace;
    if (svc.namespace !== undefined && ns !== undefined && ns !== svc.namespace) continue;
    if (w.groups.some((g) => selects(selector, g.labels))) exact.push(w);
    else if (w.groups.some((g) => nearly(selector, g.labels))) close.push(w);
  }
  // Only pods that belong with the Service (model/refs.ts): another example's pods with the same
  // labels are not behind it.
  const own = (ws: ServedPods[]) => belonging(placeOf(svc), ws, (w) => w.place, true).objects;
  const containers = (ws: ServedPods[], match: (labels: Record<string, unknown>) => boolean) =>
    ws.flatMap((w) => w.groups.filter((g) => match(g.labels)).flatMap((g) => g.containers));
  const out = containers(own(exact), (l) => selects(selector, l));
  // A selector that matches nothing (reliability/service-selector says so) is still an exposure:
  // judge the pods it was meant for, whose labels differ from it only by a prefix or suffix.
  return out.length > 0 ? out : containers(own(close), (l) => nearly(selector, l));
}

/** What a Service port leads to, or undefined when it is not an ML endpoint (or is behind an auth proxy). */
function endpointOfServicePort(port: JsonObject, backing: ServedContainer[]): Endpoint | undefined {
  const number = typeof port.port === "number" ? port.port : undefined;
  const target = port.targetPort ?? number;
  const portName = asString(port.name) ?? "";
  const declaring = backing.filter((c) =>
    asArray(c.ports).some((p) => {
      const cp = asObject(p);
      return cp && (cp.containerPort === target || (typeof target === "string" && cp.name === target));
    }),
  );
  if (declaring.some((c) => AUTH_PROXY.test(asString(c.image) ?? ""))) return undefined;
  // A default port names its tool when nothing is known of the pods behind it, or they run that tool
  // (port 8888 of a Saxml HTTP server is not Jupyter).
  const byPort = typeof target === "number" ? BY_PORT[target] : undefined;
  if (byPort) {
    const pods = declaring.length > 0 ? declaring : backing;
    const text = (c: ServedContainer) => [asString(c.image) ?? "", ...asArray(c.command), ...asArray(c.args)].join(" ");
    if (pods.length === 0 || !byPort.runs || pods.some((c) => byPort.runs?.test(text(c)))) return byPort;
  }
  if (typeof target === "string") {
    if (/dashboard/.test(target) && backing.some((c) => /ray/.test(asString(c.image) ?? ""))) return RAY_DASHBOARD;
    if (/^client$/.test(target) && backing.some((c) => /ray/.test(asString(c.image) ?? ""))) return RAY_CLIENT;
  }
  if (/jupyter|notebook/.test(portName)) return JUPYTER;
  if (/mlflow/.test(portName)) return MLFLOW;
  if (/tensorboard/.test(portName)) return TENSORBOARD;
  for (const c of declaring) {
    const e = endpointOfContainer(c);
    if (e) return e;
  }
  // Containers often declare no ports: one ML server behind the selector is what the Service reaches.
  if (declaring.length === 0) {
    const found = new Set(backing.map(endpointOfContainer).filter((e): e is Endpoint => e !== undefined));
    if (found.size === 1 && !backing.some((c) => AUTH_PROXY.test(asString(c.image) ?? ""))) return [...found][0];
  }
  return undefined;
}

/** Annotations that put a LoadBalancer on an internal address only. */
const INTERNAL_LB: Record<string, RegExp> = {
  "service.beta.kubernetes.io/aws-load-balancer-internal": /^(true|0\.0\.0\.0\/0)$/i,
  "service.beta.kubernetes.io/aws-load-balancer-scheme": /^internal$/i,
  "networking.gke.io/load-balancer-type": /^internal$/i,
  "cloud.google.com/load-balancer-type": /^internal$/i,
  "service.beta.kubernetes.io/azure-load-balancer-internal": /^true$/i,
  "service.beta.kubernetes.io/oci-load-balancer-internal": /^true$/i,
};

/** Ingress annotations of controllers that authenticate before proxying. */
const INGRESS_AUTH =
  /^(nginx\.ingress\.kubernetes\.io\/auth-(url|type|signin)|alb\.ingress\.kubernetes\.io\/auth-type|traefik\.ingress\.kubernetes\.io\/router\.middlewares|konghq\.com\/plugins|haproxy\.org\/auth-|ingress\.kubernetes\.io\/auth-|kubernetes\.io\/ingress\.allow-http)/;

function message(e: Endpoint, how: string, port: string, plainHttp = false): string {
  if (e.auth === "token-by-default")
    return `${how} exposes ${e.what} (port ${port}) ${plainHttp ? "on a plain-HTTP address" : "to clients"} outside the cluster: it asks for a token by default, but ${plainHttp ? "the token and everything after it travel in clear text, and " : "a leaked or disabled token is all that stands in the way, and "}once it is read ${e.why}; keep it ClusterIP and use kubectl port-forward, or terminate TLS in front of it with an authenticating proxy`;
  return `${how} exposes ${e.what} (port ${port}) without authentication: ${e.why}; keep it ClusterIP and use kubectl port-forward, or put an authenticating proxy in front`;
}

function checkService(r: Resource, ctx: RuleContext, pods: readonly ServedPods[]) {
  const type = asString(getIn(r.value, ["spec", "type"]));
  if (type !== "LoadBalancer" && type !== "NodePort") return;
  if (
    type === "LoadBalancer" &&
    Object.entries(INTERNAL_LB).some(([k, re]) => re.test(asString(r.annotations[k]) ?? ""))
  )
    return;
  const ranges = asArray(getIn(r.value, ["spec", "loadBalancerSourceRanges"])).filter((x) => typeof x === "string");
  const restricted =
    type === "LoadBalancer" && ranges.length > 0 && !ranges.some((x) => /^0\.0\.0\.0\/0$|^::\/0$/.test(String(x)));
  const backing = backingContainers(r, pods);
  asArray(getIn(r.value, ["spec", "ports"])).forEach((p, i) => {
    const port = asObject(p);
    if (!port) return;
    const e = endpointOfServicePort(port, backing);
    if (!e) return;
    ctx.report({
      resource: r,
      path: ["spec", "ports", i, port.port !== undefined ? "port" : "targetPort"],
      severity: restricted ? "info" : e.severity,
      message: `${message(e, `Service of type ${type}`, String(port.port ?? port.targetPort), true)}${restricted ? " (loadBalancerSourceRanges limits who can reach it)" : ""}`,
    });
  });
}

/** The Service an Ingress backend names, among the objects that belong with the Ingress (model/refs.ts). */
function findService(set: readonly Resource[], from: Resource, name: string): Resource | undefined {
  return resolveRef(set, from, { group: "", kind: "Service", name, namespaced: true }).objects[0];
}

function checkIngress(r: Resource, ctx: RuleContext, pods: readonly ServedPods[]) {
  if (Object.keys(r.annotations).some((k) => INGRESS_AUTH.test(k))) return;
  const backends: Array<{ backend: JsonObject; path: Path }> = [];
  const def = asObject(getIn(r.value, ["spec", "defaultBackend"])) ?? asObject(getIn(r.value, ["spec", "backend"]));
  if (def)
    backends.push({
      backend: def,
      path: ["spec", asObject(getIn(r.value, ["spec", "defaultBackend"])) ? "defaultBackend" : "backend"],
    });
  asArray(getIn(r.value, ["spec", "rules"])).forEach((rule, i) => {
    asArray(getIn(rule, ["http", "paths"])).forEach((p, j) => {
      const b = asObject(asObject(p)?.backend);
      if (b) backends.push({ backend: b, path: ["spec", "rules", i, "http", "paths", j, "backend"] });
    });
  });
  for (const { backend, path } of backends) {
    // networking.k8s.io/v1: service.{name, port.{number|name}}; older: serviceName, servicePort.
    const svcName = asString(getIn(backend, ["service", "name"])) ?? asString(backend.serviceName);
    const portNumber = getIn(backend, ["service", "port", "number"]) ?? backend.servicePort;
    const portName = asString(getIn(backend, ["service", "port", "name"]));
    if (!svcName) continue;
    const portPath: Path =
      getIn(backend, ["service", "port", "number"]) !== undefined
        ? [...path, "service", "port", "number"]
        : getIn(backend, ["service", "port", "name"]) !== undefined
          ? [...path, "service", "port", "name"]
          : backend.servicePort !== undefined
            ? [...path, "servicePort"]
            : path;
    const svc = findService(ctx.set.resources, r, svcName);
    let e: Endpoint | undefined;
    if (svc) {
      const backing = backingContainers(svc, pods);
      const sp = asArray(getIn(svc.value, ["spec", "ports"]))
        .map(asObject)
        .find((x) => x && (x.port === portNumber || (portName !== undefined && x.name === portName)));
      if (sp) e = endpointOfServicePort(sp, backing);
    } else if (typeof portNumber === "number") {
      e = BY_PORT[portNumber];
    }
    if (!e) continue;
    ctx.report({
      resource: r,
      path: portPath,
      severity: e.severity,
      message: message(
        e,
        `Ingress to ${svc ? describeMatch(svc) : `Service ${svcName}`}`,
        String(portNumber ?? portName),
      ),
    });
  }
}

const RAY_SPECS: Record<string, Path> = {
  RayCluster: ["spec"],
  RayJob: ["spec", "rayClusterSpec"],
  RayService: ["spec", "rayClusterConfig"],
};

function checkRay(r: Resource, ctx: RuleContext) {
  const base = RAY_SPECS[r.kind];
  if (!base) return;
  const head: Path = [...base, "headGroupSpec"];
  const serviceType = asString(getIn(r.value, [...head, "serviceType"]));
  const custom = asObject(getIn(r.value, [...head, "headService", "spec"]));
  const customType = asString(custom?.type);
  const exposed = (t: string | undefined) => t === "LoadBalancer" || t === "NodePort";
  if (exposed(customType) && custom) {
    const ports = asArray(custom.ports).map(asObject);
    const known =
      ports.length === 0
        ? [8265]
        : ports
            .flatMap((p) => [p?.port, p?.targetPort])
            .filter((n): n is number => typeof n === "number" && (n === 8265 || n === 10001));
    if (known.length > 0) {
      const e = BY_PORT[known[0] as number] as Endpoint;
      ctx.report({
        resource: r,
        path: [...head, "headService", "spec", "type"],
        severity: e.severity,
        message: message(e, `the Ray head Service of type ${customType}`, String(known[0])),
      });
    }
    return;
  }
  if (exposed(serviceType)) {
    ctx.report({
      resource: r,
      path: [...head, "serviceType"],
      message: `serviceType ${serviceType} on the Ray head exposes the Ray dashboard (port 8265) and the Ray client (port 10001) without authentication: the job submission API and the client run any code on the cluster (remote code execution); keep it ClusterIP and use kubectl port-forward, or put an authenticating proxy in front`,
    });
  }
  if (getIn(r.value, [...head, "enableIngress"]) === true) {
    ctx.report({
      resource: r,
      path: [...head, "enableIngress"],
      message: `${message(RAY_DASHBOARD, "enableIngress on the Ray head", "8265")} (KubeRay's Ingress has no authentication of its own)`,
    });
  }
}

export default defineRule({
  id: "security/exposed-ml-endpoint",
  category: "security",
  severity: "error",
  summary:
    "A Ray dashboard, Jupyter, MLflow, TensorBoard or model server is exposed outside the cluster without authentication",
  rationale:
    "ML tools ship without authentication and assume a trusted network: the Ray dashboard (8265) accepts job submissions and the Ray client (10001) runs Python, so exposing either is remote code execution on the cluster and its GPUs, a pattern exploited in the wild (ShadowRay, CVE-2023-48022, which Ray disputes as by design). Jupyter (8888) runs code, MLflow (5000) serves and overwrites models and artifacts, TensorBoard (6006) leaks training data, vLLM / TGI / SGLang OpenAI-compatible servers and Triton serve anyone who finds them. A Service of type LoadBalancer or NodePort, an Ingress without an authentication annotation, or KubeRay's serviceType / enableIngress puts them on the network. Internal load balancers and ports behind an authenticating proxy (oauth2-proxy, kube-rbac-proxy) are not reported; loadBalancerSourceRanges lowers the finding to info.",
  remediation:
    "Keep the Service ClusterIP and reach the tool with kubectl port-forward, or front it with an authenticating proxy (oauth2-proxy, an Ingress with auth-url, IAP); for vLLM, set --api-key from a Secret.",
  links: [
    {
      title: "Ray: security (do not expose Ray to untrusted networks)",
      url: "https://docs.ray.io/en/latest/ray-security/index.html",
    },
    {
      title: "KubeRay: Ingress and the Ray dashboard",
      url: "https://docs.ray.io/en/latest/cluster/kubernetes/k8s-ecosystem/ingress.html",
    },
    {
      title: "Oligo: ShadowRay (CVE-2023-48022)",
      url: "https://www.oligo.security/blog/shadowray-attack-ai-workloads-actively-exploited-in-the-wild",
    },
  ],
  examples: {
    valid: [
      {
        title:
          "port 8888 of a Saxml HTTP server is not Jupyter: a default port names its tool only when the pods run it",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: sax-http
          spec:
            selector: {matchLabels: {app: sax-http}}
            template:
              metadata: {labels: {app: sax-http}}
              spec:
                containers:
                  - name: sax-http
                    image: us-docker.pkg.dev/cloud-tpu-images/inference/sax-http:v1.1.0
                    ports: [{containerPort: 8888}]
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: sax-http-lb
          spec:
            type: LoadBalancer
            selector: {app: sax-http}
            ports:
              - port: 8888
                targetPort: 8888
        `,
      },
      {
        title: "a ClusterIP Service for the dashboard, and an internal load balancer",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: ray-dashboard
          spec:
            selector: {app: ray}
            ports: [{name: dashboard, port: 8265}]
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: ray-internal
            annotations:
              networking.gke.io/load-balancer-type: Internal
          spec:
            type: LoadBalancer
            selector: {app: ray}
            ports: [{name: dashboard, port: 8265}]
        `,
      },
    ],
    invalid: [
      {
        title:
          "a LoadBalancer whose selector is one label off (reliability/service-selector says so): the exposure is still reported",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata: {name: lab, namespace: ml}
          spec:
            type: LoadBalancer
            selector: {app: jupyter}
            ports: [{port: 80, targetPort: lab}]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: lab, namespace: ml}
          spec:
            selector: {matchLabels: {app: jupyterlab}}
            template:
              metadata: {labels: {app: jupyterlab}}
              spec:
                containers:
                  - name: lab
                    image: quay.io/jupyter/scipy-notebook:2024-10-07
                    ports: [{name: lab, containerPort: 8888}]
        `,
        findings: [{ line: 7, column: 18, message: /exposes a Jupyter server/ }],
      },
      {
        title: "a NIMService exposed on a LoadBalancer by the NIM operator",
        yaml: dedent`
          apiVersion: apps.nvidia.com/v1alpha1
          kind: NIMService
          metadata:
            name: llama
          spec:
            image: {repository: nvcr.io/nim/meta/llama-3.1-8b-instruct, tag: "1.8.4"}
            authSecret: ngc-api-secret
            storage: {nimCache: {name: llama-cache}}
            resources: {limits: {nvidia.com/gpu: 1}}
            expose:
              service:
                type: LoadBalancer
                port: 8000
        `,
        findings: [
          {
            line: 12,
            column: 13,
            severity: "warning",
            message: /NIMService's Service of type LoadBalancer exposes an NVIDIA NIM model server \(port 8000\)/,
          },
        ],
      },
      {
        title: "an NVIDIA NIM server on a public LoadBalancer (NIM takes no API key)",
        yaml: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: nim-llm
          spec:
            selector: {matchLabels: {app: nim-llm}}
            template:
              metadata: {labels: {app: nim-llm}}
              spec:
                containers:
                  - name: nim
                    image: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4
                    ports: [{containerPort: 8000}]
                    resources: {limits: {nvidia.com/gpu: 1}}
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: nim-llm
          spec:
            type: LoadBalancer
            selector: {app: nim-llm}
            ports:
              - port: 8000
        `,
        findings: [
          { line: 24, column: 13, severity: "warning", message: /exposes an NVIDIA NIM model server \(port 8000\)/ },
        ],
      },
      {
        title: "Jupyter on a public LoadBalancer: the risk is its token in clear text, not a missing login",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: nb
            labels: {app: nb}
          spec:
            containers:
              - name: nb
                image: quay.io/jupyter/pytorch-notebook:2024-12-02
                ports: [{containerPort: 8888}]
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: nb
          spec:
            type: LoadBalancer
            selector: {app: nb}
            ports:
              - port: 80
                targetPort: 8888
        `,
        findings: [
          {
            line: 20,
            column: 13,
            severity: "error",
            message: /asks for a token by default, but the token and everything after it travel in clear text/,
          },
        ],
      },
      {
        title: "a LoadBalancer for the Ray dashboard, and a vLLM server on a NodePort",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: ray-dashboard
          spec:
            type: LoadBalancer
            selector: {app: ray}
            ports:
              - name: dashboard
                port: 8265
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: llm
          spec:
            type: NodePort
            selector: {app: llm}
            ports:
              - port: 80
                targetPort: 8000
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: llm
          spec:
            selector: {matchLabels: {app: llm}}
            template:
              metadata:
                labels: {app: llm}
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.6.4
                    ports: [{containerPort: 8000}]
        `,
        findings: [
          {
            line: 10,
            column: 13,
            severity: "error",
            message: /LoadBalancer exposes the Ray dashboard \(port 8265\).*remote code execution/,
          },
          { line: 20, column: 13, severity: "warning", message: /NodePort exposes an OpenAI-compatible model server/ },
        ],
      },
      {
        title: "KubeRay head on a NodePort, and an Ingress to the dashboard without auth",
        yaml: dedent`
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
          spec:
            headGroupSpec:
              serviceType: NodePort
              rayStartParams: {}
              template:
                spec:
                  containers:
                    - name: ray-head
                      image: rayproject/ray:2.52.0
          ---
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata:
            name: rc
          spec:
            rules:
              - http:
                  paths:
                    - path: /
                      pathType: Prefix
                      backend:
                        service:
                          name: rc-head-svc
                          port:
                            number: 8265
        `,
        findings: [
          { line: 7, column: 18, message: /serviceType NodePort on the Ray head exposes the Ray dashboard/ },
          { line: 29, column: 27, message: /Ingress to Service rc-head-svc exposes the Ray dashboard/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group === "ray.io") checkRay(r, ctx);
    else if (r.group === "apps.nvidia.com" && r.kind === "NIMService") checkNimService(r, ctx);
  },
  // A Service is judged by the pods it selects, in any file; an Ingress by its Services' pods.
  facts: servedPods,
  // Only a run with a Service or an Ingress reads them.
  factsWanted: (lookups) => {
    const index = indexResources(lookups.resources);
    return (
      index.ofKind("", "Service").length > 0 ||
      index.ofKind("networking.k8s.io", "Ingress").length > 0 ||
      index.ofKind("extensions", "Ingress").length > 0
    );
  },
  set(set, ctx, facts) {
    const pods = factsAs<ServedPods>(facts).map((f) => f.value);
    for (const r of set.resources) {
      if (r.group === "" && r.kind === "Service") checkService(r, ctx, pods);
      else if ((r.group === "networking.k8s.io" || r.group === "extensions") && r.kind === "Ingress")
        checkIngress(r, ctx, pods);
    }
  },
});

/**
 * A NIMService's operator creates its Service from `expose.service` (type, and port 8000 unless
 * set): NVIDIA/k8s-nim-operator@f63f74d7ad22 api/apps/v1alpha1/common_types.go (Expose, Service).
 */
function checkNimService(r: Resource, ctx: RuleContext) {
  const svc = asObject(getIn(r.value, ["spec", "expose", "service"]));
  const type = asString(svc?.type);
  if (type !== "LoadBalancer" && type !== "NodePort") return;
  if (
    type === "LoadBalancer" &&
    Object.entries(INTERNAL_LB).some(([k, re]) => re.test(asString(asObject(svc?.annotations)?.[k]) ?? ""))
  )
    return;
  const port = typeof svc?.port === "number" ? svc.port : 8000;
  ctx.report({
    resource: r,
    path: ["spec", "expose", "service", "type"],
    severity: NIM.severity,
    message: message(NIM, `the NIMService's Service of type ${type}`, String(port), true),
  });
}
