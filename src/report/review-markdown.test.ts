import { describe, expect, it } from "vitest";
import { reviewTexts } from "../review/review.js";
import { COMMENT_LIMIT, COMMENT_MARKER, formatReviewMarkdown } from "./review-markdown.js";

const pod = (i: number, memory: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      command: [sleep, "1"]\n      resources: {limits: {memory: ${memory}, cpu: "1"}}\n`;

describe("review as a pull-request comment", () => {
  it("puts the verdict first, then new findings by severity with links to the rule docs", () => {
    const r = reviewTexts([{ path: "p.yaml", text: pod(0, "1Gi") }], [{ path: "p.yaml", text: pod(0, "1Gb") }]);
    const md = formatReviewMarkdown(r, { docsUrl: "https://example.org/docs/rules/" });
    const lines = md.split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe("### mlgate review: ⛔ **block**");
    expect(md).toMatch(
      /#### Errors \(1\)\n\n- \[`schema\/invalid-quantity`\]\(https:\/\/example\.org\/docs\/rules\/schema\/invalid-quantity\.md\) `p\.yaml:9` — /,
    );
  });

  it("stays under GitHub's comment limit however many findings there are, and says what it cut", () => {
    const base = Array.from({ length: 1500 }, (_, i) => pod(i, "1Gi")).join("---\n");
    const head = Array.from({ length: 1500 }, (_, i) => pod(i, "1Gb")).join("---\n");
    const r = reviewTexts([{ path: "p.yaml", text: base }], [{ path: "p.yaml", text: head }]);
    expect(r.findings.length).toBeGreaterThanOrEqual(1500);
    const md = formatReviewMarkdown(r, { all: true });
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toMatch(/- … and \d+ more errors/);
    // The verdict and the totals are never cut.
    expect(md).toMatch(/^<!-- mlgate-review -->\n### mlgate review: ⛔ \*\*block\*\*/);
  });

  it("escapes what would be HTML or a mention", () => {
    const r = reviewTexts([], [{ path: "p.yaml", text: pod(0, '"<b> @admins</b>"') }]);
    expect(r.findings.some((f) => f.message.includes("<b> @admins</b>"))).toBe(true);
    const md = formatReviewMarkdown(r);
    expect(md).toContain("&lt;b&gt; @\u200badmins");
    expect(md).not.toContain("<b>");
    expect(md).not.toContain("@admins");
  });
});
