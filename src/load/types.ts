import { LineIndex } from "./line-index.js";
import type { NodeTable } from "./node-table.js";

/**
 * How the lines of rendered text (Helm, Kustomize output) map to the file they came from
 * (`rendered.ts`): findings are reported at the source's lines, code frames show its text.
 */
export interface LineMap {
  /** For each 0-based line of the rendered text, the 1-based line of the source; 0 when unknown. */
  lines: readonly number[];
  /** Columns to add on that line (the indentation the renderer changed). */
  shifts: readonly number[];
  /** The source's text; undefined when it could not be read (positions then fall to line 1). */
  sourceText: string | undefined;
}

/** One input: a file on disk or standard input, with its decoded text. */
export class SourceFile {
  private lineIndex: LineIndex | undefined;

  constructor(
    /** The path as the user should see it (relative to the working directory), or `<stdin>`. */
    readonly path: string,
    readonly text: string,
    /** Set when `text` is rendered output and `path` names the template it came from. */
    readonly rendered?: LineMap,
    /**
     * The chart or kustomization directory (as the user sees it) whose one render produced this
     * file, `<stdin>` for rendered standard input; undefined for a file read as it is. What one
     * render produced is one application: set-level references resolve within it first
     * (`model/refs.ts`). Two overlays that build on one base give the base's file twice, once per unit.
     */
    readonly unit?: string,
  ) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** 1-based line and column of an offset, as users see them: in the template for rendered text. */
  position(offset: number): { line: number; column: number } {
    const p = this.lines.position(offset);
    const map = this.rendered;
    if (!map) return p;
    const line = map.lines[p.line - 1] ?? 0;
    if (line === 0) return { line: 1, column: 1 };
    return { line, column: Math.max(1, p.column + (map.shifts[p.line - 1] ?? 0)) };
  }

  /** The text code frames show at this file's positions. */
  get frameText(): string | undefined {
    return this.rendered ? this.rendered.sourceText : this.text;
  }
}

/** One YAML or JSON document of a file, parsed as the API server would read it. */
export interface ParsedDocument {
  file: SourceFile;
  /** 0-based index of the document within its file. */
  index: number;
  value: unknown;
  /** Offset of the document's first character in the file. */
  start: number;
  nodes: NodeTable;
}

/** A problem found while reading a file, before any rule runs. */
export interface LoadProblem {
  ruleId: "schema/yaml-syntax" | "schema/unreadable-file" | "schema/unrendered-template" | "terraform/hcl-syntax";
  file: SourceFile;
  offset: number;
  message: string;
  /** When not the rule's default (a chart left unrendered for want of Helm is a warning). */
  severity?: "error" | "warning" | "info";
}

/** `file:line:column: message`, how a problem that stops a command is told (a file read with no text is at 1:1). */
export function problemText(p: LoadProblem): string {
  const { line, column } = p.file.text ? p.file.position(p.offset) : { line: 1, column: 1 };
  return `${p.file.path}:${line}:${column}: ${p.message}`;
}

/** A Helm chart or Kustomize directory the loader rendered: reported in the JSON summary. */
export interface RenderRecord {
  /** The chart or kustomization directory, as the user sees it. */
  source: string;
  renderer: "helm template" | "kubectl kustomize" | "kustomize build";
  version: string;
}
