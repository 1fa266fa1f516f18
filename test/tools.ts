// For `*.tools.test.ts` (`npm run test:tools`): tests that need a program outside npm. They call
// requireTool first, so a missing program fails the run with its name and how to get it, never a skip.
import { spawnSync } from "node:child_process";

/** Throws a clear error unless `name versionArgs…` runs; returns its first line of output. */
export function requireTool(name: string, versionArgs: string[], howToInstall: string): string {
  const r = spawnSync(name, versionArgs, { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(
      `npm run test:tools needs ${name} on the PATH (\`${[name, ...versionArgs].join(" ")}\` ${
        r.error !== undefined ? "was not found" : `exited ${r.status}`
      }); ${howToInstall}`,
    );
  }
  return `${r.stdout}${r.stderr}`.split("\n")[0] ?? "";
}

/** The environment for a child npm: without the npm_* variables of the `npm run` that started the tests. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: "1", ...extra };
}
