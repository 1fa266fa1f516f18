// The Action's entry point (bundled to action/dist/index.js): binds runAction to the process.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { runAction } from "./run.js";

runAction({
  env: process.env,
  cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
  fetch: (url, init) => fetch(url, init),
  stdout: (s) => process.stdout.write(s),
  readFile: (p) => readFileSync(p, "utf8"),
  writeFile: (p, t) => writeFileSync(p, t),
  appendFile: (p, t) => appendFileSync(p, t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stdout.write(`::error::mlgate: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
