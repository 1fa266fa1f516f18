/**
 * Which paths exist in the checked tree, for the checks that ask whether a file a pipeline names
 * is there (a DVC stage's dependency, an MLproject's environment file). The loader lists every
 * file and directory under the directories it walks (not only the manifests it reads) and under
 * the directory of a project file named on its own; a path outside every listed root is unknown,
 * never missing.
 */
export class FileTree {
  private readonly entries = new Set<string>();
  private readonly rootList: string[] = [];

  /** Adds a listed directory (as the user sees it, `/`-separated; `.` for the working directory). */
  addRoot(dir: string): void {
    const d = normalizePath(dir);
    if (!this.rootList.includes(d)) this.rootList.push(d);
    this.add(d);
  }

  /** Adds a file or directory, and every directory above it. */
  add(path: string): void {
    let p = normalizePath(path);
    while (!this.entries.has(p)) {
      this.entries.add(p);
      const i = p.lastIndexOf("/");
      if (i < 0) {
        if (p !== ".") this.entries.add(".");
        break;
      }
      p = p.slice(0, i) || "/";
    }
  }

  get roots(): readonly string[] {
    return this.rootList;
  }

  /** Whether a listed root holds this path, so that its absence means it is not there. */
  covers(path: string): boolean {
    const p = normalizePath(path);
    return this.rootList.some((r) =>
      r === "." ? !p.startsWith("../") && p !== ".." && !p.startsWith("/") : p === r || p.startsWith(`${r}/`),
    );
  }

  /** Whether the path is a file or directory of the tree. */
  has(path: string): boolean {
    return this.entries.has(normalizePath(path));
  }

  /** A tree of the given paths under the working directory (rule examples, tests). */
  static of(paths: Iterable<string>): FileTree {
    const t = new FileTree();
    t.addRoot(".");
    for (const p of paths) t.add(p);
    return t;
  }
}

/**
 * A `/`-separated path with `.` and `..` segments folded (`a/./b/../c` → `a/c`), leading `..`
 * kept; `.` for the empty path.
 */
export function normalizePath(path: string): string {
  const abs = path.startsWith("/");
  const out: string[] = [];
  for (const seg of path.split(/[/\\]+/)) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (seg !== ".." || !abs) out.push(seg);
  }
  const joined = out.join("/");
  return abs ? `/${joined}` : joined === "" ? "." : joined;
}

/** Joins `/`-separated paths and normalises the result. */
export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== "" && p !== ".").join("/"));
}

/** The directory of a `/`-separated path (`.` for a bare name). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}
