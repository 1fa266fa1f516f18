// The Action without the network: a pull_request event payload in the shape GitHub sends it
// (fixtures/pull_request.json), a real git repository with the base and head commits, and a stub
// of the REST API that records every request.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../report/review-markdown.js";
import type { FetchLike, HttpResponse } from "./github.js";
import { type ActionDeps, runAction } from "./run.js";

const fixture = join(dirname(new URL(import.meta.url).pathname), "fixtures", "pull_request.json");

const deployment = (gpus: number, app: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llama
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
      containers:
        - name: server
          image: vllm/vllm-openai:v0.6.0
          resources:
            limits: {nvidia.com/gpu: ${gpus}}
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A repository whose main has the base and whose checked-out branch more-gpus has the head. */
function repository(head: string): string {
  const root = mkdtempSync(join(tmpdir(), "mlgate-action-"));
  dirs.push(root);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root });
  git("init", "-q", "-b", "main");
  mkdirSync(join(root, "k8s"));
  writeFileSync(join(root, "k8s", "serve.yaml"), deployment(4, "llama"));
  git("add", ".");
  git("commit", "-qm", "base");
  git("checkout", "-qb", "more-gpus");
  writeFileSync(join(root, "k8s", "serve.yaml"), head);
  git("commit", "-q", "--allow-empty", "-am", "head");
  return root;
}

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

/** The REST API as far as the Action uses it, in memory. */
function stubApi(opts: { denyComments?: boolean } = {}) {
  const comments: Array<{ id: number; body: string }> = [{ id: 11, body: "Looks good to me" }];
  const calls: Call[] = [];
  const answer = (status: number, json: unknown): HttpResponse => ({
    status,
    ok: status >= 200 && status < 300,
    text: async () => JSON.stringify(json),
  });
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const body = init.body === undefined ? undefined : (JSON.parse(init.body) as Record<string, unknown>);
    calls.push({ method: init.method, path: u.pathname, headers: init.headers, body });
    if (u.host !== "api.test") return answer(404, { message: "Not Found" });
    if (u.pathname === "/repos/octo-org/ml-infra/issues/7/comments") {
      if (init.method === "GET") return answer(200, comments);
      if (opts.denyComments) return answer(403, { message: "Resource not accessible by integration" });
      const c = { id: 100 + comments.length, body: String(body?.body) };
      comments.push(c);
      return answer(201, c);
    }
    const patch = /^\/repos\/octo-org\/ml-infra\/issues\/comments\/(\d+)$/.exec(u.pathname);
    if (patch && init.method === "PATCH") {
      const c = comments.find((x) => x.id === Number(patch[1]));
      if (!c) return answer(404, { message: "Not Found" });
      c.body = String(body?.body);
      return answer(200, c);
    }
    if (u.pathname === "/repos/octo-org/ml-infra/code-scanning/sarifs" && init.method === "POST")
      return answer(202, { id: "47177e22-5596-11eb-80a1-c1e54ef945c6" });
    return answer(404, { message: "Not Found" });
  };
  return { fetch, calls, comments };
}

function deps(root: string, fetch: FetchLike, env: Record<string, string>) {
  const files = new Map<string, string>();
  const log: string[] = [];
  const d: ActionDeps = {
    env: {
      GITHUB_REPOSITORY: "octo-org/ml-infra",
      GITHUB_API_URL: "http://api.test",
      GITHUB_SHA: "0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
      GITHUB_STEP_SUMMARY: join(root, "summary.md"),
      GITHUB_OUTPUT: join(root, "output.txt"),
      RUNNER_TEMP: root,
      INPUT_TOKEN: "ghs_test",
      ...env,
    },
    cwd: root,
    fetch,
    stdout: (s) => log.push(s),
    readFile: (p) => readFileSync(p, "utf8"),
    writeFile: (p, t) => files.set(p, t),
    appendFile: (p, t) => files.set(p, (files.get(p) ?? "") + t),
  };
  return { d, files, log };
}

const pullRequestEnv = {
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: fixture,
  GITHUB_REF: "refs/pull/7/merge",
  GITHUB_BASE_REF: "main",
};

describe("the Action on a pull request", () => {
  it("reviews against the base branch, comments once, then updates that comment on a rerun", async () => {
    // 4 → 8 GPUs (a cost increase) and a changed selector (kubectl apply fails): block.
    const root = repository(deployment(8, "llama-v2"));
    const api = stubApi();
    const first = deps(root, api.fetch, pullRequestEnv);
    expect(await runAction(first.d)).toBe(1);

    const [list, create, upload] = api.calls;
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /repos/octo-org/ml-infra/issues/7/comments",
      "POST /repos/octo-org/ml-infra/issues/7/comments",
      "POST /repos/octo-org/ml-infra/code-scanning/sarifs",
    ]);
    expect(list?.headers.authorization).toBe("Bearer ghs_test");
    expect(list?.headers["x-github-api-version"]).toBe("2022-11-28");
    const body = String(create?.body?.body);
    expect(body.startsWith(`${COMMENT_MARKER}\n### mlgate review: ⛔ **block**`)).toBe(true);
    expect(body).toContain("schema/immutable-field-changed");
    expect(body).toMatch(/4 → 8/);

    // The SARIF upload: gzip + Base64 of the review's SARIF, for the merge ref and commit.
    expect(upload?.body?.ref).toBe("refs/pull/7/merge");
    expect(upload?.body?.commit_sha).toBe("0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6");
    const sarif = JSON.parse(gunzipSync(Buffer.from(String(upload?.body?.sarif), "base64")).toString("utf8"));
    expect(sarif.version).toBe("2.1.0");
    const rules = sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId);
    expect(rules).toContain("schema/immutable-field-changed");
    expect(first.files.get(join(root, "mlgate.sarif"))).toBe(
      gunzipSync(Buffer.from(String(upload?.body?.sarif), "base64")).toString("utf8"),
    );

    // Job summary, outputs, log.
    expect(first.files.get(join(root, "summary.md"))).toBe(body);
    expect(first.files.get(join(root, "output.txt"))).toMatch(/^verdict=block\nnew-findings=\d+\nsarif-file=/);
    const log = first.log.join("");
    expect(log).toMatch(/mlgate review: BLOCK \(main/);
    expect(log).toMatch(/::error::mlgate review: block: /);
    expect(log).toContain("created comment 101 on pull request #7");

    // A rerun (a new push to the branch) finds its comment by the marker and edits it.
    const before = api.calls.length;
    const again = deps(root, api.fetch, pullRequestEnv);
    expect(await runAction(again.d)).toBe(1);
    expect(api.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /repos/octo-org/ml-infra/issues/7/comments",
      "PATCH /repos/octo-org/ml-infra/issues/comments/101",
      "POST /repos/octo-org/ml-infra/code-scanning/sarifs",
    ]);
    expect(api.comments.filter((c) => c.body.startsWith(COMMENT_MARKER))).toHaveLength(1);
  });

  it("a GPU increase alone is review: exit 0 unless fail-on-verdict is review", async () => {
    const root = repository(deployment(8, "llama"));
    const api = stubApi();
    const run = deps(root, api.fetch, { ...pullRequestEnv, "INPUT_UPLOAD-SARIF": "false" });
    expect(await runAction(run.d)).toBe(0);
    expect(run.files.get(join(root, "output.txt"))).toMatch(/^verdict=review\n/);
    expect(api.calls.map((c) => c.method)).toEqual(["GET", "POST"]);
    const strict = deps(root, stubApi().fetch, { ...pullRequestEnv, "INPUT_FAIL-ON-VERDICT": "review" });
    expect(await runAction(strict.d)).toBe(1);
  });

  it("a fork's read-only token: the comment fails as a warning, the verdict still decides", async () => {
    const root = repository(deployment(4, "llama"));
    const api = stubApi({ denyComments: true });
    const run = deps(root, api.fetch, { ...pullRequestEnv, INPUT_COMMENT: "true" });
    expect(await runAction(run.d)).toBe(0);
    expect(run.log.join("")).toMatch(
      /::warning::mlgate: comment failed: POST \/repos\/octo-org\/ml-infra\/issues\/7\/comments: HTTP 403: Resource not accessible by integration \(the token needs pull-requests: write/,
    );
    expect(run.files.get(join(root, "output.txt"))).toMatch(/^verdict=allow\n/);
  });

  it("bad inputs are one error annotation and exit 2", async () => {
    const root = repository(deployment(4, "llama"));
    const api = stubApi();
    const run = deps(root, api.fetch, { ...pullRequestEnv, "INPUT_FAIL-ON-VERDICT": "sometimes" });
    expect(await runAction(run.d)).toBe(2);
    expect(run.log.join("")).toBe(
      '::error::mlgate: input fail-on-verdict: "sometimes" is not one of review, block, never\n',
    );
    expect(api.calls).toEqual([]);
  });
});

describe("the Action on a push", () => {
  it("checks the checkout, uploads the SARIF for the branch, writes the summary, no comment", async () => {
    const bad = deployment(4, "llama").replace(
      "limits: {nvidia.com/gpu: 4}",
      "limits: {nvidia.com/gpu: 4, memory: 1Gb}",
    );
    const root = repository(bad);
    writeFileSync(join(root, "push.json"), JSON.stringify({ ref: "refs/heads/main", after: "0f1e2d3c" }));
    const api = stubApi();
    const run = deps(root, api.fetch, {
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: join(root, "push.json"),
      GITHUB_REF: "refs/heads/main",
      INPUT_PATHS: "k8s",
      "INPUT_DOCS-URL": "https://example.com/docs/rules",
    });
    expect(await runAction(run.d)).toBe(1);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/octo-org/ml-infra/code-scanning/sarifs",
    ]);
    expect(api.calls[0]?.body?.ref).toBe("refs/heads/main");
    const summary = String(run.files.get(join(root, "summary.md")));
    expect(summary).toMatch(/^### mlgate check: ⛔ 1 error/);
    expect(summary).toContain(
      "| error | [`schema/invalid-quantity`](https://example.com/docs/rules/schema/invalid-quantity.md) | `k8s/serve.yaml:",
    );
    expect(run.log.join("")).toMatch(/k8s\/serve\.yaml:\d+:\d+ +error/);
  });
});
