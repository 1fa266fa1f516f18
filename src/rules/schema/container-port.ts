import { portName } from "../../model/names.js";
import { formatPath, type Path } from "../../model/path.js";
import { asArray, asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/container-port",
  category: "schema",
  severity: "error",
  summary:
    "A container port whose name is not an IANA service name (≤ 15 characters), whose number is out of range, or that repeats another",
  rationale:
    "The API server rejects a container port named with capitals, underscores, more than 15 characters or no letter (`must be no more than 15 characters`, IANA_SVC_NAME), and a containerPort or hostPort outside 1-65535 — names such as `metrics_endpoint` or `grpc-inference-port` come straight from generated manifests. Two entries with the same port, protocol and host binding anywhere in the pod are accepted with a warning (`duplicate port definition`), but only one can bind: the second container crash-loops on the address already in use, or the entry is dead weight that hides which container serves the port. Port names repeated within a container are reported by schema/duplicate-name.",
  remediation:
    "Name ports with at most 15 lowercase letters, digits and single hyphens (`metrics`, `grpc`, `http-api`); keep port numbers within 1-65535; list each port once, in the container that listens on it.",
  links: [
    {
      title: "Kubernetes core validation: validateContainerPorts",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    {
      title: "apimachinery IsValidPortName (IANA_SVC_NAME)",
      url: "https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go",
    },
    {
      title: "Kubernetes pod warnings: duplicate port definitions",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/api/pod/warnings.go",
    },
    { title: "RFC 6335 §5.1: service names", url: "https://www.rfc-editor.org/rfc/rfc6335#section-5.1" },
  ],
  examples: {
    valid: [
      {
        title: "short lowercase names, the same port number under two protocols",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: dns
                image: i
                ports:
                  - {name: dns, containerPort: 53, protocol: UDP}
                  - {name: dns-tcp, containerPort: 53, protocol: TCP}
                  - {name: metrics, containerPort: 9153}
        `,
      },
    ],
    invalid: [
      {
        title: "a port name too long, one with an underscore, and a port number out of range",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: triton
                image: i
                ports:
                  - {name: grpc-inference-port, containerPort: 8001}
                  - {name: metrics_port, containerPort: 8002}
                  - {name: http, containerPort: 80800}
        `,
        findings: [
          { line: 10, column: 18, message: /"grpc-inference-port".*no more than 15 characters/ },
          { line: 11, column: 18, message: /"metrics_port".*only lowercase letters, digits and '-'/ },
          { line: 12, column: 39, message: /containerPort 80800.*1 and 65535/ },
        ],
      },
      {
        title: "a sidecar that declares the main container's port again",
        yaml: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: server
                image: i
                ports: [{containerPort: 8000}]
              - name: proxy
                image: j
                ports: [{containerPort: 8000}]
        `,
        findings: [
          {
            line: 12,
            column: 31,
            severity: "warning",
            message: /8000\/TCP is declared again.*containers\[0\]\.ports\[0\]/,
          },
        ],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    for (const g of w.podGroups) {
      const seen = new Map<string, { path: Path; hostIP: string; hostPort: number }[]>();
      for (const c of g.containers) {
        if (c.role === "trainer" || c.role === "model") continue;
        const ports = asArray(c.value.ports);
        for (let i = 0; i < ports.length; i++) {
          const p = asObject(ports[i]);
          if (!p) continue;
          const at: Path = [...c.path, "ports", i];
          if (typeof p.name === "string") {
            const problems = portName(p.name);
            if (problems.length)
              ctx.report({
                resource: r,
                path: [...at, "name"],
                message: `port name "${p.name}" ${problems.join("; ")} (an IANA service name)`,
              });
          }
          for (const [field, min] of [
            ["containerPort", 1],
            ["hostPort", 0],
          ] as const) {
            const n = p[field];
            if (typeof n === "number" && Number.isInteger(n) && (n < min || n > 65535))
              ctx.report({
                resource: r,
                path: [...at, field],
                message: `${field} ${n} must be between ${min === 0 ? "1" : min} and 65535${min === 0 ? " (or 0 for none)" : ""}`,
              });
          }
          if (typeof p.containerPort !== "number") continue;
          const protocol = typeof p.protocol === "string" ? p.protocol : "TCP";
          const key = `${p.containerPort}/${protocol}`;
          const hostIP = typeof p.hostIP === "string" ? p.hostIP : "";
          const hostPort = typeof p.hostPort === "number" ? p.hostPort : 0;
          const others = seen.get(key) ?? [];
          const same = others.find((o) => o.hostIP === hostIP && o.hostPort === hostPort);
          if (same)
            ctx.report({
              resource: r,
              path: [...at, "containerPort"],
              severity: "warning",
              message: `port ${key} is declared again: duplicate port definition with ${formatRel(same.path, g.podSpecPath)}; only one container can listen on it`,
            });
          others.push({ path: at, hostIP, hostPort });
          seen.set(key, others);
        }
      }
    }
  },
});

/** `containers[0].ports[0]`: a path shown relative to the pod spec. */
function formatRel(path: Path, base: Path | undefined): string {
  return formatPath(base?.every((s, i) => path[i] === s) ? path.slice(base.length) : path);
}
