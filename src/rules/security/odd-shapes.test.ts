import { describe, expect, it } from "vitest";
import { checkTexts } from "../../check.js";

// Shapes a half-written or generated manifest can have; the security and image rules must
// skip them, never throw (a throw becomes an "internal error" finding).
const ODD = [
  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: x\n  volumes: [null, 1, {hostPath: null}, {hostPath: {path: 7}}, {nfs: []}]\n  securityContext: []\n",
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {sysctls: {a: 1}, seccompProfile: Unconfined, seLinuxOptions: [1]}\n  containers:\n    - null\n    - name: 3\n      image: 42\n      env: {HF_TOKEN: hf_x}\n      args: [1, null, {a: b}]\n      ports: [{hostPort: "80"}, 5]\n      securityContext:\n        privileged: "true"\n        capabilities: {add: SYS_ADMIN, drop: ALL}\n        windowsOptions: []\n',
  "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: LoadBalancer\n  selector: [a]\n  ports: [null, {port: x, targetPort: {}}, 8265]\n  loadBalancerSourceRanges: 0.0.0.0/0\n",
  "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend: []\n  rules: [{http: {paths: [null, {backend: {service: {name: 5, port: []}}}]}}]\n",
  "apiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: r}\nspec:\n  headGroupSpec:\n    serviceType: [NodePort]\n    headService: {spec: {type: LoadBalancer, ports: [null, {port: 8265}]}}\n",
  "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nsubjects: {kind: ServiceAccount}\nroleRef: [Role]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules: [null, {resources: '*', verbs: 1}]\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [AKIAIOSFODNN7EXAMPLE]\n",
];

describe("security and reproducibility rules on odd shapes", () => {
  for (const [i, yaml] of ODD.entries()) {
    for (const pss of ["baseline", "restricted"] as const) {
      it(`document ${i} at ${pss}`, () => {
        const result = checkTexts([{ path: "odd.yaml", text: yaml }], {
          options: { pss, ruleOptions: { "security/image-registry": { registries: ["nvcr.io"] } } },
        });
        const crashes = result.findings.filter(
          (f) => /internal error/.test(f.message) && /^(security|reproducibility)\//.test(f.ruleId),
        );
        expect(crashes).toEqual([]);
      });
    }
  }
});
