import { asArray, asObject, asString, getIn, type Resource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

/** Regular-expression syntax: what a Prefix or Exact path may not hold under ingress-nginx's path validation. */
const REGEX_SYNTAX = /[()*+?^$|[\]{}\\]/;

/** Whether ingress-nginx serves the Ingress: its class, the legacy class annotation, or its own annotations. */
function servedByIngressNginx(r: Resource): boolean {
  const cls =
    asString(getIn(r.value, ["spec", "ingressClassName"])) ?? asString(r.annotations["kubernetes.io/ingress.class"]);
  if (cls !== undefined) return /nginx/i.test(cls) && !/nginx-?(inc|plus)|f5/i.test(cls);
  return Object.keys(r.annotations).some((k) => k.startsWith("nginx.ingress.kubernetes.io/"));
}

const ingress = (path: string, pathType: string) => dedent`
  apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: llm
    annotations:
      nginx.ingress.kubernetes.io/use-regex: "true"
      nginx.ingress.kubernetes.io/rewrite-target: /$2
  spec:
    ingressClassName: nginx
    rules:
      - http:
          paths:
            - path: ${path}
              pathType: ${pathType}
              backend:
                service: {name: vllm, port: {number: 8000}}
`;

export default defineRule({
  id: "reliability/ingress-regex-path",
  category: "reliability",
  severity: "error",
  summary: "An ingress-nginx Ingress writes a regular expression in a path of pathType Prefix or Exact",
  rationale:
    'A `Prefix` or `Exact` path is a literal URL path; regular expressions (`/api(/|$)(.*)`, used with `use-regex` and `rewrite-target`) belong to `ImplementationSpecific`. ingress-nginx validates this in its admission webhook (`strict-validate-path-type`, on by default since controller v1.12): such an Ingress is denied with "path … cannot be used with pathType Prefix", and older controllers only warn, so an upgrade of the controller breaks the next apply of a manifest that used to work.',
  remediation:
    "Set `pathType: ImplementationSpecific` on paths that hold a regular expression, or write a plain prefix.",
  links: [
    {
      title: "ingress-nginx FAQ: validation of path",
      url: "https://kubernetes.github.io/ingress-nginx/faq/#validation-of-path",
    },
    {
      title: "ingress-nginx ConfigMap: strict-validate-path-type",
      url: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#strict-validate-path-type",
    },
  ],
  examples: {
    valid: [
      {
        title: "a regular expression with ImplementationSpecific",
        yaml: ingress("/llm(/|$)(.*)", "ImplementationSpecific"),
      },
      { title: "a plain prefix", yaml: ingress("/v1/chat", "Prefix") },
    ],
    invalid: [
      {
        title: "a rewrite regular expression under pathType Prefix",
        yaml: ingress("/llm(/|$)(.*)", "Prefix"),
        findings: [
          {
            line: 13,
            column: 19,
            message: /"\/llm\(\/\|\$\)\(\.\*\)" is a regular expression.*pathType Prefix.*denies/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "networking.k8s.io" || r.kind !== "Ingress" || !servedByIngressNginx(r)) return;
    asArray(getIn(r.value, ["spec", "rules"])).forEach((rule, i) => {
      asArray(getIn(rule, ["http", "paths"])).forEach((p, j) => {
        const entry = asObject(p);
        const path = asString(entry?.path);
        const type = asString(entry?.pathType);
        if (!path || (type !== "Prefix" && type !== "Exact") || !REGEX_SYNTAX.test(path)) return;
        ctx.report({
          resource: r,
          path: ["spec", "rules", i, "http", "paths", j, "path"],
          message: `path ${JSON.stringify(path)} is a regular expression under pathType ${type}: ingress-nginx (v1.12 and later, strict-validate-path-type) denies the Ingress ("cannot be used with pathType ${type}"); use pathType ImplementationSpecific`,
        });
      });
    });
  },
});
