/**
 * `--format html`: one self-contained page (styles and scripts inline, no network: a
 * Content-Security-Policy forbids every fetch) that reads without JavaScript and filters with it.
 * This file holds the page shell, the SVG chart helpers every report uses, and `check`'s report;
 * `html-estimate.ts`, `html-simulate.ts` and `review-html.ts` build theirs on it.
 * Pure: strings in, a string out.
 */
import type { CheckResult, Finding } from "../findings/finding.js";
import { RULES_BY_ID } from "../rules/index.js";
import { VERSION } from "../version.js";
import { codeFrame, maskSecrets } from "./text.js";

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string | number): string {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Where a rule's page is published (docs/rules/<id>.md in the repository). */
export const RULE_DOCS = "https://github.com/mlgate/mlgate/blob/main/docs/rules/";

/** Colours that keep 4.5:1 against white text or the page; each series also has a text label. */
export const PALETTE = [
  "#1f4e9c",
  "#b3261e",
  "#0b6e4f",
  "#7a4b00",
  "#6b2fa0",
  "#005f73",
  "#8c1c58",
  "#3d5a00",
  "#5c4033",
  "#2f4858",
];

const CSS = `
:root { color-scheme: light; --fg: #1b1b1f; --muted: #4a4a55; --line: #c8c8d0; --bg: #ffffff; --panel: #f4f5f8;
  --error: #b3261e; --warning: #7a4b00; --info: #1f4e9c; --ok: #0b6e4f; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 24px; margin: 0 0 6px; } h2 { font-size: 19px; margin: 28px 0 10px; } h3 { font-size: 16px; margin: 20px 0 8px; }
.sub { color: var(--muted); margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre { background: var(--panel); border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; margin: 6px 0 0; }
.sev { display: inline-block; min-width: 78px; font-weight: 700; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.finding { border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; padding: 8px 12px; margin: 10px 0; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); } .finding.info { border-left-color: var(--info); }
.finding p { margin: 4px 0; } .meta { color: var(--muted); font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 140px; background: var(--panel); }
.card strong { display: block; font-size: 24px; }
.verdict { font-size: 22px; font-weight: 700; padding: 10px 14px; border-radius: 6px; border: 2px solid currentColor; display: inline-block; }
.verdict.allow { color: var(--ok); } .verdict.review { color: var(--warning); } .verdict.block { color: var(--error); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
fieldset label { margin-right: 14px; white-space: nowrap; }
select, input, button { font: inherit; }
:focus-visible { outline: 3px solid #1f4e9c; outline-offset: 2px; }
.count { color: var(--muted); }
svg text { font-family: system-ui, "DejaVu Sans", sans-serif; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 6px 0 12px; padding: 0; list-style: none; font-size: 14px; }
.swatch { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 6px; border: 1px solid #0006; }
.bad { color: var(--error); font-weight: 700; } .good { color: var(--ok); font-weight: 700; }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); margin-top: 30px; padding-top: 10px; padding-bottom: 20px; }
figure { margin: 0 0 12px; }
details { margin: 6px 0; } summary { cursor: pointer; }
[hidden] { display: none !important; }
`;

/**
 * The filters' script: checkboxes by severity, selects by category and rule; every element with
 * `data-severity`/`data-category`/`data-rule` shows only when all three match; the counts follow.
 */
const FILTER_JS = `
(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-severity]"));
  function apply() {
    var sev = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"), function (c) { sev[c.value] = c.checked; });
    var cat = form.querySelector("select[name=category]").value;
    var rule = form.querySelector("select[name=rule]").value;
    var shown = 0;
    items.forEach(function (el) {
      var ok = sev[el.getAttribute("data-severity")] && (cat === "" || el.getAttribute("data-category") === cat) && (rule === "" || el.getAttribute("data-rule") === rule);
      el.hidden = !ok;
      if (ok && el.classList.contains("finding")) shown++;
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.file"), function (s) {
      s.hidden = s.querySelectorAll(".finding:not([hidden])").length === 0;
    });
    var out = document.getElementById("shown");
    if (out) out.textContent = shown + " of " + items.filter(function (el) { return el.classList.contains("finding"); }).length + " findings shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
`;

/** The whole page: CSP (no fetch of any kind), inline CSS, the body, and optional inline script. */
export function htmlPage(title: string, subtitle: string, body: string, script = ""): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="generator" content="mlgate ${esc(VERSION)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="sub">${subtitle}</p>
</header>
<main>
${body}
</main>
<footer>Made by mlgate ${esc(VERSION)}. This file is self-contained: it loads nothing from the network.</footer>
${script ? `<script>${script}</script>` : ""}
</body>
</html>
`;
}

export interface Segment {
  label: string;
  value: number;
  /** Shown after the label in the legend and the tooltip. */
  text: string;
}

/**
 * A horizontal stacked bar with a marked capacity: each segment filled, labelled inside when
 * wide enough and always in the legend (colour is never the only signal), the capacity a dashed
 * line with its label. Returns SVG (role="img", with a title and description) and the legend.
 */
export function stackedBar(
  id: string,
  title: string,
  segments: readonly Segment[],
  capacity?: { value: number; label: string },
): string {
  const W = 760;
  const H = 74;
  const left = 10;
  const barW = W - 2 * left;
  const total = segments.reduce((s, x) => s + Math.max(0, x.value), 0);
  const max = Math.max(total, capacity?.value ?? 0) || 1;
  const scale = barW / max;
  let x = left;
  const rects: string[] = [];
  segments.forEach((s, i) => {
    const w = Math.max(0, s.value) * scale;
    if (w <= 0) return;
    const colour = PALETTE[i % PALETTE.length] as string;
    rects.push(
      `<rect x="${x.toFixed(1)}" y="14" width="${w.toFixed(1)}" height="30" fill="${colour}"${i % 2 === 1 ? ' stroke="#fff" stroke-width="1"' : ""}><title>${esc(`${s.label}: ${s.text}`)}</title></rect>`,
    );
    if (w > 46)
      rects.push(
        `<text x="${(x + w / 2).toFixed(1)}" y="34" fill="#fff" font-size="12" text-anchor="middle">${esc(String(i + 1))}</text>`,
      );
    x += w;
  });
  let cap = "";
  if (capacity) {
    const cx = left + capacity.value * scale;
    cap = `<line x1="${cx.toFixed(1)}" y1="6" x2="${cx.toFixed(1)}" y2="52" stroke="#1b1b1f" stroke-width="2" stroke-dasharray="5 3"/><text x="${Math.min(cx, W - 4).toFixed(1)}" y="66" font-size="12" text-anchor="${cx > W - 120 ? "end" : "middle"}" fill="#1b1b1f">${esc(capacity.label)}</text>`;
  }
  const desc = segments.map((s) => `${s.label} ${s.text}`).join(", ");
  const legend = segments
    .map(
      (s, i) =>
        `<li><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${i + 1}. ${esc(s.label)}: ${esc(s.text)}</li>`,
    )
    .join("");
  return `<figure id="${esc(id)}"><svg role="img" aria-labelledby="${esc(id)}-t ${esc(id)}-d" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px"><title id="${esc(id)}-t">${esc(title)}</title><desc id="${esc(id)}-d">${esc(desc)}${capacity ? `; ${esc(capacity.label)}` : ""}</desc>${rects.join("")}${cap}</svg><ul class="legend">${legend}</ul></figure>`;
}

/** Horizontal bars, one a row, each labelled with its name and value (a bar chart of counts or times). */
export function barList(
  id: string,
  title: string,
  rows: readonly { label: string; value: number; text: string; colour?: string }[],
): string {
  const W = 760;
  const rowH = 26;
  const labelW = 230;
  const H = rows.length * rowH + 8;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const body = rows
    .map((r, i) => {
      const y = 4 + i * rowH;
      const w = Math.max(r.value > 0 ? 2 : 0, (r.value / max) * (W - labelW - 120));
      return `<text x="0" y="${y + 17}" font-size="13" fill="#1b1b1f">${esc(r.label)}</text><rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="18" fill="${r.colour ?? PALETTE[0]}"><title>${esc(`${r.label}: ${r.text}`)}</title></rect><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}" font-size="13" fill="#1b1b1f">${esc(r.text)}</text>`;
    })
    .join("");
  return `<figure id="${esc(id)}"><svg role="img" aria-labelledby="${esc(id)}-t" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px"><title id="${esc(id)}-t">${esc(title)}</title>${body}</svg></figure>`;
}

const SEV_MARK = { error: "▲ error", warning: "◆ warning", info: "● info" } as const;
const SEV_COLOUR = { error: "#b3261e", warning: "#7a4b00", info: "#1f4e9c" } as const;

/** A severity as a text label with a shape, never by colour alone. */
export function severityLabel(s: Finding["severity"]): string {
  return `<span class="sev ${s}">${SEV_MARK[s]}</span>`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** The code frame of a finding, as plain text (secrets already masked). */
function frameOf(text: string | undefined, f: Finding): string {
  if (text === undefined || text.length === 0 || f.line < 1) return "";
  const id = (s: string) => s;
  return `<pre aria-label="source around line ${f.line}">${esc(codeFrame(text, f, { error: id, warning: id, info: id, dim: id, bold: id, caret: id }))}</pre>`;
}

export interface FindingsHtmlOptions {
  /** Source text by file path, for code frames. */
  sources: ReadonlyMap<string, string>;
  /** Findings whose secret spans must stay masked though they are not reported. */
  masked?: readonly Finding[];
  /** Heading level of the sections (2 for check; review nests them under its own). */
  level?: 2 | 3;
  /** Prefix of element ids, when one page holds two lists (review's new and fixed findings). */
  idPrefix?: string;
}

/**
 * Summary by severity and category (cards and a bar chart), the filter form, the findings grouped
 * by file with code frames, and a table by rule with links to each rule's page.
 */
export function findingsHtml(findings: readonly Finding[], opts: FindingsHtmlOptions): string {
  const h = opts.level ?? 2;
  const p = opts.idPrefix ?? "";
  const out: string[] = [];
  const bySev = { error: 0, warning: 0, info: 0 };
  const byCat = new Map<string, number>();
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    bySev[f.severity]++;
    byCat.set(f.category, (byCat.get(f.category) ?? 0) + 1);
    byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  }
  out.push(`<h${h} id="${p}summary">Summary</h${h}>`);
  out.push(
    `<div class="cards">${(["error", "warning", "info"] as const)
      .map((s) => `<div class="card" data-count="${s}"><strong>${bySev[s]}</strong>${severityLabel(s)}</div>`)
      .join("")}</div>`,
  );
  if (byCat.size > 0) {
    out.push(`<h${h + 1}>By category</h${h + 1}>`);
    const cats = [...byCat].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    out.push(
      barList(
        `${p}by-category`,
        "Findings by category",
        cats.map(([c, n]) => ({ label: c, value: n, text: plural(n, "finding") })),
      ),
    );
  }
  if (findings.length === 0) {
    out.push("<p>No findings.</p>");
    return out.join("\n");
  }
  const rules = [...byRule.keys()].sort();
  out.push(`<form id="filters" hidden aria-label="Filter the findings">
<fieldset><legend>Severity</legend>${(["error", "warning", "info"] as const)
    .map(
      (s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${SEV_MARK[s]} (${bySev[s]})</label>`,
    )
    .join("")}</fieldset>
<label>Category <select name="category"><option value="">all</option>${[...byCat.keys()]
    .sort()
    .map((c) => `<option value="${esc(c)}">${esc(c)} (${byCat.get(c)})</option>`)
    .join("")}</select></label>
<label>Rule <select name="rule"><option value="">all</option>${rules
    .map((r) => `<option value="${esc(r)}">${esc(r)} (${byRule.get(r)?.length})</option>`)
    .join("")}</select></label>
<button type="reset">Show all</button>
<p id="shown" class="count" role="status" aria-live="polite"></p>
</form>`);
  out.push(`<h${h} id="${p}by-file">Findings by file</h${h}>`);
  const masked = new Map<string, string | undefined>();
  const sourceOf = (file: string) => {
    if (!masked.has(file)) {
      const text = opts.sources.get(file);
      masked.set(
        file,
        text === undefined
          ? undefined
          : maskSecrets(
              text,
              [...findings, ...(opts.masked ?? [])].filter((f) => f.file === file),
            ),
      );
    }
    return masked.get(file);
  };
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  let n = 0;
  for (const [file, fs] of byFile) {
    out.push(
      `<section class="file" aria-label="${esc(file)}"><h${h + 1}><code>${esc(file)}</code> <span class="count">(${plural(fs.length, "finding")})</span></h${h + 1}>`,
    );
    for (const f of fs) {
      n++;
      const where = f.resource ? ` · ${esc(f.resource.kind)}${f.resource.name ? `/${esc(f.resource.name)}` : ""}` : "";
      out.push(
        `<article class="finding ${f.severity}" id="${p}f${n}" data-severity="${f.severity}" data-category="${esc(f.category)}" data-rule="${esc(f.ruleId)}">
<p>${severityLabel(f.severity)} <a href="${RULE_DOCS}${esc(f.ruleId)}.md"><code>${esc(f.ruleId)}</code></a> <span class="meta">${esc(f.category)} · ${esc(f.file)}:${f.line}:${f.column}${where}</span></p>
<p>${esc(f.message)}</p>${frameOf(sourceOf(f.file), f)}
</article>`,
      );
    }
    out.push("</section>");
  }
  out.push(`<h${h} id="${p}by-rule">Findings by rule</h${h}>`);
  out.push(
    `<table><caption class="sub" style="text-align:left">Each rule with how often it fired; the link opens its documentation.</caption><thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Category</th><th scope="col" class="num">Findings</th><th scope="col">What it checks</th></tr></thead><tbody>${rules
      .map((r) => {
        const fs = byRule.get(r) as Finding[];
        const first = fs[0] as Finding;
        const worst = fs.some((f) => f.severity === "error")
          ? "error"
          : fs.some((f) => f.severity === "warning")
            ? "warning"
            : "info";
        return `<tr data-severity="${worst}" data-category="${esc(first.category)}" data-rule="${esc(r)}"><td><a href="${RULE_DOCS}${esc(r)}.md"><code>${esc(r)}</code></a></td><td>${severityLabel(worst)}</td><td>${esc(first.category)}</td><td class="num">${fs.length}</td><td>${esc(RULES_BY_ID.get(r)?.summary ?? "")}</td></tr>`;
      })
      .join("")}</tbody></table>`,
  );
  return out.join("\n");
}

/** `mlgate check --format html`. */
export function formatHtml(
  result: CheckResult,
  opts: { sources: ReadonlyMap<string, string>; title?: string },
): string {
  const s = result.summary;
  const subtitle = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.infos} info in ${plural(s.documents, "document")} from ${plural(s.files, "file")}${result.suppressed ? ` (${result.suppressed} suppressed)` : ""}`;
  const body = findingsHtml(result.findings, {
    sources: opts.sources,
    ...(result.maskedSecrets ? { masked: result.maskedSecrets } : {}),
  });
  return htmlPage(opts.title ?? "mlgate check", esc(subtitle), body, FILTER_JS);
}

export { FILTER_JS, SEV_COLOUR };
