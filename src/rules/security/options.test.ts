import { describe, expect, it } from "vitest";
import { type CliIo, runCli } from "../../cli/run.js";
import { ConfigError, parseConfig } from "../../config/config.js";

const POD =
  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: docker.io/library/busybox:1.36\n";

function run(args: string[]): { code: number; out: string } {
  let out = "";
  const io: CliIo = {
    cwd: "/",
    env: {},
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      out += s;
    },
    stdoutIsTty: false,
    readStdin: () => POD,
  };
  return { code: runCli(args, io), out };
}

describe("--pss and allowedRegistries", () => {
  it("reads pss and allowedRegistries from .mlgate.yaml", () => {
    const c = parseConfig({ pss: "restricted", allowedRegistries: ["nvcr.io", "ghcr.io/my-org/"] }, "x", new Set());
    expect(c.pss).toBe("restricted");
    expect(c.allowedRegistries).toEqual(["nvcr.io", "ghcr.io/my-org"]);
  });

  it("refuses a level the standard does not have, and a registry list that is not one", () => {
    expect(() => parseConfig({ pss: "privileged" }, "x", new Set())).toThrow(ConfigError);
    expect(() => parseConfig({ allowedRegistries: "nvcr.io" }, "x", new Set())).toThrow(/allowedRegistries/);
  });

  it("checks restricted controls only with --pss restricted", () => {
    const baseline = run(["check", "-", "--format", "json", "--fail-on", "never"]).out;
    const restricted = run(["check", "-", "--format", "json", "--fail-on", "never", "--pss", "restricted"]).out;
    expect(baseline).not.toContain("security/run-as-non-root");
    expect(restricted).toContain("security/run-as-non-root");
    expect(restricted).toContain("PSS restricted: Running as Non-root");
  });

  it("refuses an unknown --pss level as a usage error", () => {
    expect(run(["check", "-", "--pss", "privileged"]).code).toBe(2);
  });
});
