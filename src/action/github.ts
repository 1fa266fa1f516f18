// The GitHub REST API calls the Action makes, over an injected fetch (Node's global fetch in the
// Action, a stub in the tests). Endpoints and headers as GitHub documents them (read 2026-12-04):
// - issue comments: GET/POST /repos/{owner}/{repo}/issues/{number}/comments (at most 100 per
//   page), PATCH /repos/{owner}/{repo}/issues/comments/{id}; a pull request is an issue for these
//   (docs.github.com/rest/issues/comments);
// - code scanning: POST /repos/{owner}/{repo}/code-scanning/sarifs with commit_sha, ref
//   (refs/heads/…, refs/pull/N/merge or refs/pull/N/head) and the SARIF gzip-compressed then
//   Base64-encoded (docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data);
// - `X-GitHub-Api-Version: 2022-11-28` and `Accept: application/vnd.github+json` on every call.
import { gzipSync } from "node:zlib";
import { VERSION } from "../version.js";

/** The part of a fetch response the client reads. */
export interface HttpResponse {
  status: number;
  ok: boolean;
  text(): Promise<string>;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** Node's global fetch has this shape; tests pass a stub that records the requests. */
export type FetchLike = (url: string, init: HttpRequest) => Promise<HttpResponse>;

/** An answer of the API other than 2xx, with its status (403: the token may not do it). */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Comments per page: the most the list endpoint returns. */
const PER_PAGE = 100;

export class GitHubApi {
  constructor(
    private readonly fetch: FetchLike,
    private readonly apiUrl: string,
    private readonly token: string,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.fetch(`${this.apiUrl.replace(/\/+$/, "")}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": `mlgate/${VERSION}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
      } catch {
        // not JSON: the text itself
      }
      throw new GitHubError(`${method} ${path}: HTTP ${res.status}: ${message}`, res.status);
    }
    return text === "" ? undefined : JSON.parse(text);
  }

  /**
   * One sticky comment: the first comment of the pull request whose body starts with `marker` is
   * updated (PATCH); when there is none, one is created (POST).
   */
  async upsertComment(
    repository: string,
    issue: number,
    body: string,
    marker: string,
  ): Promise<{ action: "created" | "updated"; id: number }> {
    for (let page = 1; ; page++) {
      const list = (await this.call(
        "GET",
        `/repos/${repository}/issues/${issue}/comments?per_page=${PER_PAGE}&page=${page}`,
      )) as Array<{ id: number; body?: string }>;
      const mine = list.find((c) => typeof c.body === "string" && c.body.startsWith(marker));
      if (mine) {
        await this.call("PATCH", `/repos/${repository}/issues/comments/${mine.id}`, { body });
        return { action: "updated", id: mine.id };
      }
      if (list.length < PER_PAGE) break;
    }
    const created = (await this.call("POST", `/repos/${repository}/issues/${issue}/comments`, { body })) as {
      id: number;
    };
    return { action: "created", id: created.id };
  }

  /** Uploads a SARIF log to code scanning; returns the upload's id. */
  async uploadSarif(repository: string, commitSha: string, ref: string, sarif: string): Promise<string | undefined> {
    const r = (await this.call("POST", `/repos/${repository}/code-scanning/sarifs`, {
      commit_sha: commitSha,
      ref,
      sarif: encodeSarif(sarif),
      tool_name: "mlgate",
    })) as { id?: string } | undefined;
    return r?.id;
  }
}

/** gzip, then Base64: the encoding the code-scanning endpoint takes. */
export function encodeSarif(sarif: string): string {
  return gzipSync(Buffer.from(sarif, "utf8")).toString("base64");
}
