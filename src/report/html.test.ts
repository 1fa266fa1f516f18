import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run.js";
import type { CheckResult, Finding } from "../findings/finding.js";
import { esc, formatHtml, stackedBar } from "./html.js";

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: "gpu/shm-size",
  category: "gpu",
  severity: "error",
  message: "m",
  file: "a.yaml",
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 6,
  resource: { apiVersion: "v1", kind: "Pod", name: "p" },
  path: "spec",
  ...over,
});

function result(findings: Finding[]): CheckResult {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  return {
    summary: {
      files: 1,
      documents: 1,
      findings: findings.length,
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
      skipped: 0,
    },
    findings,
    skipped: [],
    suppressed: 0,
  };
}

/** Every URL the page could fetch: src=, url(), <link>, @import (links a reader follows are not fetches). */
function fetches(html: string): string[] {
  return [
    ...html.matchAll(/<[a-z][^>]*\ssrc\s*=\s*["']?([^"' >]+)/gi),
    ...html.matchAll(/url\(\s*["']?(?!#)([^)"']+)/gi),
    ...html.matchAll(/<link\b[^>]*>/gi),
    ...html.matchAll(/@import\s+[^;]+/gi),
  ].map((m) => m[1] ?? m[0]);
}

describe("--format html (the page; Chromium tests: test/html.tools.test.ts)", () => {
  it("escapes what manifests contain, masks secrets in code frames, and fetches nothing", () => {
    const text = "apiVersion: v1\nkind: Pod <b>\nmetadata: {name: p, token: hunter2}\n";
    const html = formatHtml(
      result([
        finding({ message: 'needs <img src=x onerror="alert(1)"> & more' }),
        finding({
          ruleId: "security/secret-in-env",
          category: "security",
          severity: "warning",
          line: 3,
          column: 27,
          endLine: 3,
          endColumn: 34,
          secret: true,
        }),
      ]),
      { sources: new Map([["a.yaml", text]]) },
    );
    expect(html).toContain("needs &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more");
    expect(html).not.toContain("<img");
    expect(html).toContain("kind: Pod &lt;b&gt;");
    expect(html).not.toContain("hunter2");
    expect(html).toContain("*******");
    expect(fetches(html)).toEqual([]);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    // Readable without JavaScript: the filters start hidden, the findings do not.
    expect(html).toMatch(/<form id="filters" hidden/);
    expect(html).toContain('href="https://github.com/mlgate/mlgate/blob/main/docs/rules/gpu/shm-size.md"');
  });

  it("labels every severity in words and a shape, not colour alone", () => {
    const html = formatHtml(result([finding({}), finding({ severity: "info", ruleId: "x/y", category: "cost" })]), {
      sources: new Map(),
    });
    expect(html).toContain("▲ error");
    expect(html).toContain("● info");
    expect(html).toMatch(/<h1>mlgate check<\/h1>/);
  });

  it("draws a stacked bar with every segment in the legend and the capacity marked", () => {
    const svg = stackedBar(
      "m",
      "Memory",
      [
        { label: "weights", value: 2, text: "2 GB" },
        { label: "KV <cache>", value: 1, text: "1 GB" },
      ],
      { value: 4, label: "GPU 4 GB" },
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain("1. weights: 2 GB");
    expect(svg).toContain(`2. ${esc("KV <cache>")}: 1 GB`);
    expect(svg).toMatch(/stroke-dasharray="5 3"/);
    expect(svg).toContain("GPU 4 GB");
  });
});

describe("the progress line", () => {
  function run(stderrIsTty: boolean, extra: string[] = []) {
    let out = "";
    let err = "";
    const code = runCli(["check", "examples/", ...extra], {
      cwd: process.cwd(),
      env: {},
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      stdoutIsTty: false,
      stderrIsTty,
    });
    return { code, out, err };
  }

  it("is drawn on a terminal's standard error, in place, and erased; never on standard output", () => {
    const r = run(true);
    const ERASE = "\r\u001b[2K";
    const parts = r.err.split(ERASE);
    // Each redraw starts with a carriage return and an erase; the last erases the line.
    expect(parts[0]).toBe("");
    expect(parts[1]).toBe("mlgate: reading examples/…");
    expect(parts[2]).toMatch(/^mlgate: \d+ files read, checking…$/);
    expect(parts[3]).toMatch(/^mlgate: \d+ files read, \d+ documents checked$/);
    expect(parts.at(-1)).toBe("");
    expect(r.out).not.toContain("\r");
  });

  it("is silent when standard error is not a terminal, and with --quiet", () => {
    expect(run(false).err).toBe("");
    expect(run(true, ["--quiet"]).err).toBe("");
  });
});
