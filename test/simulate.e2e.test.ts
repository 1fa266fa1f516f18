// End-to-end: `mlgate simulate` through the built CLI (dist/, via bin/mlgate.js), on NodeList
// inventories in the shape `kubectl get nodes -o json` prints (test/fixtures/cluster/nodes.json).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";

const bin = join(repoRoot, "bin", "mlgate.js");
const fx = (name: string) => join("test", "fixtures", "cluster", name);
const NODES = fx("nodes.json");

function mlgate(args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // Build when dist/ is missing or predates the simulate command.
  const dist = join(repoRoot, "dist");
  let built = false;
  try {
    built = readdirSync(dist).some(
      (f) => f.endsWith(".js") && readFileSync(join(dist, f), "utf8").includes("submitted together to"),
    );
  } catch {}
  if (!built) execFileSync("npx", ["tsup"], { cwd: repoRoot, stdio: "ignore" });
}, 120_000);

const simulate = (...args: string[]) => mlgate(["simulate", "--cluster", NODES, ...args]);

describe("mlgate simulate: the two-job deadlock that gang admission avoids", () => {
  // Two PyTorchJobs of 2 workers × 8 GPUs on the two H100 nodes: pod by pod, each gets one node.
  it("says it in words, and exits 1: as written (no gang scheduling) the two jobs deadlock", () => {
    const r = simulate(fx("deadlock.yaml"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /2 workloads submitted together to test\/fixtures\/cluster\/nodes\.json \(8 nodes, 37 GPUs\)/,
    );
    expect(r.stdout).toMatch(
      /PyTorchJob\/ml\/llama-a {2}16 GPUs, 2 pods[^\n]*\n {2}without gang scheduling {2}never starts: holds 8 GPUs on h100-0 \(Worker-0\) and waits for the rest\n {2}with gang admission {6}starts at submission, on h100-0 \(Worker-0\), h100-1 \(Worker-1\)/,
    );
    expect(r.stdout).toMatch(
      /llama-b[^\n]*\n[^\n]*holds 8 GPUs on h100-1[^\n]*\n[^\n]*starts once earlier workloads finish/,
    );
    expect(r.stdout).toMatch(
      /DEADLOCK\. PyTorchJob\/ml\/llama-a holds 8 GPUs, PyTorchJob\/ml\/llama-b holds 8 GPUs; each waits for GPUs another holds/,
    );
    expect(r.stdout).toMatch(/Not gang-scheduled: PyTorchJob\/ml\/llama-a, PyTorchJob\/ml\/llama-b/);
    expect(r.stdout).toMatch(
      /Result: every workload would start with gang admission, but as written PyTorchJob\/ml\/llama-a, PyTorchJob\/ml\/llama-b are not gang-scheduled and deadlock \(exit 1\)/,
    );
  });

  it("--format json carries the issue's fields", () => {
    const r = simulate(fx("deadlock.yaml"), "--format", "json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.tool.name).toBe("mlgate");
    expect(j.strategy).toBe("spread");
    expect(Object.keys(j.cluster)).toEqual(["gpusTotal", "gpusUsed", "gpusIdleFragmented", "deadlock"]);
    expect(j.cluster).toEqual({
      gpusTotal: 37,
      gpusUsed: 16,
      gpusIdleFragmented: 0,
      deadlock: {
        workloads: ["PyTorchJob/ml/llama-a", "PyTorchJob/ml/llama-b"],
        heldGpus: { "PyTorchJob/ml/llama-a": 8, "PyTorchJob/ml/llama-b": 8 },
      },
    });
    expect(j.workloads).toHaveLength(2);
    for (const w of j.workloads)
      expect(Object.keys(w)).toEqual([
        "name",
        "kind",
        "resource",
        "gpus",
        "startsWithGang",
        "startsWithoutGang",
        "withGang",
        "withoutGang",
        "placement",
        "reason",
      ]);
    expect(j.workloads[0]).toMatchObject({
      name: "PyTorchJob/ml/llama-a",
      kind: "PyTorchJob",
      gpus: 16,
      startsWithGang: true,
      startsWithoutGang: false,
      placement: [
        { pod: "Worker-0", node: "h100-0" },
        { pod: "Worker-1", node: "h100-1" },
      ],
    });
    expect(j.workloads[0].reason).toMatch(/deadlocked with PyTorchJob\/ml\/llama-b/);
    expect(j.workloads[1].reason).toMatch(/with gang admission it waits for earlier workloads to finish/);
  });

  it("--format markdown is a pull-request comment", () => {
    const r = simulate(fx("deadlock.yaml"), "--format", "markdown");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### mlgate simulate: deadlock without gang scheduling, none with it\n/);
    expect(r.stdout).toMatch(/\| Workload \| GPUs \| Without gang scheduling \| With gang admission \|/);
    expect(r.stdout).toMatch(/\| `PyTorchJob\/ml\/llama-a` \| 16 \| \*\*never starts: holds 8 GPUs/);
    expect(r.stdout).toMatch(/\| Deadlock \| \*\*yes\*\*: PyTorchJob\/ml\/llama-a, PyTorchJob\/ml\/llama-b \| no \|/);
  });

  it("reads manifests from standard input", () => {
    const s = mlgate(["simulate", "--cluster", NODES, "-", "-f", "json"], {
      input: readFileSync(join(repoRoot, fx("deadlock.yaml")), "utf8"),
    });
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout).cluster.deadlock.workloads).toHaveLength(2);
  });
});

describe("mlgate simulate: fragmentation, spread vs binpack", () => {
  // Two 2-GPU jobs and one 4-GPU job on the two schedulable 4-GPU A100 nodes.
  it("spread leaves 2 GPUs free on each A100 node and the 4-GPU job waits", () => {
    const r = simulate(fx("fragmentation.yaml"), "-f", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.strategy).toBe("spread");
    expect(j.cluster.gpusIdleFragmented).toBe(4);
    expect(j.workloads.map((w: { placement: { node: string }[] }) => w.placement.map((p) => p.node))).toEqual([
      ["a100-0"],
      ["a100-1"],
      ["a100-0"],
    ]);
    expect(j.workloads[2].reason).toMatch(/waits for earlier workloads to finish/);
    const text = simulate(fx("fragmentation.yaml")).stdout;
    expect(text).toMatch(/4 of 37 GPUs in use at submission, 4 idle by fragmentation/);
    expect(text).toMatch(/compare --strategy binpack/);
  });

  it("binpack puts both small jobs on one node and starts everything at once", () => {
    const r = simulate(fx("fragmentation.yaml"), "--strategy", "binpack", "-f", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.strategy).toBe("binpack");
    expect(j.cluster.gpusIdleFragmented).toBe(0);
    expect(j.cluster.gpusUsed).toBe(8);
    expect(j.workloads.map((w: { placement: { node: string }[] }) => w.placement.map((p) => p.node))).toEqual([
      ["a100-0"],
      ["a100-0"],
      ["a100-1"],
    ]);
    expect(j.workloads.every((w: { reason: string }) => w.reason === "")).toBe(true);
  });
});

describe("mlgate simulate: exit codes", () => {
  it("exits 1 when a workload never starts, even admitted whole", () => {
    const r = simulate(fx("impossible-job.yaml"));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/never starts: none of its pods can be placed/);
    expect(r.stdout).toMatch(/never starts: the cluster cannot hold it whole/);
    expect(r.stdout).toMatch(
      /1 workload never starts on this cluster, even admitted whole: PyTorchJob\/ml\/llama-pretrain/,
    );
  });

  it("with --pods, counts what already runs", () => {
    const r = simulate("--pods", fx("pods.json"), fx("fits.yaml"), "-f", "json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.workloads[0]).toMatchObject({ startsWithGang: false, startsWithoutGang: false });
    expect(j.workloads[0].reason).toMatch(/beside the pods already running/);
    expect(simulate(fx("fits.yaml")).code).toBe(0);
  });

  it("accepts a node pool inventory", () => {
    const r = mlgate(["simulate", "--cluster", fx("pools.yaml"), fx("deadlock.yaml"), "-f", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cluster.deadlock).toBeNull(); // four H100 nodes: both fit at once
  });
});

describe("mlgate simulate: usage errors exit 2 with a message naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-sim-"));
  const broken = join(dir, "broken.yaml");
  writeFileSync(broken, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  name: y\n spec: [\n");

  it.each([
    [["simulate", fx("deadlock.yaml")], /^mlgate: simulate: give the cluster with --cluster nodes\.json/],
    [["simulate", "--pods", fx("pods.json"), fx("deadlock.yaml")], /--pods needs --cluster/],
    [
      ["simulate", "--cluster", "nope.json", fx("deadlock.yaml")],
      /^mlgate: simulate: --cluster nope\.json: no such file\n$/,
    ],
    [
      ["simulate", "--cluster", fx("bad-quantity.json"), fx("deadlock.yaml")],
      /bad-quantity\.json: items\[0\] \(gpu-0\) status\.allocatable\.memory: "1Tb" is not a quantity/,
    ],
    [
      ["simulate", "--cluster", fx("bad-pods-as-nodes.json"), fx("deadlock.yaml")],
      /bad-pods-as-nodes\.json: items\[0\] is a Pod/,
    ],
    [["simulate", "--cluster", fx("bad-pool.yaml"), fx("deadlock.yaml")], /bad-pool\.yaml: .*did you mean "gpus"/],
    [["simulate", "--cluster", NODES, "--pods", "nope.json", fx("deadlock.yaml")], /--pods nope\.json: no such file/],
    [
      ["simulate", "--cluster", NODES, "missing.yaml"],
      /^mlgate: simulate: missing\.yaml: no such file or directory\n$/,
    ],
    [["simulate", "--cluster", NODES], /give the manifests of the workloads/],
    [
      ["simulate", "--cluster", NODES, fx("pools.yaml")],
      /no workload that creates pods in test\/fixtures\/cluster\/pools\.yaml/,
    ],
    [["simulate", "--cluster", NODES, broken], /cannot read every manifest[^\n]*\n[^\n]*broken\.yaml:\d+:\d+: /],
    [
      ["simulate", "--cluster", NODES, "--strategy", "tight", fx("deadlock.yaml")],
      /Allowed choices are spread, binpack/,
    ],
    [
      ["simulate", "--cluster", NODES, "--format", "sarif", fx("deadlock.yaml")],
      /Allowed choices are text, json, markdown/,
    ],
  ])("%j", (args, message) => {
    const r = mlgate(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("mlgate simulate --format json: the schema, per-run starts and Kueue quota", () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, "docs", "schema", "simulate.schema.json"), "utf8"));
  // ajv is CommonJS with `exports.default`; take the class from either shape.
  const AjvClass = ((Ajv as unknown as { default?: unknown }).default ?? Ajv) as typeof import("ajv").default;
  const validate = new AjvClass({ allErrors: true, strict: true }).compile(schema);

  it("the deadlock case: withGang / withoutGang say when and where, resource names the object; the output fits docs/schema", () => {
    const r = simulate(fx("deadlock.yaml"), "--format", "json");
    const j = JSON.parse(r.stdout);
    expect(validate(j), JSON.stringify(validate.errors)).toBe(true);
    const [a, b] = j.workloads;
    expect(a.resource).toEqual({ apiVersion: "kubeflow.org/v1", kind: "PyTorchJob", namespace: "ml", name: "llama-a" });
    expect(a.withoutGang.starts).toBe("never");
    expect(a.withoutGang.heldGpus).toBe(8);
    expect(a.withGang.starts).toBe("at-submission");
    expect(a.withGang.placement).toHaveLength(2);
    expect(b.withGang.starts).toBe("after-others-finish");
  });

  it("two 8-GPU jobs behind an 8-GPU ClusterQueue: the second starts only after the first, in both runs", () => {
    const kueue = `apiVersion: kueue.x-k8s.io/v1beta1
kind: ClusterQueue
metadata: {name: team}
spec:
  namespaceSelector: {}
  resourceGroups:
    - coveredResources: [nvidia.com/gpu]
      flavors:
        - name: default
          resources:
            - {name: nvidia.com/gpu, nominalQuota: 8}
---
apiVersion: kueue.x-k8s.io/v1beta1
kind: LocalQueue
metadata: {name: q, namespace: ml}
spec: {clusterQueue: team}
`;
    const job = (name: string) => `---
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ml
  labels: {kueue.x-k8s.io/queue-name: q}
spec:
  template:
    spec:
      restartPolicy: Never
      tolerations: [{key: nvidia.com/gpu, operator: Exists}]
      containers:
        - name: c
          image: i
          resources: {limits: {nvidia.com/gpu: 8}}
`;
    const dir = mkdtempSync(join(tmpdir(), "mlgate-sim-"));
    writeFileSync(join(dir, "jobs.yaml"), kueue + job("a") + job("b"));
    const r = mlgate(["simulate", "--cluster", join(repoRoot, NODES), "jobs.yaml", "--format", "json"], { cwd: dir });
    const j = JSON.parse(r.stdout);
    expect(validate(j), JSON.stringify(validate.errors)).toBe(true);
    expect(j.workloads.map((w: { withGang: { starts: string } }) => w.withGang.starts)).toEqual([
      "at-submission",
      "after-others-finish",
    ]);
    expect(j.workloads[1].withoutGang.starts).toBe("after-others-finish");
    expect(j.workloads[1].withGang.queue).toMatch(/ClusterQueue team/);
    const text = mlgate(["simulate", "--cluster", join(repoRoot, NODES), "jobs.yaml"], { cwd: dir }).stdout;
    expect(text).toMatch(
      /starts once earlier workloads finish \(Kueue admits it only when quota in ClusterQueue team is released/,
    );
  });
});
