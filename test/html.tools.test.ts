// Needs Chromium (Debian's `chromium` package) and playwright-core (npm run test:tools): opens each
// `--format html` report of the built CLI in a real headless browser, checks that its content is
// there, that the filters work from the keyboard, that the page asks the network for nothing, and
// compares a screenshot with the committed one (docs/img/html-*.png) within a tolerance.
// UPDATE_SCREENSHOTS=1 rewrites the committed screenshots instead of comparing.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { ensureBuilt, mlgate } from "./e2e.js";
import { requireTool } from "./tools.js";

const C = "test/fixtures/cluster";
const out = mkdtempSync(join(tmpdir(), "mlgate-html-"));
let browser: Browser;

/** The Chromium to drive: $CHROMIUM, else the first of Debian's and Google's names on the PATH. */
function chromiumPath(): string {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ["chromium", "chromium-browser", "google-chrome"];
  for (const name of candidates) {
    try {
      requireTool(name, ["--version"], "");
      return name.includes("/") ? name : (requireWhich(name) ?? name);
    } catch {
      // try the next name
    }
  }
  requireTool(
    candidates[0] as string,
    ["--version"],
    "install Debian's chromium (`apt-get install chromium`; .ci/run does it), or set CHROMIUM to a Chromium or Chrome binary",
  );
  return candidates[0] as string;
}

function requireWhich(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

beforeAll(async () => {
  const executablePath = chromiumPath();
  ensureBuilt();
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--font-render-hinting=none"] });
});

afterAll(async () => {
  await browser?.close();
});

/** Writes a report to a file and opens it; every request the page makes is recorded and refused. */
async function open(name: string, html: string): Promise<{ page: Page; requests: string[]; url: string }> {
  expect(html.startsWith("<!DOCTYPE html>"), html.slice(0, 200)).toBe(true);
  const file = join(out, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 });
  const requests: string[] = [];
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    requests.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, url };
}

/** Headings never skip a level (h1 → h3), and there is one h1. */
async function headingsInOrder(page: Page): Promise<void> {
  const levels = await page.$$eval("h1, h2, h3, h4, h5, h6", (hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++)
    expect((levels[i] as number) - (levels[i - 1] as number)).toBeLessThanOrEqual(1);
}

/**
 * The share of pixels that differ (any channel by more than 48 of 255) between two PNGs, computed in
 * the browser from data: URLs (no request); 1 when their sizes differ.
 */
async function pixelDiff(a: Buffer, b: Buffer): Promise<number> {
  const page = await browser.newPage();
  const ratio = await page.evaluate(
    async ([x, y]) => {
      const load = (b64: string) =>
        new Promise<HTMLImageElement>((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve(img);
          img.onerror = reject;
          img.src = `data:image/png;base64,${b64}`;
        });
      const [i, j] = await Promise.all([load(x as string), load(y as string)]);
      if (i.width !== j.width || i.height !== j.height) return 1;
      const data = (img: HTMLImageElement) => {
        const c = document.createElement("canvas");
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext("2d") as CanvasRenderingContext2D;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height).data;
      };
      const p = data(i);
      const q = data(j);
      let diff = 0;
      for (let k = 0; k < p.length; k += 4)
        if (
          Math.abs((p[k] as number) - (q[k] as number)) > 48 ||
          Math.abs((p[k + 1] as number) - (q[k + 1] as number)) > 48 ||
          Math.abs((p[k + 2] as number) - (q[k + 2] as number)) > 48
        )
          diff++;
      return diff / (p.length / 4);
    },
    [a.toString("base64"), b.toString("base64")],
  );
  await page.close();
  return ratio;
}

/**
 * Compares the top `height` pixels of the page with docs/img/html-NAME.png (the README's screenshot):
 * at most 2% of pixels may differ.
 */
async function matchesScreenshot(page: Page, name: string, height = 900): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const full = await page.evaluate(() => document.documentElement.scrollHeight);
  const shot = await page.screenshot({
    animations: "disabled",
    fullPage: true,
    clip: { x: 0, y: 0, width: 1000, height: Math.min(height, full) },
  });
  const file = join(repoRoot, "docs", "img", `html-${name}.png`);
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    writeFileSync(file, shot);
    return;
  }
  expect(existsSync(file), `${file} is missing: run UPDATE_SCREENSHOTS=1 npm run test:tools and commit it`).toBe(true);
  const ratio = await pixelDiff(shot, readFileSync(file));
  if (ratio > 0.02) writeFileSync(join(out, `html-${name}.actual.png`), shot);
  expect(
    ratio,
    `screenshot of ${name} differs from docs/img/html-${name}.png in ${(ratio * 100).toFixed(2)}% of pixels (actual: ${out})`,
  ).toBeLessThanOrEqual(0.02);
}

describe("--format html in Chromium", () => {
  it("check: counts, rule ids, code frames, filters by severity, category and rule from the keyboard; no request", async () => {
    const json = JSON.parse(mlgate(["check", "docs/examples/serving.yaml", "--format", "json"]).stdout);
    const r = mlgate(["check", "docs/examples/serving.yaml", "--format", "html"]);
    expect(r.code).toBe(1);
    const { page, requests } = await open("check", r.stdout);
    expect(await page.title()).toBe("mlgate check");
    expect(await page.textContent("[data-count=error] strong")).toBe(String(json.summary.errors));
    expect(await page.textContent("[data-count=warning] strong")).toBe(String(json.summary.warnings));
    expect(await page.locator("article.finding").count()).toBe(json.findings.length);
    for (const f of json.findings)
      expect(await page.locator(`article.finding[data-rule="${f.ruleId}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator("article.finding pre").count()).toBeGreaterThan(0);
    await headingsInOrder(page);
    // Filters: the form shows only with JavaScript; unchecking "error" by keyboard hides every error.
    expect(await page.isVisible("#filters")).toBe(true);
    await page.focus("input[name=severity][value=error]");
    await page.keyboard.press("Space");
    expect(await page.locator("article.finding.error:visible").count()).toBe(0);
    expect(await page.locator("article.finding.warning:visible").count()).toBe(json.summary.warnings);
    expect(await page.textContent("#shown")).toBe(
      `${json.summary.warnings + json.summary.infos} of ${json.findings.length} findings shown`,
    );
    await page.keyboard.press("Space");
    await page.selectOption("select[name=rule]", "gpu/serving-model-fit");
    const visible = await page.$$eval("article.finding", (as) =>
      as.filter((a) => !(a as HTMLElement).hidden).map((a) => a.getAttribute("data-rule")),
    );
    expect(visible.length).toBeGreaterThan(0);
    expect(new Set(visible)).toEqual(new Set(["gpu/serving-model-fit"]));
    await page.selectOption("select[name=rule]", "");
    await page.selectOption("select[name=category]", "gpu");
    const cats = await page.$$eval("article.finding", (as) =>
      as.filter((a) => !(a as HTMLElement).hidden).map((a) => a.getAttribute("data-category")),
    );
    expect(new Set(cats)).toEqual(new Set(["gpu"]));
    await page.selectOption("select[name=category]", "");
    await matchesScreenshot(page, "check", 1100);
    expect(requests).toEqual([]);
  });

  it("review: the verdict and the cost table first, the new findings filterable; no request", async () => {
    const root = mkdtempSync(join(tmpdir(), "mlgate-html-review-"));
    cpSync(join(repoRoot, "docs", "examples"), join(root, "base"), { recursive: true });
    cpSync(join(repoRoot, "docs", "examples"), join(root, "head"), { recursive: true });
    writeFileSync(join(root, "base", "serving.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: empty}\n");
    const json = JSON.parse(
      mlgate(["review", "--base", "base", "--head", "head", "--format", "json"], { cwd: root }).stdout,
    );
    const r = mlgate(["review", "--base", "base", "--head", "head", "--format", "html"], { cwd: root });
    const { page, requests } = await open("review", r.stdout);
    const h2 = await page.$$eval("h2", (hs) => hs.map((h) => h.textContent));
    expect(h2[0]).toBe("Verdict");
    expect(h2[1]).toBe("GPU cost");
    expect((await page.textContent(".verdict"))?.trim()).toMatch(new RegExp(json.verdict.toUpperCase()));
    expect(await page.locator("article.finding").count()).toBe(json.findings.length);
    await headingsInOrder(page);
    await page.focus("input[name=severity][value=info]");
    await page.keyboard.press("Space");
    expect(await page.locator("article.finding.info:visible").count()).toBe(0);
    await page.keyboard.press("Space");
    await matchesScreenshot(page, "review", 1000);
    expect(requests).toEqual([]);
  });

  it("estimate: memory bar against the GPU's capacity, step-time breakdown, and --plan's ranked layouts; no request", async () => {
    const args = [
      "estimate",
      "--model",
      "Llama-3.1-8B",
      "--tokens",
      "20B",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "8",
      "--seq",
      "4096",
      "--zero",
      "3",
    ];
    const json = JSON.parse(mlgate([...args, "--json"]).stdout);
    const r = mlgate([...args, "--format", "html"]);
    expect(r.code).toBe(0);
    const { page, requests } = await open("estimate", r.stdout);
    expect(await page.locator("#memory0 svg rect").count()).toBeGreaterThanOrEqual(4);
    const legend = await page.textContent("#memory0 .legend");
    for (const part of ["weights", "gradients", "optimizer states", "activations", "logits"])
      expect(legend).toContain(part);
    expect(await page.textContent("#memory0 desc")).toContain("NVIDIA H100 SXM 80GB");
    expect(await page.textContent("#time0 .legend")).toContain("compute");
    expect(await page.textContent("main")).toContain(`${Math.round(json.time.gpuHours).toLocaleString("en-US")}`);
    await headingsInOrder(page);
    await matchesScreenshot(page, "estimate", 760);
    expect(requests).toEqual([]);
    const plan = mlgate([
      "estimate",
      "--model",
      "Llama-3.1-70B",
      "--tokens",
      "2T",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "64",
      "--plan",
      "--format",
      "html",
    ]);
    const p = await open("plan", plan.stdout);
    expect(await p.page.locator("table tbody tr").count()).toBeGreaterThanOrEqual(3);
    expect(await p.page.textContent("#plan-bars")).toMatch(/#1 /);
    expect(p.requests).toEqual([]);
    const serve = mlgate([
      "estimate",
      "--serve",
      "--model",
      "meta-llama/Llama-3.1-70B-Instruct",
      "--gpu",
      "l4",
      "--gpus",
      "4",
      "--max-model-len",
      "8192",
      "--format",
      "html",
    ]);
    const s = await open("serve", serve.stdout);
    expect(await s.page.textContent("main")).toContain("does not fit");
    expect(await s.page.textContent("#serve-memory .legend")).toContain("KV cache");
    expect(s.requests).toEqual([]);
  });

  it("simulate: the node × GPU grid of both runs, the deadlocked workloads marked by text and outline; no request", async () => {
    const args = ["simulate", "--cluster", `${C}/nodes.json`, `${C}/deadlock.yaml`];
    const json = JSON.parse(mlgate([...args, "--format", "json"]).stdout);
    const r = mlgate([...args, "--format", "html"]);
    const { page, requests } = await open("simulate", r.stdout);
    for (const w of json.workloads) expect(await page.textContent("main")).toContain(w.resource.name);
    expect(await page.locator("#grid-withoutGang svg").count()).toBe(1);
    expect(await page.locator("#grid-withGang svg").count()).toBe(1);
    expect(json.cluster.deadlock.workloads.length).toBe(2);
    expect(await page.locator("text=⚠ deadlocked").count()).toBe(2);
    expect(await page.locator("#grid-withoutGang rect[stroke-dasharray]").count()).toBe(16);
    expect(await page.textContent("[role=alert]")).toMatch(/Deadlock without gang scheduling/);
    await headingsInOrder(page);
    await matchesScreenshot(page, "simulate", 1450);
    expect(requests).toEqual([]);
  });
});
