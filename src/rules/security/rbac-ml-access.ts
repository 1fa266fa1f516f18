import type { Path } from "../../model/path.js";
import { belonging, describeMatch, type Place, placeOf, resolveRef } from "../../model/refs.js";
import { asArray, asObject, asString, getIn, type Resource } from "../../model/resource.js";
import { indexResources } from "../../model/set-index.js";
import type { Workload } from "../../model/workload.js";
import { dedent } from "../../util/dedent.js";
import { defineRule, factsAs } from "../types.js";

/** API groups whose workloads are ML jobs or servers (operators' own Deployments are not). */
const ML_GROUPS = new Set([
  "kubeflow.org",
  "trainer.kubeflow.org",
  "ray.io",
  "batch.volcano.sh",
  "jobset.x-k8s.io",
  "leaderworkerset.x-k8s.io",
  "serving.kserve.io",
]);

const ACCELERATOR =
  /^(nvidia\.com\/(gpu|mig-)|amd\.com\/gpu|habana\.ai\/|gpu\.intel\.com\/|google\.com\/tpu|aws\.amazon\.com\/neuron)/;

function usesAccelerators(w: Workload): boolean {
  return w.podGroups.some((g) =>
    g.containers.some((c) =>
      ["limits", "requests"].some((f) => {
        const m = asObject(getIn(c.value, [c.role === "trainer" ? "resourcesPerNode" : "resources", f]));
        return m !== undefined && Object.keys(m).some((k) => ACCELERATOR.test(k));
      }),
    ),
  );
}

function isMlWorkload(w: Workload): boolean {
  if (w.resource.group === "apps" && w.resource.kind === "DaemonSet") return false;
  return ML_GROUPS.has(w.resource.group) || usesAccelerators(w);
}

/** An ML workload: the service accounts its pods run as, where it is, and how a message names it. */
interface MlAccounts {
  namespace: string;
  accounts: string[];
  place: Place;
  where: string;
}

interface Grant {
  what: string;
  index: number;
  path: Path;
}

/** The dangerous grants of a Role's rules: pods/exec, secrets, and wildcards. */
function dangerousGrants(role: Resource): Grant[] {
  const out: Grant[] = [];
  asArray(role.value.rules).forEach((rule, i) => {
    const r = asObject(rule);
    if (!r) return;
    const resources = asArray(r.resources).filter((x): x is string => typeof x === "string");
    const verbs = asArray(r.verbs).filter((x): x is string => typeof x === "string");
    const groups = asArray(r.apiGroups).filter((x): x is string => typeof x === "string");
    const anyVerb = verbs.includes("*");
    if (resources.includes("*") || groups.includes("*")) {
      out.push({
        what: `every resource${groups.includes("*") ? " of every API group" : ""} (${verbs.join(", ") || "no verbs"})`,
        index: i,
        path: ["rules", i, resources.includes("*") ? "resources" : "apiGroups"],
      });
      return;
    }
    if (anyVerb) {
      out.push({ what: `every verb on ${resources.join(", ")}`, index: i, path: ["rules", i, "verbs"] });
      return;
    }
    const coreGroup = groups.length === 0 || groups.includes("");
    if (
      coreGroup &&
      resources.some((x) => x === "pods/exec" || x === "pods/attach") &&
      verbs.some((v) => v === "create" || v === "get")
    ) {
      out.push({ what: "pods/exec (a shell in any pod of the namespace)", index: i, path: ["rules", i, "resources"] });
    }
    if (coreGroup && resources.includes("secrets") && verbs.some((v) => ["get", "list", "watch"].includes(v))) {
      out.push({
        what: `secrets (${verbs.filter((v) => ["get", "list", "watch"].includes(v)).join(", ")})`,
        index: i,
        path: ["rules", i, "resources"],
      });
    }
  });
  return out;
}

export default defineRule({
  id: "security/rbac-ml-access",
  category: "security",
  severity: "warning",
  summary: "A Role or ClusterRole bound to an ML workload's service account grants pods/exec, secrets or wildcards",
  rationale:
    "Training and serving pods run code that is hard to review: notebooks, pip and conda installs, remote-code model loaders (trust_remote_code), pickled checkpoints. Whatever their service account may do, that code may do. Reading Secrets hands over every credential of the namespace (or of the cluster, through a ClusterRole); pods/exec is a shell in every other pod; a wildcard grants all of that and whatever comes next. mlgate follows the RoleBindings and ClusterRoleBindings in the checked set from ML workloads (Kubeflow, Trainer, Ray, Volcano, JobSet, LeaderWorkerSet, KServe, and anything that requests accelerators) to the roles they use.",
  remediation:
    "Give the workload its own service account with only the verbs and resources it calls (a Ray autoscaler needs pods create/delete, not secrets); read credentials from mounted Secrets instead of the API; never bind a wildcard role to a workload.",
  links: [
    {
      title: "Kubernetes: RBAC good practices",
      url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    },
  ],
  examples: {
    valid: [
      {
        title: "a Ray autoscaler role without secrets or exec",
        yaml: dedent`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata:
            name: ray
            namespace: ml
          rules:
            - apiGroups: [""]
              resources: [pods]
              verbs: [get, list, watch, create, delete, patch]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata:
            name: ray
            namespace: ml
          subjects:
            - kind: ServiceAccount
              name: ray
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ray}
          ---
          apiVersion: ray.io/v1
          kind: RayCluster
          metadata:
            name: rc
            namespace: ml
          spec:
            headGroupSpec:
              rayStartParams: {}
              template:
                spec:
                  serviceAccountName: ray
                  containers:
                    - name: ray-head
                      image: rayproject/ray:2.52.0
        `,
      },
    ],
    invalid: [
      {
        title: "a training job's service account can read Secrets and exec into pods",
        yaml: dedent`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata:
            name: trainer
            namespace: ml
          rules:
            - apiGroups: [""]
              resources: [secrets, pods/exec]
              verbs: [get, create]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata:
            name: trainer
            namespace: ml
          subjects:
            - kind: ServiceAccount
              name: trainer
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: trainer}
          ---
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            name: bert
            namespace: ml
          spec:
            pytorchReplicaSpecs:
              Worker:
                template:
                  spec:
                    serviceAccountName: trainer
                    containers:
                      - name: pytorch
                        image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
        `,
        findings: [
          { line: 8, column: 16, message: /Role trainer grants pods\/exec .*PyTorchJob bert \(example.yaml:\d+\)/ },
          { line: 8, column: 16, message: /Role trainer grants secrets \(get\)/ },
        ],
      },
    ],
  },
  facts(w): MlAccounts | undefined {
    if (!isMlWorkload(w)) return undefined;
    const accounts: string[] = [];
    for (const g of w.podGroups) {
      const sa = asString(g.podSpec?.serviceAccountName) ?? asString(g.podSpec?.serviceAccount) ?? "default";
      if (!accounts.includes(sa)) accounts.push(sa);
    }
    return {
      namespace: w.resource.namespace ?? "",
      accounts,
      place: placeOf(w.resource),
      where: describeMatch(w.resource),
    };
  },
  // Only a run with a binding reads them.
  factsWanted: (lookups) => {
    const index = indexResources(lookups.resources);
    return (
      index.ofKind("rbac.authorization.k8s.io", "RoleBinding").length > 0 ||
      index.ofKind("rbac.authorization.k8s.io", "ClusterRoleBinding").length > 0
    );
  },
  set(set, ctx, facts) {
    // ML workloads by the service account they run as: "namespace/name".
    const mlAccounts = new Map<string, MlAccounts[]>();
    for (const { value: w } of factsAs<MlAccounts>(facts)) {
      for (const sa of w.accounts) {
        const key = `${w.namespace}/${sa}`;
        const list = mlAccounts.get(key);
        if (!list) mlAccounts.set(key, [w]);
        else list.push(w);
      }
    }
    if (mlAccounts.size === 0) return;
    const reported = new Set<string>();
    for (const b of set.resources) {
      if (b.group !== "rbac.authorization.k8s.io" || (b.kind !== "RoleBinding" && b.kind !== "ClusterRoleBinding"))
        continue;
      const ref = asObject(b.value.roleRef);
      const roleKind = asString(ref?.kind);
      const roleName = asString(ref?.name);
      if (!roleKind || !roleName) continue;
      if (roleKind !== "Role" && roleKind !== "ClusterRole") continue;
      // The role the binding names among the objects that belong with it (model/refs.ts).
      const role = resolveRef(set.resources, b, {
        group: "rbac.authorization.k8s.io",
        kind: roleKind,
        name: roleName,
        namespaced: roleKind === "Role",
      }).objects[0];
      if (!role) continue;
      const users: string[] = [];
      for (const s of asArray(b.value.subjects)) {
        const subj = asObject(s);
        if (asString(subj?.kind) !== "ServiceAccount") continue;
        const ns = asString(subj?.namespace) ?? b.namespace ?? "";
        const name = asString(subj?.name) ?? "";
        const runAs =
          mlAccounts.get(`${ns}/${name}`) ??
          (ns === "" ? [...mlAccounts].find(([k]) => k.endsWith(`/${name}`))?.[1] : undefined) ??
          [];
        // Only the workloads that belong with the binding: another example's pods that happen to
        // run as an account of the same name are not granted anything by it.
        const own = belonging(placeOf(b), runAs, (w) => w.place, true).objects;
        if (own[0]) users.push(`${own[0].where} (service account ${name})`);
      }
      if (users.length === 0) continue;
      for (const g of dangerousGrants(role)) {
        const key = `${role.kind}/${role.namespace}/${role.name}/${g.index}/${g.what}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          resource: role,
          path: g.path,
          message: `${role.kind} ${role.name} grants ${g.what} to ${users.join(", ")} through ${b.kind} ${b.name ?? ""}: code in those pods can do the same`,
        });
      }
    }
  },
});
