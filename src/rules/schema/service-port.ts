import { dns1123Label, portName } from "../../model/names.js";
import { isTemplateVariable } from "../../model/placeholder.js";
import { asArray, asObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "schema/service-port",
  category: "schema",
  severity: "error",
  summary:
    "A Service port the API server refuses: unnamed among several, a name or targetPort name out of syntax, a port repeated",
  rationale:
    "A Service with more than one port must name each of them, with a DNS-1123 label unique within the Service; each port and protocol pair may appear once; a port number must be 1-65535; and a targetPort given by name must be an IANA service name (at most 15 lowercase letters, digits and hyphens), since it refers to a container port's name. The API server rejects the Service otherwise (`spec.ports[1].name: Required value`), so the model endpoint it fronts is never reachable by that name.",
  remediation:
    "Name every port of a multi-port Service (`http`, `grpc`, `metrics`), keep names and port/protocol pairs unique, and point a named targetPort at the exact name of a container port.",
  links: [
    {
      title: "Kubernetes core validation: validateServicePort",
      url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    },
    {
      title: "Services: multi-port Services",
      url: "https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services",
    },
  ],
  examples: {
    valid: [
      {
        title: "a targetPort an envsubst template fills in",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: epp
          spec:
            selector: {app: epp}
            ports:
              - name: grpc
                port: 9002
                targetPort: \${EXTENSION_GRPC_PORT:-9002}
        `,
      },
      {
        title: "a two-port Service with names, one targetPort by name",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: vllm
          spec:
            selector: {app: vllm}
            ports:
              - {name: http, port: 80, targetPort: http-api}
              - {name: metrics, port: 9090, targetPort: 9090}
        `,
      },
    ],
    invalid: [
      {
        title: "an unnamed second port, a repeated port, and a targetPort name too long",
        yaml: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: triton
          spec:
            selector: {app: triton}
            ports:
              - {name: http, port: 8000, targetPort: http-inference-port}
              - {port: 8001}
              - {name: http-again, port: 8000}
        `,
        findings: [
          { line: 8, column: 44, message: /targetPort "http-inference-port".*no more than 15 characters/ },
          { line: 9, column: 7, message: /ports\[1\] needs a name/ },
          { line: 10, column: 32, message: /port 8000\/TCP is already ports\[0\]/ },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "" || r.kind !== "Service") return;
    const ports = asArray(asObject(r.value.spec)?.ports);
    const names = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (let i = 0; i < ports.length; i++) {
      const p = asObject(ports[i]);
      if (!p) continue;
      const at = ["spec", "ports", i];
      if (typeof p.name === "string" && p.name !== "") {
        const problems = dns1123Label(p.name);
        if (problems.length)
          ctx.report({ resource: r, path: [...at, "name"], message: `port name "${p.name}" ${problems.join("; ")}` });
        const first = names.get(p.name);
        if (first !== undefined)
          ctx.report({
            resource: r,
            path: [...at, "name"],
            message: `port name "${p.name}" is already ports[${first}]'s; names must be unique`,
          });
        else names.set(p.name, i);
      } else if (ports.length > 1 && (p.name === undefined || p.name === "" || p.name === null)) {
        ctx.report({
          resource: r,
          path: at,
          message: `ports[${i}] needs a name: every port of a Service with more than one port must be named`,
        });
      }
      if (typeof p.port === "number") {
        if (Number.isInteger(p.port) && (p.port < 1 || p.port > 65535))
          ctx.report({ resource: r, path: [...at, "port"], message: `port ${p.port} must be between 1 and 65535` });
        const key = `${p.port}/${typeof p.protocol === "string" ? p.protocol : "TCP"}`;
        const first = pairs.get(key);
        if (first !== undefined)
          ctx.report({ resource: r, path: [...at, "port"], message: `port ${key} is already ports[${first}]` });
        else pairs.set(key, i);
      }
      if (typeof p.targetPort === "string" && !/^\d+$/.test(p.targetPort) && !isTemplateVariable(p.targetPort)) {
        const problems = portName(p.targetPort);
        if (problems.length)
          ctx.report({
            resource: r,
            path: [...at, "targetPort"],
            message: `targetPort "${p.targetPort}" names a container port, so it must be an IANA service name: it ${problems.join("; ")}`,
          });
      }
    }
  },
});
