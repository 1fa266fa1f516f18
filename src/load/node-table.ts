import type { Path } from "../util/path.js";

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

const KIND_OTHER = 0;
const KIND_SCALAR = 1;
const KIND_MAPPING = 2;
const KIND_SEQUENCE = 3;

// Zero-length arrays every table starts with: a table is filled in one go by `recordInto` (exact
// size, one allocation per array) or grows on its first `push`, so none is allocated up front.
const NO_INT32 = new Int32Array(0);
const NO_UINT8 = new Uint8Array(0);

/**
 * The positions of every node of one parsed document, recorded from js-yaml's `listener` events.
 * js-yaml fires `open` when it starts composing a node and `close` when done, so the events nest
 * like the document, and a mapping's direct children alternate key, value.
 *
 * Kept in typed arrays (offsets, subtree end, node kind) with no references to the parsed
 * values: a large run holds hundreds of thousands of nodes, and arrays of numbers cost the
 * garbage collector nothing to keep. A finding's path is followed by stepping over subtrees, and
 * keys are compared by reading their text back from the source.
 */
export class NodeTable {
  opens: Int32Array<ArrayBuffer> = NO_INT32;
  closes: Int32Array<ArrayBuffer> = NO_INT32;
  /**
   * Nodes are numbered in the order they open, so a node's subtree is the run of nodes after it
   * up to `ends[i]` (exclusive). Its children are `i + 1`, then `ends[i + 1]`, and so on: the
   * tree can be walked with no list of children built or kept.
   */
  ends: Int32Array<ArrayBuffer> = NO_INT32;
  kinds: Uint8Array<ArrayBuffer> = NO_UINT8;
  length = 0;
  aliasCount = 0;
  /** The document's parsed value, set after parsing; walked alongside a path to know sequence lengths. */
  root: unknown = undefined;

  constructor(private readonly text: string) {}

  /**
   * Whether scalar key i reads `wanted`. A plain key that starts and ends with a printable ASCII
   * character other than a quote is its own text, so it is compared in place; anything else
   * (quotes, surrounding blanks) goes through `keyText`. Saves a string per key compared.
   */
  private keyIs(i: number, wanted: string): boolean {
    const text = this.text;
    const start = this.opens[i] as number;
    const end = this.closes[i] as number;
    const first = text.charCodeAt(start);
    const last = text.charCodeAt(end - 1);
    if (end > start && first > 32 && first < 127 && first !== 34 && first !== 39 && last > 32 && last < 127)
      return end - start === wanted.length && text.startsWith(wanted, start);
    return this.keyText(i) === wanted;
  }

  /** The text of a scalar key, unquoted. */
  private keyText(i: number): string {
    const raw = this.text.slice(this.opens[i], this.closes[i]).trim();
    const q = raw[0];
    if (q === '"') {
      try {
        return JSON.parse(raw) as string;
      } catch {
        return raw.slice(1, -1);
      }
    }
    if (q === "'") return raw.slice(1, -1).replace(/''/g, "'");
    return raw;
  }

  /** Finds the node a path names, or its deepest ancestor that exists. */
  locate(path: Path): Located | undefined {
    if (this.length === 0) return undefined;
    const { opens, closes, ends, kinds } = this;
    let node = 0;
    let value = this.root;
    let key: number | undefined;
    for (let s = 0; s < path.length; s++) {
      const seg = path[s];
      // js-yaml composes a block-sequence entry by first trying to read a mapping key; when the
      // entry turns out to be a flow collection or a scalar, that attempt's node is kept and
      // nests inside the entry's node with the same span and kind. Step through such wrappers
      // (an only child: its subtree ends where its parent's does).
      for (;;) {
        const only = node + 1;
        if (
          only >= (ends[node] as number) ||
          ends[only] !== ends[node] ||
          opens[only] !== opens[node] ||
          closes[only] !== closes[node] ||
          kinds[only] !== kinds[node]
        )
          break;
        node = only;
      }
      const end = ends[node] as number;
      let next = -1;
      let nextKey: number | undefined;
      const kind = kinds[node];
      if (typeof seg === "number" && kind === KIND_SEQUENCE && Array.isArray(value)) {
        // A block-sequence entry left empty (`-` alone) fires no events; only trust the
        // index when every entry has a node.
        let count = 0;
        for (let c = node + 1; c < end; c = ends[c] as number) {
          if (count === seg) next = c;
          count++;
        }
        if (count !== value.length) next = -1;
      } else if (kind === KIND_MAPPING) {
        // Children alternate key, value.
        const wanted = String(seg);
        for (let k = node + 1; k < end; ) {
          const v = ends[k] as number;
          if (v >= end) break;
          if (kinds[k] === KIND_SCALAR && this.keyIs(k, wanted)) {
            next = v;
            nextKey = k;
            break;
          }
          k = ends[v] as number;
        }
      }
      if (next < 0) {
        return { value: this.valueSpan(node), key: key !== undefined ? this.keySpan(key) : undefined, exact: false };
      }
      node = next;
      key = nextKey;
      value =
        value !== null && typeof value === "object"
          ? (value as Record<string | number, unknown>)[seg as string]
          : undefined;
    }
    return { value: this.valueSpan(node), key: key !== undefined ? this.keySpan(key) : undefined, exact: true };
  }

  /**
   * Where `needle` first appears in the source of the value at `path` (at or after offset `from`),
   * when the path is found and the text is there as written (a word of a shell script, say; not
   * across escapes or folds).
   */
  find(path: Path, needle: string, from = 0): Span | undefined {
    const located = this.locate(path);
    if (!located?.exact || needle === "") return undefined;
    const at = this.text.indexOf(needle, Math.max(from, located.value.start));
    return at >= 0 && at + needle.length <= located.value.end ? { start: at, end: at + needle.length } : undefined;
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
    // A collection's span ends where its last child does (its own close may sit past trailing
    // comments and blank lines). A scalar's own close is right: the only child a scalar can have
    // is js-yaml's empty first attempt at a sequence entry, which ends where it starts.
    const kind = this.kinds[i];
    if (kind === KIND_MAPPING || kind === KIND_SEQUENCE) {
      let last = -1;
      for (let c = i + 1; c < (this.ends[i] as number); c = this.ends[c] as number) last = c;
      if (last >= 0) end = Math.max(start, this.closes[last] as number);
    }
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end <= start) end = start + 1;
    return { start, end };
  }
}

export class NestingTooDeepError extends Error {}

/** Depth at which a document is refused; real manifests nest fewer than 30 levels. */
export const MAX_NESTING = 200;

function growInt32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

// One scratch buffer per field, shared by every parse: a document is recorded here, then copied
// into its table at exact size once its root node closes. Parsing is synchronous and a listener
// records one document at a time, so sharing is safe; it saves each of 10,000 documents from
// allocating and re-growing four arrays of its own.
let scratchOpens = new Int32Array(1024);
let scratchCloses = new Int32Array(1024);
let scratchParents = new Int32Array(1024);
let scratchEnds = new Int32Array(1024);
let scratchKinds = new Uint8Array(1024);

/** A js-yaml `listener` that fills a NodeTable; `base` is the chunk's offset in the file. */
export function recordInto(table: NodeTable, base: number) {
  // The open node is `current`; its parent is read back from the parents array on close, so no
  // stack is kept. js-yaml calls this twice per node (millions of times per run): it stays small.
  let current = -1;
  let depth = 0;
  let length = 0;
  return (event: "open" | "close", state: { position: number; kind: string | null; result: unknown }) => {
    if (event === "open") {
      const i = length;
      if (i === scratchOpens.length) {
        const n = i * 2;
        scratchOpens = growInt32(scratchOpens, n);
        scratchCloses = growInt32(scratchCloses, n);
        scratchParents = growInt32(scratchParents, n);
        scratchEnds = growInt32(scratchEnds, n);
        const kinds = new Uint8Array(n);
        kinds.set(scratchKinds);
        scratchKinds = kinds;
      }
      scratchOpens[i] = state.position + base;
      scratchCloses[i] = -1;
      scratchParents[i] = current;
      scratchKinds[i] = KIND_OTHER;
      length = i + 1;
      current = i;
      if (++depth > MAX_NESTING) throw new NestingTooDeepError(`nesting deeper than ${MAX_NESTING} levels`);
    } else {
      const i = current;
      current = scratchParents[i] as number;
      depth--;
      scratchCloses[i] = state.position + base;
      scratchEnds[i] = length;
      const kind = state.kind;
      scratchKinds[i] =
        kind === "scalar"
          ? KIND_SCALAR
          : kind === "mapping"
            ? KIND_MAPPING
            : kind === "sequence"
              ? KIND_SEQUENCE
              : KIND_OTHER;
      // An alias node closes with no kind and the anchored collection as its result.
      if (kind === null && state.result !== null && typeof state.result === "object") table.aliasCount++;
      if (depth === 0) {
        // The root closed: hand the table everything recorded so far, at exact size.
        table.opens = scratchOpens.slice(0, length);
        table.closes = scratchCloses.slice(0, length);
        table.ends = scratchEnds.slice(0, length);
        table.kinds = scratchKinds.slice(0, length);
        table.length = length;
      }
    }
  };
}
