import { readFileSync, writeSync } from "node:fs";
import { runCli } from "./run.js";

// The edge of the program: real process I/O. Output is written synchronously so the exit code
// is set only after everything has been flushed to a pipe.
const out = (fd: number) => (s: string) => {
  let buf = Buffer.from(s);
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((err as NodeJS.ErrnoException).code === "EPIPE") return;
      throw err;
    }
  }
};

process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: out(1),
  stderr: out(2),
  stdoutIsTty: !!process.stdout.isTTY,
  stderrIsTty: !!process.stderr.isTTY,
  readStdin: () => readFileSync(0, "utf8"),
});
