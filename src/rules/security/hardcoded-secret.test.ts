import { describe, expect, it } from "vitest";
import { checkTexts } from "../../check.js";
import { type CliIo, runCli } from "../../cli/run.js";
import { formatText, maskSecrets } from "../../report/text.js";

// Fake credentials in the shapes the rule knows; none is real.
const SECRETS = [
  "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
  "0123456789abcdef0123456789abcdef01234567",
  "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
  "AKIAIOSFODNN7EXAMPLE",
  "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  "s3cr3t-Passw0rd",
];

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  aws: ${SECRETS[3]}
---
apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: bert
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          containers:
            - name: pytorch
              image: pytorch/pytorch:latest
              args: ["--openai-key", "${SECRETS[2]}", "--gh", "${SECRETS[4]}"]
              env:
                - name: HF_TOKEN
                  value: ${SECRETS[0]}
                - name: WANDB_API_KEY
                  value: "${SECRETS[1]}"
                - name: DB_PASSWORD
                  value: ${SECRETS[5]}
`;

function run(args: string[], tty = false): { code: number; out: string } {
  let out = "";
  const io: CliIo = {
    cwd: process.cwd(),
    env: {},
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      out += s;
    },
    stdoutIsTty: tty,
    readStdin: () => MANIFEST,
  };
  const code = runCli(args, io);
  return { code, out };
}

/** Every --format the check command offers, read from its help so later formats are covered too. */
function formats(): string[] {
  const help = run(["check", "--help"]).out;
  const line = help.split("\n").find((l) => l.includes("--format")) ?? "";
  const m = /choices: ([^)]*?)(?:, default|\))/.exec(help.slice(help.indexOf(line)));
  const list = m ? [...(m[1] as string).matchAll(/"([^"]+)"/g)].map((x) => x[1] as string) : [];
  return list.length > 0 ? [...new Set(list)] : ["text", "json", "sarif"];
}

describe("security/hardcoded-secret never prints a secret", () => {
  it("finds every planted secret", () => {
    const json = JSON.parse(run(["check", "-", "--format", "json", "--fail-on", "never"]).out) as {
      findings: Array<{ ruleId: string }>;
    };
    expect(json.findings.filter((f) => f.ruleId === "security/hardcoded-secret")).toHaveLength(SECRETS.length);
  });

  const all = formats();
  it("knows at least the text, json and sarif formats", () => {
    expect(all).toEqual(expect.arrayContaining(["text", "json", "sarif"]));
  });

  for (const format of all) {
    for (const tty of [false, true]) {
      it(`--format ${format}${tty ? " on a terminal" : ""} masks every secret`, () => {
        const { out } = run(["check", "-", "--format", format, "--fail-on", "never"], tty);
        expect(out).toContain("hardcoded-secret");
        for (const s of SECRETS) expect(out).not.toContain(s);
        // Not even a long fragment of one.
        for (const s of SECRETS) expect(out).not.toContain(s.slice(4, 16));
        // The text format shows code frames: the secret's place is there, masked.
        if (format === "text") expect(out).toContain("value: ******");
      });
    }
  }

  it("masks spans without moving lines or columns", () => {
    const text = "a: 1\nkey: hf_secretsecretsecret\nb: 2\n";
    const masked = maskSecrets(text, [
      {
        ruleId: "security/hardcoded-secret",
        category: "security",
        severity: "error",
        message: "",
        file: "f",
        line: 2,
        column: 6,
        endLine: 2,
        endColumn: 27,
        resource: null,
        path: "",
        secret: true,
      },
    ]);
    expect(masked).toBe("a: 1\nkey: *********************\nb: 2\n");
  });

  it("keeps a silenced secret masked in other findings' code frames", () => {
    const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    mlgate.io/ignore: security/hardcoded-secret
    mlgate.io/ignore-reason: rotated test token
spec:
  containers:
    - name: c
      image: busybox:1.36
      env: [{name: HF_TOKEN, value: ${token}}, {name: HF_TOKEN, value: other}]
`;
    const result = checkTexts([{ path: "p.yaml", text }]);
    expect(result.findings.some((f) => f.ruleId === "security/hardcoded-secret")).toBe(false);
    const out = formatText(result, { color: false, quiet: false, sources: new Map([["p.yaml", text]]) });
    expect(out).toContain("schema/duplicate-name");
    expect(out).not.toContain(token.slice(3, 15));
  });
});
