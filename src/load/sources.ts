import { isUtf8 } from "node:buffer";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { dvcFileKind, isMlprojectPath, isProjectRoot } from "./project-files.js";
import { chartOf, kustomizationRefs, Renderers, type RenderUnit, renderUnit, unitOf } from "./render.js";
import { hasSourceComments, renderedFiles, splitHelmOutput } from "./rendered.js";
import { dirOf, FileTree } from "./tree.js";
import { type LoadProblem, type RenderRecord, SourceFile } from "./types.js";

export interface ReadOptions {
  cwd: string;
  /** Globs matched against paths relative to the working directory. */
  exclude: readonly string[];
  /** Whether a file's own configuration excludes it (nested `.mlgate.yaml`): absolute and shown path. */
  excluded?: (abs: string, shown: string) => boolean;
  /** Files larger than this are refused with a finding, not parsed. */
  maxFileSize: number;
  /** Reads standard input when `-` is given; injectable for tests. */
  readStdin?: () => string;
  /** The path `-` is reported at (`--stdin-filename`); `<stdin>` without it. */
  stdinFilename?: string;
  /** The environment renderers run in (its PATH finds helm, kubectl, kustomize); process.env by default. */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;
const MANIFEST_EXTENSIONS = /\.(ya?ml|json|tf|tfvars)$/i;
/**
 * `.terraform` holds the modules and providers `terraform init` downloaded: not the user's
 * configuration. `.dvc` is DVC's own directory (configuration, and a cache of every data version).
 */
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".terraform", ".dvc"]);

/** Whether the directory walk reads a file of this name (a manifest, workflow, Terraform, DVC or MLflow file). */
export function isReadByName(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  // DVC's lock and `.dvc` files and MLflow's MLproject are YAML whatever their names end with.
  return (
    (MANIFEST_EXTENSIONS.test(base) || dvcFileKind(base) !== undefined || isMlprojectPath(base)) &&
    !SKIPPED_FILES.has(base)
  );
}
/** mlgate's own configuration is not a manifest. */
const SKIPPED_FILES = new Set([".mlgate.yaml", ".mlgate.yml"]);

export interface ReadResult {
  files: SourceFile[];
  problems: LoadProblem[];
  /** Arguments that name nothing: a usage error, exit 2. */
  missing: string[];
  /** The charts and kustomizations rendered, by what and which version. */
  rendered: RenderRecord[];
  /** Every file and directory under the directories walked: what exists, for the project checks. */
  tree: FileTree;
}

/** Reads every input the user named: files, directories (recursively) and `-` for stdin. */
export function readSources(args: readonly string[], options: ReadOptions): ReadResult {
  const byGlob = options.exclude.length > 0 ? picomatch(options.exclude as string[], { dot: true }) : () => false;
  const isExcluded = (abs: string, shown: string) => byGlob(shown) || (options.excluded?.(abs, shown) ?? false);
  const files: SourceFile[] = [];
  const problems: LoadProblem[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const tree = new FileTree();

  const addFile = (abs: string, display: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const result = decodeFile(display, () => readFileSync(abs), options.maxFileSize, statSync(abs).size);
    if (result instanceof SourceFile) files.push(result);
    else problems.push(result);
  };

  const units: RenderUnit[] = [];
  // A chart or kustomization may be the working directory itself: `.`.
  const display = (abs: string) => (relative(options.cwd, abs) === "" ? "." : displayPath(options.cwd, abs));
  for (const arg of args) {
    if (arg === "-") {
      const text = (options.readStdin ?? (() => readFileSync(0, "utf8")))().replace(/^\uFEFF/, "");
      files.push(...stdinFiles(text, options));
      continue;
    }
    const abs = isAbsolute(arg) ? arg : join(options.cwd, arg);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(abs);
    } catch {
      missing.push(arg);
      continue;
    }
    const chart = chartOf(abs, stat.isDirectory());
    if (chart) {
      if (!isExcluded(chart.manifest, display(chart.manifest))) units.push(chart);
      continue;
    }
    if (stat.isDirectory()) {
      tree.addRoot(display(abs));
      const found = walk(abs, (p) => tree.add(display(p)));
      for (const f of found.files) {
        const shown = display(f);
        if (!isExcluded(f, shown)) addFile(f, shown);
      }
      for (const u of found.units) if (!isExcluded(u.manifest, display(u.manifest))) units.push(u);
    } else {
      const shown = display(abs);
      if (!isExcluded(abs, shown)) addFile(abs, shown);
      // A pipeline named on its own: its directory is listed, so its dependencies can be looked for.
      if (isProjectRoot(shown) && !tree.covers(shown)) {
        const dir = join(abs, "..");
        tree.addRoot(dirOf(shown));
        walk(dir, (p) => tree.add(display(p)));
      }
    }
  }
  const rendered: RenderRecord[] = [];
  const renderers = new Renderers(options.env ?? process.env);
  for (const unit of unitsToRender(uniqueUnits(units))) {
    const out = renderUnit(unit, renderers, display);
    for (const f of out.files) {
      if (!isExcluded(resolve(options.cwd, f.path), f.path)) files.push(f);
    }
    problems.push(...out.problems);
    rendered.push(...out.records);
  }
  return { files, problems, missing, rendered, tree };
}

/**
 * Standard input under `--stdin-filename`, or `<stdin>`; rendered Helm output without a name goes
 * to the templates its `# Source:` comments name (read from the working directory when there).
 */
function stdinFiles(text: string, options: ReadOptions): SourceFile[] {
  const name = options.stdinFilename;
  if (name !== undefined) return [new SourceFile(displayPath(options.cwd, resolve(options.cwd, name)), text)];
  if (!hasSourceComments(text)) return [new SourceFile("<stdin>", text)];
  return renderedFiles(
    splitHelmOutput(text),
    "<stdin>",
    (source) => source,
    (shown) => {
      try {
        return readFileSync(resolve(options.cwd, shown), "utf8").replace(/^\uFEFF/, "");
      } catch {
        return undefined;
      }
    },
    "<stdin>",
  );
}

/**
 * The charts and kustomizations to render on their own: not a Kustomize component, and not a base
 * another kustomization of the run builds on (its objects are checked as that one renders them).
 */
function unitsToRender(units: readonly RenderUnit[]): RenderUnit[] {
  const kustomize = units.filter((u) => u.kind === "kustomize");
  if (kustomize.length === 0) return [...units];
  const usedAsBase = new Set<string>();
  const components = new Set<string>();
  for (const u of kustomize) {
    const refs = kustomizationRefs(u);
    if (!refs) continue;
    if (refs.isComponent) components.add(u.dir);
    for (const d of refs.localDirs) usedAsBase.add(d);
  }
  return units.filter((u) => u.kind === "helm" || (!usedAsBase.has(u.dir) && !components.has(u.dir)));
}

/** Each directory once: a chart named by several of its files is rendered once. */
function uniqueUnits(units: readonly RenderUnit[]): RenderUnit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(u.dir) && seen.add(u.dir) !== undefined);
}

/** The path as the user would write it from the working directory (`../shared/x.yaml` stays relative). */
function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (isAbsolute(rel) || rel === "" ? abs : rel).split(sep).join("/");
}

/**
 * Manifest files under a directory, and the directories rendered as a whole: a Helm chart (a
 * directory with Chart.yaml) or a Kustomize directory is not read file by file.
 */
function walk(dir: string, listed?: (path: string) => void): { files: string[]; units: RenderUnit[] } {
  const files: string[] = [];
  const units: RenderUnit[] = [];
  const visit = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const unit = unitOf(d, new Set(entries.filter((e) => e.isFile()).map((e) => e.name)));
    if (unit) {
      units.push(unit);
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) {
          listed?.(p);
          visit(p);
        }
      } else {
        listed?.(p);
        if (e.isFile() && isReadByName(e.name)) files.push(p);
      }
    }
  };
  visit(dir);
  return { files, units };
}

/** Turns raw bytes into a SourceFile, or a problem saying why the file cannot be read as text. */
export function decodeFile(
  display: string,
  read: () => Uint8Array,
  maxFileSize: number,
  size: number,
): SourceFile | LoadProblem {
  const refuse = (message: string): LoadProblem => ({
    ruleId: "schema/unreadable-file",
    file: new SourceFile(display, ""),
    offset: 0,
    message,
  });
  if (size > maxFileSize) {
    return refuse(
      `file is ${size} bytes, over the ${maxFileSize}-byte limit (raise it with --max-file-size); not read`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = read();
  } catch (err) {
    return refuse(`cannot read file: ${(err as Error).message}`);
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return refuse("binary file (it contains NUL bytes); not a YAML or JSON manifest");
  // Validate, then decode with Buffer's fast path: about twice as fast as a fatal TextDecoder.
  if (!isUtf8(bytes)) return refuse("file is not valid UTF-8; Kubernetes manifests must be UTF-8 text");
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  // A leading byte-order mark, or two (a tool that adds one to a file that has one), is not content.
  return new SourceFile(display, text.replace(/^\uFEFF{1,2}/, ""));
}
