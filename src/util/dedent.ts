/**
 * A tag for multi-line text written indented in code, used by rule examples so a manifest reads as it would
 * in its file:
 *
 *     yaml: dedent`
 *       apiVersion: v1
 *       kind: Pod
 *     `,
 *
 * It drops the line break right after the opening backtick, the whitespace-only last line before the closing
 * backtick (the line break before it stays), and the indentation common to every non-blank line. Blank lines
 * stay empty. A text whose every line is indented cannot be written this way (the indentation would be taken
 * as the code's); such examples stay ordinary strings.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  // The indentation is measured and removed on the written text only: an interpolated value (a shared
  // manifest, say) is inserted afterwards as it is, so its own lines are not taken for the code's indentation.
  let text = strings.join(HOLE);
  if (text.startsWith("\n")) text = text.slice(1);
  const lastBreak = text.lastIndexOf("\n");
  if (lastBreak >= 0 && /^[ \t]*$/.test(text.slice(lastBreak + 1))) text = text.slice(0, lastBreak + 1);
  const lines = text.split("\n");
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const width = line.length - line.trimStart().length;
    if (width < indent) indent = width;
  }
  if (Number.isFinite(indent) && indent > 0) {
    text = lines.map((line) => (line.trim() === "" ? "" : line.slice(indent))).join("\n");
  }
  const parts = text.split(HOLE);
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) out += String(values[i - 1]) + parts[i];
  return out;
}

/** Stands for an interpolated value while the indentation is measured (a character no example contains). */
const HOLE = "\u0000";
