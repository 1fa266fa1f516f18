// deploy/ (the webhook's own Kubernetes manifests) passes `mlgate check` and says what docs/serve.md says.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const deployDir = join(repoRoot, "deploy");
const mlgate = (args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, "bin", "mlgate.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, read by shape in the assertions
type Obj = Record<string, any>;
const docs: Obj[] = readdirSync(deployDir)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => yaml.loadAll(readFileSync(join(deployDir, f), "utf8")) as Obj[]);
const one = (kind: string): Obj => {
  const found = docs.filter((d) => d?.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Obj;
};

describe("deploy/", () => {
  it.each([["baseline"], ["restricted"]])("passes mlgate check --pss %s with nothing above info", (pss) => {
    const r = mlgate(["check", "deploy/", "--pss", pss, "--format", "json", "--fail-on", "warning"]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.findings.filter((f: { severity: string }) => f.severity !== "info")).toEqual([]);
    expect(r.status).toBe(0);
    expect(out.summary.documents).toBeGreaterThanOrEqual(12);
  });

  it("runs 2+ non-root replicas with probes, resources and a read-only root filesystem", () => {
    const d = one("Deployment");
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = d.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    const c = pod.containers[0];
    for (const p of ["readinessProbe", "livenessProbe", "startupProbe"]) expect(c[p].httpGet.scheme).toBe("HTTPS");
    expect(c.readinessProbe.httpGet.path).toBe("/readyz");
    expect(c.livenessProbe.httpGet.path).toBe("/healthz");
    expect(Object.keys(c.resources.requests).sort()).toEqual(["cpu", "memory"]);
    expect(Object.keys(c.resources.limits).sort()).toEqual(["cpu", "memory"]);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    // Every flag the manifest passes is one `mlgate serve` has.
    const help = mlgate(["serve", "--help"]).stdout;
    for (const a of c.args.slice(1)) expect(help).toContain(String(a).split("=")[0]);
    expect(one("PodDisruptionBudget").spec.minAvailable).toBe(1);
    expect(one("HorizontalPodAutoscaler").spec.minReplicas).toBeGreaterThanOrEqual(d.spec.replicas);
    expect(one("Service").spec.ports[0].targetPort).toBe("https");
    expect(one("ServiceAccount").automountServiceAccountToken).toBe(false);
  });

  it("registers the webhook: failurePolicy Ignore, sideEffects None, a short timeout, kube-system and itself skipped", () => {
    const vwc = one("ValidatingWebhookConfiguration");
    expect(vwc.metadata.annotations["cert-manager.io/inject-ca-from"]).toBe("mlgate-system/mlgate-webhook-tls");
    expect(vwc.webhooks.length).toBeGreaterThanOrEqual(1);
    for (const w of vwc.webhooks) {
      expect(w).toMatchObject({ failurePolicy: "Ignore", sideEffects: "None", admissionReviewVersions: ["v1"] });
      expect(w.timeoutSeconds).toBeLessThanOrEqual(5);
      expect(w.clientConfig.service).toMatchObject({
        name: "mlgate-webhook",
        namespace: "mlgate-system",
        path: "/validate",
      });
      const skipped = w.namespaceSelector.matchExpressions.find((e: Obj) => e.key === "kubernetes.io/metadata.name");
      expect(skipped.operator).toBe("NotIn");
      expect(skipped.values).toEqual(expect.arrayContaining(["kube-system", "mlgate-system"]));
    }
    const resources = vwc.webhooks.flatMap((w: Obj) => w.rules.flatMap((r: Obj) => r.resources));
    for (const r of ["pytorchjobs", "rayclusters", "deployments", "jobs", "jobsets", "inferenceservices", "pods"])
      expect(resources).toContain(r);
    const certs = docs.filter((d) => d?.kind === "Certificate").map((d) => d.spec);
    expect(certs.find((c) => c.secretName === "mlgate-webhook-tls").dnsNames).toContain(
      "mlgate-webhook.mlgate-system.svc",
    );
    expect(docs.filter((d) => d?.kind === "Issuer")).toHaveLength(2);
  });

  it("has a kustomization that lists every manifest", () => {
    const k = one("Kustomization");
    const files = readdirSync(deployDir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
    expect([...k.resources].sort()).toEqual(files.sort());
  });
});
