import { isUtf8 } from "node:buffer";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import picomatch from "picomatch";
import { type LoadProblem, SourceFile } from "./types.js";

export interface ReadOptions {
  cwd: string;
  /** Globs matched against paths relative to the working directory. */
  exclude: readonly string[];
  /** Files larger than this are refused with a finding, not parsed. */
  maxFileSize: number;
  /** Reads standard input when `-` is given; injectable for tests. */
  readStdin?: () => string;
}

export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;
const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);
/** mlgate's own configuration is not a manifest. */
const SKIPPED_FILES = new Set([".mlgate.yaml", ".mlgate.yml"]);

export interface ReadResult {
  files: SourceFile[];
  problems: LoadProblem[];
  /** Arguments that name nothing: a usage error, exit 2. */
  missing: string[];
}

/** Reads every input the user named: files, directories (recursively) and `-` for stdin. */
export function readSources(args: readonly string[], options: ReadOptions): ReadResult {
  const isExcluded = options.exclude.length > 0 ? picomatch(options.exclude as string[], { dot: true }) : () => false;
  const files: SourceFile[] = [];
  const problems: LoadProblem[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();

  const addFile = (abs: string, display: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const result = decodeFile(display, () => readFileSync(abs), options.maxFileSize, statSync(abs).size);
    if (result instanceof SourceFile) files.push(result);
    else problems.push(result);
  };

  for (const arg of args) {
    if (arg === "-") {
      const text = (options.readStdin ?? (() => readFileSync(0, "utf8")))();
      files.push(new SourceFile("<stdin>", text.replace(/^\uFEFF/, "")));
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
    if (stat.isDirectory()) {
      for (const f of walk(abs)) {
        const display = displayPath(options.cwd, f);
        if (!isExcluded(display)) addFile(f, display);
      }
    } else {
      const display = displayPath(options.cwd, abs);
      if (!isExcluded(display)) addFile(abs, display);
    }
  }
  return { files, problems, missing };
}

/** The path as the user would write it from the working directory (`../shared/x.yaml` stays relative). */
function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (isAbsolute(rel) || rel === "" ? abs : rel).split(sep).join("/");
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) out.push(...walk(p));
    } else if (e.isFile() && MANIFEST_EXTENSIONS.test(e.name) && !SKIPPED_FILES.has(e.name)) {
      out.push(p);
    }
  }
  return out;
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
