import type { Path } from "../model/path.js";

/** Offsets of one YAML node, absolute in its file's text. */
export interface Span {
  start: number;
  end: number;
}

export interface Located {
  /** Span of the value the path names. */
  value: Span;
  /** Span of the mapping key that holds the value, when the last segment is a key. */
  key?: Span;
  /** False when only an ancestor of the path could be found (the value is absent, or merged in). */
  exact: boolean;
}

/**
 * The positions of every node of one parsed document, recorded from js-yaml's `listener` events
 * as flat arrays (cheap to fill; the tree of children is built only when a finding needs a
 * position). js-yaml fires `open` when it starts composing a node and `close` when done, so the
 * events nest like the document; a mapping's direct children alternate key, value.
 */
export class NodeTable {
  readonly opens: number[] = [];
  readonly closes: number[] = [];
  readonly parents: number[] = [];
  readonly kinds: (string | null)[] = [];
  readonly results: unknown[] = [];
  aliasCount = 0;
  private children: number[][] | undefined;

  constructor(private readonly text: string) {}

  private childLists(): number[][] {
    if (this.children) return this.children;
    const lists: number[][] = Array.from({ length: this.opens.length }, () => []);
    for (let i = 0; i < this.parents.length; i++) {
      const p = this.parents[i] as number;
      if (p >= 0) (lists[p] as number[]).push(i);
    }
    this.children = lists;
    return lists;
  }

  /** Finds the node a path names, or its deepest ancestor that exists. */
  locate(path: Path): Located | undefined {
    if (this.opens.length === 0) return undefined;
    const children = this.childLists();
    let node = 0;
    let key: number | undefined;
    for (let s = 0; s < path.length; s++) {
      const seg = path[s];
      // js-yaml composes a block-sequence entry by first trying to read a mapping key; when the
      // entry is a flow collection or scalar, that attempt's node is kept and nests inside the
      // entry's node with the same result. Step through such wrappers.
      let kids = children[node] as number[];
      while (kids.length === 1 && this.results[kids[0] as number] === this.results[node]) {
        node = kids[0] as number;
        kids = children[node] as number[];
      }
      const result = this.results[node];
      let next = -1;
      let nextKey: number | undefined;
      if (typeof seg === "number" && Array.isArray(result)) {
        // A block-sequence entry left empty (`-` alone) fires no events; only trust the
        // index when every entry has a node.
        if (kids.length === result.length && seg < kids.length) next = kids[seg] as number;
      } else if (result !== null && typeof result === "object" && !Array.isArray(result)) {
        const wanted = String(seg);
        for (let j = 0; j + 1 < kids.length; j += 2) {
          const k = kids[j] as number;
          if (this.kinds[k] === "scalar" && String(this.results[k]) === wanted) {
            next = kids[j + 1] as number;
            nextKey = k;
            break;
          }
        }
      }
      if (next < 0) {
        return { value: this.valueSpan(node), key: key !== undefined ? this.keySpan(key) : undefined, exact: false };
      }
      node = next;
      key = nextKey;
    }
    return { value: this.valueSpan(node), key: key !== undefined ? this.keySpan(key) : undefined, exact: true };
  }

  private keySpan(i: number): Span {
    return { start: this.opens[i] as number, end: this.closes[i] as number };
  }

  /**
   * A value node opens right after the `:` or `-` that introduces it, so skip the separation
   * space, comments, anchors and tags to reach its first character; trim trailing blanks.
   */
  private valueSpan(i: number): Span {
    const text = this.text;
    let start = this.opens[i] as number;
    let end = this.closes[i] as number;
    for (;;) {
      const c = text.charCodeAt(start);
      if (c === 32 || c === 9 || c === 10 || c === 13) start++;
      else if (c === 35 /* # */) {
        const nl = text.indexOf("\n", start);
        start = nl < 0 ? end : nl + 1;
      } else if ((c === 38 /* & */ || c === 33) /* ! */ && start < end) {
        while (start < end && !/\s/.test(text[start] as string)) start++;
      } else break;
      if (start >= end) break;
    }
    const kids = this.children?.[i];
    if (kids && kids.length > 0) end = Math.max(start, this.closes[kids[kids.length - 1] as number] as number);
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end <= start) end = start + 1;
    return { start, end };
  }
}

export class NestingTooDeepError extends Error {}

/** Depth at which a document is refused; real manifests nest fewer than 30 levels. */
export const MAX_NESTING = 200;

/** A js-yaml `listener` that fills a NodeTable; `base` is the chunk's offset in the file. */
export function recordInto(table: NodeTable, base: number) {
  const stack: number[] = [];
  const { opens, closes, parents, kinds, results } = table;
  return (event: "open" | "close", state: { position: number; kind: string | null; result: unknown }) => {
    if (event === "open") {
      const i = opens.length;
      opens.push(state.position + base);
      closes.push(-1);
      parents.push(stack.length > 0 ? (stack[stack.length - 1] as number) : -1);
      kinds.push(null);
      results.push(undefined);
      stack.push(i);
      if (stack.length > MAX_NESTING) throw new NestingTooDeepError(`nesting deeper than ${MAX_NESTING} levels`);
    } else {
      const i = stack.pop() as number;
      closes[i] = state.position + base;
      kinds[i] = state.kind;
      const r = state.result;
      results[i] = r;
      // An alias node closes with no kind and the anchored collection as its result.
      if (state.kind === null && r !== null && typeof r === "object") table.aliasCount++;
    }
  };
}
