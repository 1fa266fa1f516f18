import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import yaml from "js-yaml";
import { type RenderedDocument, renderedFiles, splitHelmOutput, splitKustomizeOutput } from "./rendered.js";
import { type LoadProblem, type RenderRecord, SourceFile } from "./types.js";

/**
 * The I/O half of rendering: runs `helm template` on a chart directory and `kubectl kustomize` (or
 * `kustomize build`) on a Kustomize directory, offline, and hands the output to `rendered.ts`.
 * Nothing is fetched: a chart whose dependencies are not vendored under `charts/`, or a
 * kustomization with a remote base, is not rendered and gets one finding saying so; the renderer
 * runs with its proxies pointed at a closed port and git limited to local files, so a reference
 * the checks here miss fails instead of reaching the network.
 */

export const CHART_FILE = "Chart.yaml";
export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export type UnitKind = "helm" | "kustomize";

/** A directory rendered as a whole rather than read file by file. */
export interface RenderUnit {
  kind: UnitKind;
  /** Absolute path of the directory. */
  dir: string;
  /** Absolute path of its Chart.yaml or kustomization file. */
  manifest: string;
}

export interface RenderOutput {
  files: SourceFile[];
  problems: LoadProblem[];
  records: RenderRecord[];
}

type Env = Record<string, string | undefined>;

/** Which renderer a directory is: a chart (`Chart.yaml`) or a kustomization. */
export function unitOf(dir: string, names: ReadonlySet<string>): RenderUnit | undefined {
  if (names.has(CHART_FILE)) return { kind: "helm", dir, manifest: join(dir, CHART_FILE) };
  for (const k of KUSTOMIZATION_FILES) if (names.has(k)) return { kind: "kustomize", dir, manifest: join(dir, k) };
  return undefined;
}

/**
 * The chart a path given on its own belongs to, when it is one of the chart's sources (a file or
 * directory under `templates/`, a values file, Chart.yaml): `mlgate check chart/templates/job.yaml`
 * renders the chart rather than reading a template as a manifest.
 */
export function chartOf(abs: string, isDirectory: boolean): RenderUnit | undefined {
  let dir = isDirectory ? abs : dirname(abs);
  for (;;) {
    if (existsSync(join(dir, CHART_FILE))) {
      const rel = relative(dir, abs).split(sep).join("/");
      const source = /^(templates(\/|$)|values[^/]*\.(ya?ml|json)$|Chart\.yaml$)/.test(rel);
      return source ? { kind: "helm", dir, manifest: join(dir, CHART_FILE) } : undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** A renderer found on the PATH, and its version. */
interface Tool {
  command: string;
  args: string[];
  renderer: RenderRecord["renderer"];
  version: string;
}

function run(command: string, args: string[], env: Env, cwd?: string) {
  return spawnSync(command, args, {
    env: offlineEnv(env),
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
    ...(cwd ? { cwd } : {}),
  });
}

/** The user's environment with every way out closed: renderers must not fetch anything. */
function offlineEnv(env: Env): Env {
  const closed = "http://127.0.0.1:9";
  return {
    ...env,
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: "",
    no_proxy: "",
    GIT_ALLOW_PROTOCOL: "file",
    GIT_TERMINAL_PROMPT: "0",
  };
}

/** Finds the renderers on the PATH once per run. */
export class Renderers {
  private helmTool: Tool | null | undefined;
  private kustomizeTool: Tool | null | undefined;

  constructor(private readonly env: Env) {}

  envFor(): Env {
    return this.env;
  }

  helm(): Tool | null {
    if (this.helmTool === undefined) {
      const r = run("helm", ["version", "--short"], this.env);
      this.helmTool =
        r.error || r.status !== 0
          ? null
          : { command: "helm", args: ["template"], renderer: "helm template", version: versionIn(r.stdout) };
    }
    return this.helmTool;
  }

  kustomize(): Tool | null {
    if (this.kustomizeTool === undefined) {
      this.kustomizeTool = null;
      const k = run("kubectl", ["version", "--client", "-o", "json"], this.env);
      if (!k.error && k.status === 0) {
        let version = "";
        try {
          const v = JSON.parse(k.stdout) as { kustomizeVersion?: string; clientVersion?: { gitVersion?: string } };
          version = `${v.kustomizeVersion ?? "?"} (kubectl ${v.clientVersion?.gitVersion ?? "?"})`;
        } catch {
          version = versionIn(k.stdout);
        }
        this.kustomizeTool = { command: "kubectl", args: ["kustomize"], renderer: "kubectl kustomize", version };
      } else {
        const s = run("kustomize", ["version"], this.env);
        if (!s.error && s.status === 0)
          this.kustomizeTool = {
            command: "kustomize",
            args: ["build"],
            renderer: "kustomize build",
            version: versionIn(s.stdout),
          };
      }
    }
    return this.kustomizeTool;
  }
}

function versionIn(text: string): string {
  return /v?\d+\.\d+\.\d+[^\s"]*/.exec(text)?.[0] ?? text.trim().split("\n")[0] ?? "";
}

/** What rendering one unit needs: its tool, its Chart.yaml or kustomization, how to show paths. */
interface UnitRun {
  unit: RenderUnit;
  tool: Tool;
  env: Env;
  /** The Chart.yaml or kustomization file: where the unit's own findings go. */
  file: SourceFile;
  /** The directory as users see it. */
  dir: string;
  display: (abs: string) => string;
}

/** Renders one chart or kustomization; `display` turns absolute paths into what users see. */
export function renderUnit(unit: RenderUnit, renderers: Renderers, display: (abs: string) => string): RenderOutput {
  const file = manifestFile(unit, display);
  const dir = display(unit.dir);
  const tool = unit.kind === "helm" ? renderers.helm() : renderers.kustomize();
  if (!tool) {
    return refused(
      file,
      unit.kind === "helm"
        ? `Helm chart ${dir} is not rendered: \`helm\` is not on the PATH, so its templates are not checked; install Helm, or render it yourself: \`helm template RELEASE ${dir} | mlgate check -\``
        : `Kustomize directory ${dir} is not rendered: neither \`kubectl\` nor \`kustomize\` is on the PATH, so its resources are not checked; install one, or render it yourself: \`kubectl kustomize ${dir} | mlgate check -\``,
    );
  }
  const r: UnitRun = { unit, tool, env: renderers.envFor(), file, dir, display };
  return unit.kind === "helm" ? renderChart(r) : renderKustomization(r);
}

/** A unit not rendered: one warning per reason (at `needle` in its file), nothing checked. */
function refused(file: SourceFile, ...reasons: Array<string | [message: string, needle: string]>): RenderOutput {
  return {
    files: [],
    problems: reasons.map((r) =>
      typeof r === "string" ? problem(file, r, "warning") : problem(file, r[0], "warning", r[1]),
    ),
    records: [],
  };
}

/** A renderer that failed: its error is the finding. */
function failed(r: UnitRun, stderr: string): RenderOutput {
  return {
    files: [],
    problems: [problem(r.file, `${r.tool.renderer} failed on ${r.dir}: ${stderr}`, "error")],
    records: [],
  };
}

function rendered(r: UnitRun, files: SourceFile[]): RenderOutput {
  return { files, problems: [], records: [{ source: r.dir, renderer: r.tool.renderer, version: r.tool.version }] };
}

function manifestFile(unit: RenderUnit, display: (abs: string) => string): SourceFile {
  let text = "";
  try {
    text = readFileSync(unit.manifest, "utf8");
  } catch {
    // Positions fall to line 1.
  }
  return new SourceFile(display(unit.manifest), text);
}

function problem(file: SourceFile, message: string, severity: LoadProblem["severity"], needle?: string): LoadProblem {
  const at = needle ? file.text.indexOf(needle) : -1;
  return {
    ruleId: "schema/unrendered-template",
    file,
    offset: Math.max(0, at),
    message,
    ...(severity ? { severity } : {}),
  };
}

function readText(abs: string): string | undefined {
  try {
    return readFileSync(abs, "utf8").replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
}

/** The first lines of a renderer's error output, on one line. */
function errorText(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  // kubectl logs through klog: `E1204 18:16:05.816606 2379 run.go:72] "command failed" err="…"`.
  const text = lines
    .slice(0, 3)
    .join(" ")
    .replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err="(.*)"$/, "$1");
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function renderChart(r: UnitRun): RenderOutput {
  const { unit, file: chart, dir } = r;
  const missing = missingDependencies(unit.dir, chart.text);
  if (missing.length > 0) {
    return refused(
      chart,
      ...missing.map((name): [string, string] => [
        `chart dependency "${name}" is not vendored under ${dir}/charts/ and is not fetched (mlgate renders offline); the chart is not rendered: run \`helm dependency build ${dir}\` first`,
        `name: ${name}`,
      ]),
    );
  }
  const release =
    basename(unit.dir)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-") || "release";
  const out = run(r.tool.command, [...r.tool.args, release, unit.dir], r.env);
  if (out.error || out.status !== 0) return failed(r, errorText(out.stderr || String(out.error ?? "")));
  // `# Source: NAME/templates/x.yaml`: NAME is the chart's name; subcharts follow under NAME/charts/.
  const chartName = chartNameOf(chart.text) ?? basename(unit.dir);
  const files = renderedSources(
    splitHelmOutput(out.stdout),
    chart,
    (source) => (source.startsWith(`${chartName}/`) ? join(unit.dir, source.slice(chartName.length + 1)) : undefined),
    r.display,
    dir,
  );
  return rendered(r, files);
}

/**
 * Rendered documents as files at their sources' paths (`renderedFiles`), reading each source from
 * disk; documents whose source is unknown stay with the chart or kustomization file.
 */
function renderedSources(
  docs: readonly RenderedDocument[],
  unitFile: SourceFile,
  absOf: (source: string) => string | undefined,
  display: (abs: string) => string,
  unit: string,
): SourceFile[] {
  const shownToAbs = new Map<string, string>();
  return renderedFiles(
    docs,
    unitFile.path,
    (source) => {
      const abs = absOf(source);
      if (abs === undefined || !existsSync(abs)) return undefined;
      const shown = display(abs);
      shownToAbs.set(shown, abs);
      return shown;
    },
    (shown) => {
      if (shown === unitFile.path) return unitFile.text;
      const abs = shownToAbs.get(shown);
      return abs === undefined ? undefined : readText(abs);
    },
    unit,
  );
}

function chartNameOf(text: string): string | undefined {
  try {
    const v = yaml.load(text) as { name?: unknown } | null;
    return typeof v?.name === "string" ? v.name : undefined;
  } catch {
    return undefined;
  }
}

/** Dependencies Chart.yaml lists that `charts/` holds neither as a directory nor as NAME-*.tgz. */
export function missingDependencies(dir: string, chartText: string): string[] {
  let deps: unknown;
  try {
    deps = (yaml.load(chartText) as { dependencies?: unknown } | null)?.dependencies;
  } catch {
    return [];
  }
  if (!Array.isArray(deps)) return [];
  let vendored: string[] = [];
  try {
    vendored = readdirSync(join(dir, "charts"));
  } catch {
    // No charts/ directory: nothing vendored.
  }
  const out: string[] = [];
  for (const d of deps) {
    const name = (d as { name?: unknown })?.name;
    if (typeof name !== "string") continue;
    const found = vendored.some((v) => v === name || (v.startsWith(`${name}-`) && v.endsWith(".tgz")));
    if (!found) out.push(name);
  }
  return out;
}

/** Entries of a kustomization that name something remote: a URL, a git host path, `?ref=`. */
const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)/;

interface KustomizationRefs {
  /** Local directories it builds on (resources, bases, components), absolute. */
  localDirs: string[];
  remote: string[];
  isComponent: boolean;
  /** It inflates Helm charts (`helmCharts:`), which kustomize does only with --enable-helm. */
  helmCharts: boolean;
}

/** What a kustomization refers to; undefined when it cannot be read as YAML. */
export function kustomizationRefs(unit: RenderUnit): KustomizationRefs | undefined {
  let v: Record<string, unknown> | null;
  try {
    v = yaml.load(readFileSync(unit.manifest, "utf8")) as Record<string, unknown> | null;
  } catch {
    return undefined;
  }
  const refs: KustomizationRefs = {
    localDirs: [],
    remote: [],
    isComponent: v?.kind === "Component",
    helmCharts: Array.isArray(v?.helmCharts) && v.helmCharts.length > 0,
  };
  for (const key of ["resources", "bases", "components"]) {
    const list = v?.[key];
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      if (typeof e !== "string") continue;
      if (REMOTE.test(e)) refs.remote.push(e);
      else refs.localDirs.push(resolve(unit.dir, e));
    }
  }
  return refs;
}

function renderKustomization(r: UnitRun): RenderOutput {
  const { unit, file: kfile, dir } = r;
  const refs = kustomizationRefs(unit);
  if (refs && refs.remote.length > 0) {
    return refused(
      kfile,
      ...refs.remote.map((ref): [string, string] => [
        `remote base "${ref}" is not fetched (mlgate renders offline); ${dir} is not rendered: vendor the base, or render it yourself and pipe it: \`kubectl kustomize ${dir} | mlgate check -\``,
        ref,
      ]),
    );
  }
  if (refs?.helmCharts) {
    return refused(kfile, [
      `${dir} inflates Helm charts (helmCharts:), which kustomize does only with --enable-helm and may download; it is not rendered: render it yourself: \`kubectl kustomize --enable-helm ${dir} | mlgate check -\``,
      "helmCharts",
    ]);
  }
  // Render through a wrapper that asks for origin annotations, so each object names its file.
  const wrapper = mkdtempSync(join(tmpdir(), "mlgate-kustomize-"));
  let out: ReturnType<typeof run>;
  try {
    const rel = relative(wrapper, unit.dir).split(sep).join("/");
    writeFileSync(
      join(wrapper, "kustomization.yaml"),
      `resources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`,
    );
    out = run(r.tool.command, [...r.tool.args, wrapper], r.env);
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
  if (out.error || out.status !== 0)
    return failed(r, errorText(out.stderr || String(out.error ?? "")).replaceAll(wrapper, "(mlgate)"));
  // Origin paths are relative to the wrapper.
  return rendered(
    r,
    renderedSources(splitKustomizeOutput(out.stdout), kfile, (source) => resolve(wrapper, source), r.display, dir),
  );
}
