// First contact, for real: a copy of this working tree with nothing beside it runs the README's
// quick start; `npm pack` of it installs into an empty project with no network and runs there; so
// does an install from its git URL. npm runs offline (`npm_config_offline`): everything comes from
// the npm cache that the repository's own `npm ci` filled, and the packed package needs nothing,
// since tsup bundles the runtime dependencies into dist/.
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./corpus.js";
import { childEnv, requireTool } from "./tools.js";

const env = childEnv({ npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false" });
const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

function sh(command: string, cwd: string) {
  const r = spawnSync("sh", ["-c", command], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** An empty npm project in a fresh temporary directory. */
function emptyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-user-"));
  writeFileSync(join(dir, "package.json"), '{"name":"user","version":"1.0.0","private":true}\n');
  cpSync(join(repoRoot, "examples"), join(dir, "examples"), { recursive: true });
  return dir;
}

/** The finding lines of the README's quick-start output block. */
function quickStartFindings(): string[] {
  const section = readme.slice(
    readme.indexOf("## Quick start"),
    readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1),
  );
  const block = /```console\n[^\n]*\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .filter((l) => /^\s+\S+:\d+:\d+\s+(error|warning|info)\s/.test(l))
    .map((l) => l.trim());
}

let clean = "";

beforeAll(() => {
  requireTool("npm", ["--version"], "it comes with Node.js");
  requireTool("git", ["--version"], "install git (apt-get install git)");
  // The files git would commit (tracked, and new ones not ignored), copied where nothing is beside them.
  clean = join(mkdtempSync(join(tmpdir(), "mlgate-fresh-")), "mlgate");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(repoRoot, f)));
  for (const f of files) {
    mkdirSync(dirname(join(clean, f)), { recursive: true });
    copyFileSync(join(repoRoot, f), join(clean, f));
  }
  expect(existsSync(join(clean, "node_modules"))).toBe(false);
  expect(existsSync(join(clean, "dist"))).toBe(false);
});

describe("on a clean copy with nothing beside it", () => {
  it("the README's quick start works: npm ci builds dist/, the check prints the README's findings, npm test passes", () => {
    const section = readme.slice(readme.indexOf("## Quick start"));
    const commands = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "").split("\n").filter((l) => l.trim() !== "");
    expect(commands).toEqual(["npm ci && npx mlgate check examples/", "npm test"]);

    const first = sh(commands[0] as string, clean);
    expect(first.code, first.out).toBe(1); // the examples carry errors
    expect(first.out).not.toMatch(/ERR_MODULE_NOT_FOUND|\n\s+at /);
    const shown = quickStartFindings();
    expect(shown.length).toBeGreaterThan(5);
    for (const line of shown) expect(first.out).toContain(line);

    const test = sh(commands[1] as string, clean);
    expect(test.code, test.out.slice(-4000)).toBe(0);
    // Vitest's closing line counts only passed tests: none failed, skipped or todo.
    const plain = test.out.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
    expect(plain).toMatch(/^\s*Tests\s+\d+ passed \(\d+\)\s*$/m);
  });

  it("npm pack makes a package that installs offline into an empty project and runs", () => {
    const packDir = mkdtempSync(join(tmpdir(), "mlgate-pack-"));
    const pack = sh(`npm pack --pack-destination ${JSON.stringify(packDir)}`, clean);
    expect(pack.code, pack.out).toBe(0);
    const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBeDefined();

    const user = emptyProject();
    const install = sh(`npm install ${JSON.stringify(join(packDir, tarball as string))}`, user);
    expect(install.code, install.out).toBe(0);
    // Nothing but mlgate itself: its runtime dependencies are bundled into dist/.
    expect(readdirSync(join(user, "node_modules")).filter((f) => !f.startsWith("."))).toEqual(["mlgate"]);
    const run = sh("npx mlgate check examples/", user);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(/examples\/pytorch-multinode\.yaml:27:26 +error/);
    expect(run.out).toMatch(/\d+ errors?, \d+ warnings?, \d+ info in \d+ documents from 5 files/);
    // The worker entry of --jobs ships in dist/ and is found from the installed package.
    const parallel = sh("npx mlgate check examples/ --jobs 2 --verbose", user);
    expect(parallel.code, parallel.out).toBe(1);
    expect(parallel.out).toContain("mlgate: checked on 2 worker threads");
    expect(parallel.out).toMatch(/examples\/pytorch-multinode\.yaml:27:26 +error/);
  });

  it("an install from the git URL builds dist/ (the prepare script) and runs", () => {
    const git = (args: string) => sh(`git -c user.name=t -c user.email=t@example.com ${args}`, clean);
    expect(git("init -q").code).toBe(0);
    expect(git("add -A").code).toBe(0);
    expect(git("commit -q -m snapshot").code).toBe(0);

    const user = emptyProject();
    const install = sh(`npm install ${JSON.stringify(`git+file://${clean}`)}`, user);
    expect(install.code, install.out).toBe(0);
    expect(existsSync(join(user, "node_modules", "mlgate", "dist", "cli.js"))).toBe(true);
    const run = sh("npx mlgate check examples/ --quiet", user);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(/examples\/ray-cluster\.yaml:43:35 +error/);
  });
});
