import { portName } from "../../model/names.js";
import { asArray, asObject, asString } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["httpGet", "tcpSocket"] as const;

export default defineRule({
  id: "schema/probe-port",
  category: "schema",
  severity: "error",
  summary: "A probe names a port the container does not declare, or a port that cannot exist",
  rationale:
    "A probe's httpGet or tcpSocket port may be a number or the name of one of the container's own ports. The kubelet resolves a name against that container's ports only; when none has that name the probe fails every time (`couldn't find port`): a liveness probe restarts the container forever, a readiness probe keeps the pod out of its Service, and a startup probe never lets it start. A name that is not an IANA service name, or a number outside 1-65535, is rejected by the API server. Renaming a port (`http` to `http-api`) and not its probes is the usual cause.",
  remediation: "Point the probe at a port the same container declares (by its exact name), or use the port number.",
  links: [
    {
      title: "Kubelet: resolving a probe's named port (findPortByName)",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/prober/prober.go",
    },
    {
      title: "Kubernetes core validation: ValidatePortNumOrName",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    {
      title: "Configure liveness, readiness and startup probes: named ports",
      url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port",
    },
  ],
  examples: {
    valid: [
      {
        title: "probes by port name and by number",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: vllm
                image: i
                ports: [{name: http, containerPort: 8000}]
                readinessProbe:
                  httpGet: {path: /health, port: http}
                livenessProbe:
                  tcpSocket: {port: 8000}
        `,
      },
    ],
    invalid: [
      {
        title: "a readiness probe on a port name the container does not have",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: vllm
                image: i
                ports: [{name: http-api, containerPort: 8000}]
                readinessProbe:
                  httpGet: {path: /health, port: http}
        `,
        findings: [{ line: 11, column: 40, message: /port "http".*ports are: http-api/ }],
      },
      {
        title: "a liveness probe with an impossible port",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: m
                image: i
                livenessProbe:
                  tcpSocket: {port: 0}
        `,
        findings: [{ line: 10, column: 27, message: /port 0.*1 and 65535/ }],
      },
    ],
  },
  workload(w, ctx) {
    for (const g of w.podGroups)
      for (const c of g.containers) {
        if (c.role !== "container" && c.role !== "initContainer") continue;
        let names: string[] | undefined;
        for (const probe of PROBES) {
          const pr = asObject(c.value[probe]);
          if (!pr) continue;
          for (const h of HANDLERS) {
            const port = asObject(pr[h])?.port;
            const path = [...c.path, probe, h, "port"];
            if (typeof port === "number") {
              if (Number.isInteger(port) && (port < 1 || port > 65535))
                ctx.report({
                  resource: w.resource,
                  path,
                  message: `${probe} port ${port} must be between 1 and 65535`,
                });
              continue;
            }
            if (typeof port !== "string" || /^\d+$/.test(port)) continue;
            const syntax = portName(port);
            if (syntax.length) {
              ctx.report({
                resource: w.resource,
                path,
                message: `${probe} port "${port}" is not a port name: it ${syntax.join("; ")}`,
              });
              continue;
            }
            names ??= asArray(c.value.ports).flatMap((p) => asString(asObject(p)?.name) ?? []);
            if (names.includes(port)) continue;
            ctx.report({
              resource: w.resource,
              path,
              message: `${probe} uses port "${port}", but container "${c.name ?? "?"}" has no port of that name, so the kubelet fails the probe every time; ${names.length ? `its named ports are: ${names.join(", ")}` : "it names no ports"}`,
            });
          }
        }
      }
  },
});
