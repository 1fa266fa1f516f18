import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG } from "../config/config.js";
import { ALL_RULES } from "../rules/index.js";
import { defineRule } from "../rules/types.js";
import { BadReview, parseAdmissionReview } from "./admission.js";
import { type AdmissionPolicy, decide } from "./decide.js";
import { MAX_SERIES, ServeMetrics } from "./metrics.js";

const policy = (over: Partial<AdmissionPolicy> = {}): AdmissionPolicy => ({
  rules: ALL_RULES,
  options: { strictRefs: false },
  config: EMPTY_CONFIG,
  denyAt: "error",
  audit: false,
  skipNamespaces: new Set(),
  skipKinds: new Set(),
  ...over,
});

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "ml", managedFields: [{ manager: "kubectl" }] },
  spec: { containers, ...extra },
});

const request = (object: unknown, over: Record<string, unknown> = {}) =>
  parseAdmissionReview(
    JSON.stringify({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      request: {
        uid: "u-1",
        kind: { group: "", version: "v1", kind: "Pod" },
        operation: "CREATE",
        namespace: "ml",
        name: "p",
        object,
        ...over,
      },
    }),
  );

const gpuContainer = (gpu: Record<string, string>) => ({
  name: "c",
  image: "nvcr.io/nvidia/pytorch@sha256:1f3c5e7a9b2d4f6a8c0e1f3a5b7d9f2c4e6a8b0d1f3e5a7c9b2d4f6a8c0e1f3a",
  resources: gpu,
});

describe("parseAdmissionReview", () => {
  it.each([
    ["[]", /must be a JSON object/],
    ['{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}', /request: missing/],
    [
      '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"x","kind":{"kind":"Pod","version":"v1"},"operation":"PATCH"}}',
      /request\.operation: "PATCH" is not/,
    ],
    [
      '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"x","kind":{"kind":"Pod","version":"v1"},"operation":"CREATE"}}',
      /request\.object: missing for a CREATE/,
    ],
    [
      '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"x","kind":"Pod","operation":"CREATE","object":{}}}',
      /request\.kind: must be/,
    ],
  ])("refuses %s", (body, message) => {
    expect(() => parseAdmissionReview(body)).toThrow(BadReview);
    expect(() => parseAdmissionReview(body)).toThrow(message);
  });
});

describe("decide", () => {
  it("denies on an error finding, with rule, path and fix, and keeps the uid", () => {
    const d = decide(
      request(pod([gpuContainer({ requests: { "nvidia.com/gpu": "2" }, limits: { "nvidia.com/gpu": "4" } } as never)])),
      policy(),
    );
    expect(d.verdict).toBe("denied");
    expect(d.response.uid).toBe("u-1");
    expect(d.response.allowed).toBe(false);
    expect(d.response.status?.message).toMatch(/^mlgate: Pod ml\/p has 1 problem/);
    expect(d.response.status?.message).toMatch(
      /\n- gpu\/limits-equal-requests at spec\.containers\[0\]\.resources\.requests\["nvidia\.com\/gpu"\]: .* \(fix: /,
    );
    expect(d.denyingRules).toEqual(["gpu/limits-equal-requests"]);
  });

  it("follows the configuration: severity overrides, rules off, failOn, skipped namespaces and kinds", () => {
    const bad = request(
      pod([gpuContainer({ requests: { "nvidia.com/gpu": "2" }, limits: { "nvidia.com/gpu": "4" } } as never)]),
    );
    const downgraded = { ...EMPTY_CONFIG, rules: { "gpu/limits-equal-requests": "warning" as const } };
    const warned = decide(bad, policy({ config: downgraded }));
    expect(warned.verdict).toBe("warned");
    expect(warned.response.warnings?.some((w) => w.startsWith("gpu/limits-equal-requests ("))).toBe(true);
    expect(decide(bad, policy({ denyAt: "never" })).response.allowed).toBe(true);
    expect(decide(bad, policy({ skipNamespaces: new Set(["ml"]) })).verdict).toBe("skipped");
    expect(decide(bad, policy({ skipKinds: new Set(["Pod"]) })).verdict).toBe("skipped");
    expect(decide(bad, policy({ skipKinds: new Set(["apps/Pod"]) })).verdict).toBe("denied");
  });

  it("never denies for a rule that throws: the crash is returned for logging and counting", () => {
    const broken = defineRule({
      ...(ALL_RULES[0] as (typeof ALL_RULES)[number]),
      id: "gpu/broken",
      severity: "error",
      resource() {
        throw new Error("boom");
      },
      workload: undefined,
      set: undefined,
    });
    const d = decide(request(pod([{ name: "c", image: "x" }])), policy({ rules: [broken] }));
    expect(d.response.allowed).toBe(true);
    expect(d.crashes.map((c) => c.ruleId)).toEqual(["gpu/broken"]);
    expect(d.crashes[0]?.message).toMatch(/boom/);
  });

  it("keeps warnings within the API server's limits", () => {
    const containers = Array.from({ length: 60 }, (_, i) => ({
      ...gpuContainer({} as never),
      name: `c${i}`,
      image: "x:latest",
    }));
    const d = decide(request(pod(containers)), policy());
    const warnings = d.response.warnings ?? [];
    expect(warnings.length).toBeGreaterThan(1);
    for (const w of warnings) expect(w.length).toBeLessThanOrEqual(256);
    expect(warnings.join("").length).toBeLessThanOrEqual(4096);
    expect(warnings.at(-1)).toMatch(/^…and \d+ more \(mlgate check shows them all\)$/);
  });

  it("warns on an UPDATE that removes safeguards (review's change rules), and denies when they are raised", () => {
    const old = pod(
      [
        {
          name: "c",
          image: "x@sha256:1f3c5e7a9b2d4f6a8c0e1f3a5b7d9f2c4e6a8b0d1f3e5a7c9b2d4f6a8c0e1f3a",
          resources: { limits: { memory: "1Gi", cpu: "1" } },
          livenessProbe: { exec: { command: ["true"] } },
          securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
        },
      ],
      { activeDeadlineSeconds: 600, schedulerName: "volcano" },
    );
    const next = structuredClone(old);
    const c = next.spec.containers[0] as Record<string, unknown>;
    delete c.livenessProbe;
    c.resources = { limits: { cpu: "1" } };
    c.securityContext = { runAsNonRoot: true };
    delete (next.spec as Record<string, unknown>).activeDeadlineSeconds;
    delete (next.spec as Record<string, unknown>).schedulerName;
    const d = decide(request(next, { operation: "UPDATE", oldObject: old }), policy());
    // The same change-risk rules as `mlgate review`, at their own severity (warning): admitted, with warnings.
    expect(d.verdict).toBe("warned");
    expect(d.response.allowed).toBe(true);
    expect(d.warningRules.sort()).toEqual(["reliability/safeguard-removed", "security/security-context-removed"]);
    const warnings = (d.response.warnings ?? []).join("\n");
    expect(warnings).toContain("spec.activeDeadlineSeconds (600 s) is removed");
    expect(warnings).toContain('container "c" loses its livenessProbe');
    expect(warnings).toContain('container "c" loses its memory limit (1Gi)');
    expect(warnings).toContain("no longer sets allowPrivilegeEscalation: false");
    expect(warnings).not.toContain("runAsNonRoot");
    // A cluster that denies at warning (or raises those rules to error in .mlgate.yaml) refuses it.
    const strict = decide(request(next, { operation: "UPDATE", oldObject: old }), policy({ denyAt: "warning" }));
    expect(strict.response.allowed).toBe(false);
    expect(strict.denyingRules).toContain("reliability/safeguard-removed");
    // The same UPDATE that keeps everything is allowed, and a CREATE has nothing to compare.
    expect(decide(request(old, { operation: "UPDATE", oldObject: old }), policy()).warningRules).toEqual([]);
    expect(decide(request(next), policy()).warningRules).not.toContain("reliability/safeguard-removed");
  });
});

describe("decide on an UPDATE runs the rules' change hooks, as mlgate review does", () => {
  it("denies with a change rule's error, and runs no change hook on a CREATE", () => {
    const seen: string[] = [];
    const changeRule = defineRule({
      ...(ALL_RULES[0] as (typeof ALL_RULES)[number]),
      id: "scheduling/example-change",
      severity: "error",
      resource: undefined,
      workload: undefined,
      set: undefined,
      change(c, ctx) {
        for (const rc of c.resources) {
          seen.push(`${rc.action} ${rc.base?.name}->${rc.head?.name}`);
          if (rc.head && rc.action === "modified")
            ctx.report({ resource: rc.head, path: ["spec", "containers"], message: "containers changed" });
        }
      },
    });
    const old = pod([{ name: "a", image: "x" }]);
    const next = pod([{ name: "b", image: "x" }]);
    const d = decide(request(next, { operation: "UPDATE", oldObject: old }), policy({ rules: [changeRule] }));
    expect(seen).toEqual(["modified p->p"]);
    expect(d.response.status?.message).toContain("- scheduling/example-change at spec.containers: containers changed");
    seen.length = 0;
    expect(decide(request(next), policy({ rules: [changeRule] })).response.allowed).toBe(true);
    expect(seen).toEqual([]);
  });
});

describe("ServeMetrics", () => {
  it("renders the text format and bounds its label sets", () => {
    const m = new ServeMetrics();
    for (let i = 0; i < MAX_SERIES + 50; i++)
      m.requests.add({ kind: `Kind${i}`, operation: "CREATE", verdict: "allowed" });
    m.latency.observe(0.003);
    const text = m.render(1234);
    expect(text).toContain('mlgate_admission_requests_total{kind="other",operation="other",verdict="other"} 50\n');
    expect(text.match(/^mlgate_admission_requests_total\{/gm)).toHaveLength(MAX_SERIES + 1);
    expect(text).toContain('mlgate_admission_duration_seconds_bucket{le="0.0025"} 0\n');
    expect(text).toContain('mlgate_admission_duration_seconds_bucket{le="0.005"} 1\n');
    expect(text).toContain("mlgate_process_resident_memory_bytes 1234\n");
    const escaped = new ServeMetrics();
    escaped.denials.add({ rule: 'a"b\\c\nd' });
    expect(escaped.render(0)).toContain('mlgate_admission_denials_total{rule="a\\"b\\\\c\\nd"} 1\n');
  });
});
