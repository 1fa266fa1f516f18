import { type LineMap, SourceFile } from "./types.js";

/**
 * The pure half of rendering: maps a renderer's output back to the files it came from. Helm
 * writes `# Source: CHART/templates/x.yaml` above each document; Kustomize (run by the loader with
 * `buildMetadata: [originAnnotations]`) writes a `config.kubernetes.io/origin` annotation. Each
 * document goes to the file its source names, and each of its lines to the line of that file it
 * most likely came from (`alignLines`), so findings on rendered output point at the template.
 */

const DOC_MARKER = /^---[ \t]*(?:#.*)?$/;
const SOURCE_LINE = /^#\s*Source:\s*([^\s:]+\.(?:ya?ml|json|tpl|txt))\s*$/m;
/** Helm's `# Source: CHART/templates/x.yaml`; a URL after `Source:` is a plain comment. */
const SOURCE_COMMENT = new RegExp(SOURCE_LINE.source);

/** Whether a text is rendered Helm output: a line holds a `# Source:` comment naming a file. */
export function hasSourceComments(text: string): boolean {
  return SOURCE_LINE.test(text);
}
const ORIGIN_KEY = /^(\s*)config\.kubernetes\.io\/origin:\s*\|\s*$/;

/** One rendered document: its text, and the path its renderer says it came from. */
export interface RenderedDocument {
  source: string | undefined;
  text: string;
}

/** Splits rendered YAML into documents, reading each one's `# Source:` comment (Helm). */
export function splitHelmOutput(text: string): RenderedDocument[] {
  const docs: RenderedDocument[] = [];
  let lines: string[] = [];
  let source: string | undefined;
  const flush = () => {
    if (lines.some((l) => l.trim() !== "" && !l.trimStart().startsWith("#")) || source !== undefined) {
      docs.push({ source, text: `${lines.join("\n")}\n` });
    }
    lines = [];
    source = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (DOC_MARKER.test(line)) {
      flush();
      continue;
    }
    const m = source === undefined ? SOURCE_COMMENT.exec(line) : null;
    if (m) source = m[1];
    lines.push(line);
  }
  flush();
  return docs.filter((d) => d.text.trim() !== "");
}

/**
 * Splits Kustomize output into documents, reading and then removing the origin annotation the
 * loader asked for (an empty `annotations:` left behind goes too), so rules see what the user's
 * kustomization renders.
 */
export function splitKustomizeOutput(text: string): RenderedDocument[] {
  const docs: RenderedDocument[] = [];
  for (const chunk of text.split(/^---[ \t]*$/m)) {
    if (chunk.trim() === "") continue;
    const lines = chunk.replace(/^\n/, "").split("\n");
    let source: string | undefined;
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const m = ORIGIN_KEY.exec(line);
      if (!m) {
        out.push(line);
        continue;
      }
      const indent = (m[1] as string).length;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j] as string;
        if (l.trim() !== "" && indentOf(l) <= indent) break;
        const p = /^\s*path:\s*(.+?)\s*$/.exec(l);
        if (p && source === undefined) source = p[1];
      }
      i = j - 1;
      // An `annotations:` that held only the origin is dropped with it.
      const prev = out[out.length - 1];
      const next = lines[j];
      if (
        prev !== undefined &&
        /^\s*annotations:\s*$/.test(prev) &&
        (next === undefined || next.trim() === "" || indentOf(next) < indent)
      ) {
        out.pop();
      }
    }
    docs.push({ source, text: `${out.join("\n").replace(/\n*$/, "")}\n` });
  }
  return docs;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A line as compared across template and output: no indentation, no list dash, no trailing space. */
function normal(line: string): string {
  return line
    .trim()
    .replace(/^(-\s+)+/, "")
    .replace(/\s+#.*$/, "");
}

/** The key a `key: value` line sets, to match a line whose value a template filled in. */
function keyOf(line: string): string | undefined {
  const m = /^([A-Za-z0-9_./"'-]+):(\s|$)/.exec(normal(line));
  return m ? m[1] : undefined;
}

/**
 * For each line of rendered text, the 1-based line of the source it most likely came from (0 when
 * none), and the column shift between them. A rendered line is matched to a source line with the
 * same text (indentation and list dashes aside), else one that sets the same key (a value filled
 * in by the template); among several, the first at or after the previous match (templates render
 * in order; Kustomize sorts keys, so a match may also lie before). Unmatched lines take the
 * line of the template action that comes next, or else the previous match's line.
 */
export function alignLines(rendered: string, source: string): Pick<LineMap, "lines" | "shifts"> {
  const src = source.split(/\r?\n/);
  const byText = new Map<string, number[]>();
  const byKey = new Map<string, number[]>();
  src.forEach((l, i) => {
    const n = normal(l);
    if (n === "" || n.startsWith("#") || n === "---") return;
    const t = byText.get(n);
    if (t) t.push(i);
    else byText.set(n, [i]);
    const k = keyOf(l);
    if (k !== undefined) {
      const ks = byKey.get(k);
      if (ks) ks.push(i);
      else byKey.set(k, [i]);
    }
  });
  const pick = (candidates: number[] | undefined, cursor: number): number | undefined => {
    if (!candidates || candidates.length === 0) return undefined;
    return candidates.find((c) => c >= cursor) ?? candidates[candidates.length - 1];
  };
  const lines: number[] = [];
  const shifts: number[] = [];
  let cursor = 0;
  let last = -1;
  let lastShift = 0;
  for (const line of rendered.split("\n")) {
    const n = normal(line);
    let at: number | undefined;
    if (n !== "" && !n.startsWith("#")) {
      at = pick(byText.get(n), cursor);
      if (at === undefined) {
        const k = keyOf(line);
        if (k !== undefined) at = pick(byKey.get(k), cursor);
      }
    }
    if (at === undefined) {
      // Output of a template action (`{{ include … | nindent 4 }}`) takes the action's line when
      // it comes next in the template, else the previous match's.
      const action = src[cursor]?.includes("{{") ? cursor : -1;
      lines.push(action >= 0 ? action + 1 : last + 1);
      shifts.push(action >= 0 ? indentOf(src[action] as string) - indentOf(line) : lastShift);
      continue;
    }
    const target = src[at] as string;
    // The column of the text after any list dash, in each.
    const col = (l: string) => l.length - l.trimStart().replace(/^(-\s+)+/, "").length;
    const shift = col(target) - col(line);
    lines.push(at + 1);
    shifts.push(shift);
    last = at;
    lastShift = shift;
    cursor = at + 1;
  }
  return { lines, shifts };
}

/**
 * Turns rendered documents into one SourceFile per source, displayed at that source's path.
 * `pathOf` maps a renderer's source name to the path users see (undefined: keep the rendered
 * document under `fallback`); `readSource` returns a source's text for alignment and code frames;
 * `unit` names the render (the chart or kustomization directory) every file comes from.
 */
export function renderedFiles(
  docs: readonly RenderedDocument[],
  fallback: string,
  pathOf: (source: string) => string | undefined,
  readSource: (path: string) => string | undefined,
  unit: string,
): SourceFile[] {
  const groups = new Map<string, string[]>();
  for (const d of docs) {
    const path = (d.source !== undefined ? pathOf(d.source) : undefined) ?? fallback;
    const g = groups.get(path);
    if (g) g.push(d.text);
    else groups.set(path, [d.text]);
  }
  const out: SourceFile[] = [];
  for (const [path, texts] of groups) {
    const text = texts.map((t) => `---\n${t}`).join("");
    const sourceText = readSource(path);
    const map: LineMap =
      sourceText === undefined
        ? { lines: [], shifts: [], sourceText: undefined }
        : { ...alignLines(text, sourceText), sourceText };
    out.push(new SourceFile(path, text, map, unit));
  }
  return out;
}
