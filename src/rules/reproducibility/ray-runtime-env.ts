import yaml from "js-yaml";
import type { Path } from "../../model/path.js";
import { rayServeConfig } from "../../model/ray-serve.js";
import { asArray, asObject, asString, getIn, type JsonObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";

const RAY_DEPS_DOCS = "https://docs.ray.io/en/latest/ray-core/handling-dependencies.html";

/** A requirement pinned to one build: `pkg==1.2.3`, a direct URL or VCS reference at a commit, a local path. */
function pinned(req: string): boolean {
  const r = req.trim();
  if (r === "" || r.startsWith("-") || r.startsWith("#")) return true; // pip options and comments
  if (/===?\s*[\w.+!-]+\s*($|;)/.test(r)) return true;
  if (/@\s*(git\+)?https?:\/\/\S+@[0-9a-f]{7,40}\b/.test(r) || /git\+\S+@[0-9a-f]{40}\b/.test(r)) return true;
  if (/\.(whl|tar\.gz)$/.test(r) || r.startsWith("/") || r.startsWith("./")) return true;
  return false;
}

/** A code archive that follows a branch: GitHub's /archive/<branch>.zip with a branch rather than a commit or a tag. */
function branchArchive(uri: string): string | undefined {
  const m = /\/archive\/(?:refs\/heads\/)?([^/]+)\.(?:zip|tar\.gz)$/.exec(uri);
  if (!m) return undefined;
  const ref = m[1] as string;
  if (/^[0-9a-f]{40}$/.test(ref) || /^v?\d+(\.\d+)+/.test(ref) || uri.includes("/refs/tags/")) return undefined;
  return ref;
}

interface Problem {
  unpinned: string[];
  archives: Array<{ uri: string; ref: string }>;
}

function inspect(env: JsonObject): Problem {
  const deps: unknown[] = [];
  const pip = env.pip ?? env.uv;
  deps.push(...asArray(pip), ...asArray(asObject(pip)?.packages));
  const conda = asObject(env.conda);
  for (const d of asArray(conda?.dependencies)) {
    if (typeof d === "string") deps.push(d);
    else deps.push(...asArray(asObject(d)?.pip));
  }
  const unpinned = deps.filter((d): d is string => typeof d === "string" && !pinned(d)).map((d) => d.trim());
  const uris = [asString(env.working_dir), ...asArray(env.py_modules).map(asString)].filter((u): u is string => !!u);
  const archives = uris.flatMap((uri) => {
    const ref = branchArchive(uri);
    return ref ? [{ uri, ref }] : [];
  });
  return { unpinned, archives };
}

function words(p: Problem): string | undefined {
  const parts: string[] = [];
  if (p.unpinned.length > 0) {
    const shown = p.unpinned.slice(0, 4).join(", ");
    parts.push(
      `${p.unpinned.length} package${p.unpinned.length === 1 ? "" : "s"} installed without a pinned version at every start (${shown}${p.unpinned.length > 4 ? ", …" : ""})`,
    );
  }
  for (const a of p.archives) parts.push(`code downloaded from the ${a.ref} branch (${a.uri})`);
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

const rayJob = (env: string) => dedent`
  apiVersion: ray.io/v1
  kind: RayJob
  metadata:
    name: finetune
  spec:
    entrypoint: python train.py
    shutdownAfterJobFinishes: true
    runtimeEnvYAML: |
  ${env}  rayClusterSpec:
      headGroupSpec:
        rayStartParams: {}
        template:
          spec:
            containers:
              - {name: ray-head, image: "rayproject/ray:2.41.0"}
`;

export default defineRule({
  id: "reproducibility/ray-runtime-env",
  category: "reproducibility",
  severity: "warning",
  summary: "A Ray runtime_env installs unpinned packages or downloads code from a branch at every start",
  rationale:
    "Ray builds a job's runtime environment when it starts: `pip`/`uv`/`conda` packages are installed then, and a `working_dir` or `py_modules` URI is downloaded then. A package without a pinned version (`torch`, `transformers>=4.19`) installs whatever is newest that day, and a GitHub archive of a branch (`…/archive/master.zip`) is whatever the branch holds that day: the same manifest runs different code from one start to the next, a retry after a failure may not reproduce it, and a release upstream can break a job that worked yesterday.",
  remediation:
    "Pin every package (`torch==2.5.1`), or bake the dependencies into the image; point `working_dir` at a commit (`…/archive/<sha>.zip`) or a release tag.",
  links: [{ title: "Ray: environment dependencies (runtime_env)", url: RAY_DEPS_DOCS }],
  examples: {
    valid: [
      {
        title: "pinned packages and a commit archive",
        yaml: rayJob(
          '    pip: ["torch==2.5.1", "transformers==4.46.3"]\n    working_dir: "https://github.com/acme/train/archive/3f2a9c1d0e7b8a6f5c4d3e2f1a0b9c8d7e6f5a4b.zip"\n',
        ),
      },
    ],
    invalid: [
      {
        title: "unpinned packages and the master branch, as in KubeRay's image-classifier sample",
        yaml: rayJob(
          '    pip:\n      - numpy\n      - torch\n      - transformers>=4.19.1\n    working_dir: "https://github.com/ray-project/kuberay/archive/master.zip"\n',
        ),
        findings: [
          {
            line: 8,
            column: 19,
            message:
              /3 packages installed without a pinned version at every start \(numpy, torch, transformers>=4.19.1\) and code downloaded from the master branch/,
          },
        ],
      },
    ],
  },
  resource(r, ctx) {
    if (r.group !== "ray.io") return;
    const report = (path: Path, env: unknown, where: string) => {
      const e = asObject(env);
      const w = e ? words(inspect(e)) : undefined;
      if (w)
        ctx.report({
          resource: r,
          path,
          message: `${where}: ${w}; it runs different code from one start to the next`,
        });
    };
    if (r.kind === "RayJob") {
      const text = asString(getIn(r.value, ["spec", "runtimeEnvYAML"]));
      if (!text) return;
      let env: unknown;
      try {
        env = yaml.load(text);
      } catch {
        return;
      }
      report(["spec", "runtimeEnvYAML"], env, "the RayJob's runtime_env");
    } else if (r.kind === "RayService") {
      for (const app of asArray(asObject(rayServeConfig(r))?.applications)) {
        const a = asObject(app);
        if (a?.runtime_env)
          report(
            ["spec", "serveConfigV2"],
            a.runtime_env,
            `application ${asString(a.name) ?? ""} runtime_env`.replace("  ", " "),
          );
      }
    }
  },
});
