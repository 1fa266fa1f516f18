import { LineIndex } from "./line-index.js";
import type { NodeTable } from "./node-table.js";

/** One input: a file on disk or standard input, with its decoded text. */
export class SourceFile {
  private lineIndex: LineIndex | undefined;

  constructor(
    /** The path as the user should see it (relative to the working directory), or `<stdin>`. */
    readonly path: string,
    readonly text: string,
  ) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
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
  ruleId: "schema/yaml-syntax" | "schema/unreadable-file" | "schema/unrendered-template";
  file: SourceFile;
  offset: number;
  message: string;
}
