import type { LoadProblem, ParsedDocument } from "./types.js";

/**
 * Which files a repository holds beside its manifests, by name: configuration of other tools that
 * no mlgate loader reads. Matched against the path (with `/` separators) as the user sees it. A
 * name here wins over the file's content (`Chart.yaml` has an `apiVersion` but is not an object
 * the API server takes).
 */
export const NOT_MANIFESTS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /(^|\/)\.github\/dependabot\.ya?ml$|(^|\/)dependabot\.ya?ml$/, what: "Dependabot configuration" },
  { pattern: /(^|\/)\.github\/(ISSUE_TEMPLATE|DISCUSSION_TEMPLATE)\//i, what: "a GitHub issue or discussion template" },
  {
    pattern:
      /(^|\/)\.github\/(FUNDING|labeler|release|release-drafter|stale|settings|auto_assign|mergify|config|boring-cyborg|CODEOWNERS)\.ya?ml$/i,
    what: "GitHub repository configuration",
  },
  { pattern: /(^|\/)Chart\.(ya?ml|lock)$/, what: "a Helm chart's metadata" },
  { pattern: /(^|\/)values([._-][^/]*)?\.(ya?ml|json)$/, what: "Helm values" },
  { pattern: /(^|\/)values\.schema\.json$/, what: "a Helm values schema" },
  {
    pattern:
      /(^|\/)(package|package-lock|npm-shrinkwrap|composer|lerna|turbo|vercel|deno|renovate|\.renovaterc)\.json$/,
    what: "a package manager's or build tool's file",
  },
  { pattern: /(^|\/)(ts|js)config([.-][^/]*)?\.json$/, what: "TypeScript/JavaScript project configuration" },
  {
    pattern: /(^|\/)(biome\.jsonc?|\.eslintrc(\.[a-z]+)?|\.prettierrc(\.[a-z]+)?|\.babelrc(\.json)?)$/,
    what: "a linter's or formatter's configuration",
  },
  { pattern: /(^|\/)(pnpm-lock|pnpm-workspace|\.yarnrc)\.ya?ml$/, what: "a package manager's file" },
  { pattern: /(^|\/)\.pre-commit-(config|hooks)\.ya?ml$/, what: "pre-commit configuration" },
  { pattern: /(^|\/)(docker-)?compose([.-][^/]*)?\.ya?ml$/, what: "a Docker Compose file" },
  { pattern: /(^|\/)mkdocs\.ya?ml$/, what: "MkDocs configuration" },
  { pattern: /(^|\/)\.?codecov\.ya?ml$/, what: "Codecov configuration" },
  { pattern: /(^|\/)\.gitlab-ci\.ya?ml$/, what: "GitLab CI configuration" },
  {
    pattern:
      /(^|\/)(\.travis|appveyor|\.appveyor|azure-pipelines|bitbucket-pipelines|\.drone|cloudbuild|buildspec)\.ya?ml$/,
    what: "another CI system's configuration",
  },
  { pattern: /(^|\/)\.circleci\/config\.ya?ml$/, what: "CircleCI configuration" },
  { pattern: /(^|\/)\.readthedocs\.ya?ml$/, what: "Read the Docs configuration" },
  {
    pattern: /(^|\/)(\.golangci|\.goreleaser|\.yamllint|\.markdownlint|\.clang-tidy|\.hadolint|\.gitpod)(\.ya?ml)?$/,
    what: "a development tool's configuration",
  },
  { pattern: /(^|\/)(environment|conda)\.ya?ml$/, what: "a Conda environment" },
  // DVC pipelines, lock and .dvc files and MLproject files have their own loader (src/model/dvc.ts,
  // mlproject.ts); a DVC pipeline reads its parameters from these, and MLflow its environments.
  { pattern: /(^|\/)params\.(ya?ml|json)$/, what: "DVC parameters" },
  { pattern: /(^|\/)python_env\.ya?ml$/, what: "an MLflow project's Python environment" },
];

/** Why a file is not a manifest, when its name says so. */
export function knownNonManifest(path: string): string | undefined {
  for (const { pattern, what } of NOT_MANIFESTS) if (pattern.test(path)) return what;
  return undefined;
}

/** A file no loader claims, and why: counted as skipped, listed with `--verbose`, never an error. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** The words a broken manifest still shows: a file that fails to parse and holds neither is not one. */
const MANIFEST_WORD = /\b(apiVersion|kind)\b/;

/**
 * Whether the Kubernetes loader claims a file it has parsed, or why not. It claims a file when one
 * of its documents has both `apiVersion` and `kind`; or, unless its name is another tool's
 * (`Chart.yaml` has an `apiVersion` and no `kind`), when a document has one of them (a broken
 * manifest, which the schema rules report) or the file fails to parse and its text names either.
 * An empty file is claimed (it holds nothing to report).
 */
export function claimManifest(
  path: string,
  text: string,
  documents: readonly ParsedDocument[],
  problems: readonly LoadProblem[],
): { claimed: true } | { claimed: false; reason: string } {
  if (documents.length === 0 && problems.length === 0) return { claimed: true };
  let hasEither = false;
  for (const d of documents) {
    const v = d.value;
    if (v === null || typeof v !== "object" || Array.isArray(v)) continue;
    // A file named like another tool's that still holds a whole object (both fields) is a manifest.
    if ("apiVersion" in v && "kind" in v) return { claimed: true };
    if ("apiVersion" in v || "kind" in v) hasEither = true;
  }
  const named = knownNonManifest(path);
  if (named) return { claimed: false, reason: named };
  if (documents.some((d) => isPoolInventory(d.value)))
    return { claimed: false, reason: "an mlgate node pool inventory (read with --cluster)" };
  if (hasEither) return { claimed: true };
  if (problems.length > 0) {
    if (MANIFEST_WORD.test(text)) return { claimed: true };
    return { claimed: false, reason: "not valid YAML or JSON, and no apiVersion or kind: not a Kubernetes manifest" };
  }
  return { claimed: false, reason: "no document has an apiVersion or a kind: not a Kubernetes manifest" };
}

/** mlgate's own node pool inventory (docs/cluster.md): `kind: NodePools`, `pools:`, no apiVersion. */
function isPoolInventory(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return o.kind === "NodePools" && !("apiVersion" in o) && Array.isArray(o.pools);
}

/**
 * A file given explicitly that is a GitHub Actions workflow: every document a mapping with `on:`
 * (read as `true` under YAML 1.1) and `jobs:` at the top, or a `jobs:` mapping alone, and no
 * `apiVersion`/`kind`.
 */
export function looksLikeWorkflow(docs: readonly ParsedDocument[]): boolean {
  return (
    docs.length > 0 &&
    docs.every((d) => {
      const v = d.value;
      if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      if ("apiVersion" in o || "kind" in o) return false;
      if (("on" in o || "true" in o) && "jobs" in o) return true;
      // A workflow that lost its `on:` (ci/missing-key says so) is still a workflow when it has
      // a `jobs:` mapping: no Kubernetes object has one at the top level.
      const jobs = o.jobs;
      return jobs !== null && typeof jobs === "object" && !Array.isArray(jobs);
    })
  );
}

/**
 * A file that fails to parse and reads like a workflow (a top-level `jobs:` or `on:`, no
 * `apiVersion:` or `kind:`): the workflow loader claims it, so its syntax error is still reported.
 */
export function looksLikeBrokenWorkflow(text: string, parsed: { problems: readonly LoadProblem[] }): boolean {
  return parsed.problems.length > 0 && /^(jobs|on):/m.test(text) && !/^(apiVersion|kind):/m.test(text);
}
