// The webhook checks one object at a time. Over the upstream corpus, that must never produce a
// denial or a warning that checking the object's whole file does not: the rules that need other
// objects may only go quiet on an object alone, never speak up (docs/serve.md).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../check.js";
import { EMPTY_CONFIG } from "../config/config.js";
import { parseStream } from "../load/parse.js";
import { DEFAULT_MAX_FILE_SIZE, readSources } from "../load/sources.js";
import { isObject, resourcesOf } from "../model/resource.js";
import { ALL_RULES } from "../rules/index.js";
import { parseAdmissionReview } from "./admission.js";
import { decide } from "./decide.js";

const corpus = join(import.meta.dirname, "..", "..", "..", "shared", "corpus", "upstream");

describe("serve on the upstream corpus, one object at a time", () => {
  it("finds nothing at warning or error that the object's whole file does not", () => {
    const read = readSources([corpus], { cwd: process.cwd(), exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE });
    // Fails loudly, never skips, without ../shared.
    expect(read.missing, `the upstream corpus is missing at ${corpus}`).toEqual([]);
    expect(read.files.length).toBeGreaterThan(100);
    const policy = {
      rules: ALL_RULES,
      options: { strictRefs: false },
      config: EMPTY_CONFIG,
      denyAt: "error" as const,
      audit: false,
      skipNamespaces: new Set<string>(),
      skipKinds: new Set<string>(),
    };
    let objects = 0;
    const extra: string[] = [];
    for (const file of read.files) {
      if (file.path.includes(".github/workflows/")) continue;
      const whole = check({ files: [file] });
      const said = new Set(
        whole.findings
          .filter((f) => f.severity !== "info")
          .map((f) => `${f.ruleId} ${f.resource?.kind}/${f.resource?.name ?? ""}`),
      );
      for (const doc of parseStream(file).documents) {
        for (const r of resourcesOf(doc)) {
          if (!isObject(r.value) || !r.kind || !r.apiVersion) continue;
          objects++;
          const req = parseAdmissionReview(
            JSON.stringify({
              apiVersion: "admission.k8s.io/v1",
              kind: "AdmissionReview",
              request: {
                uid: String(objects),
                kind: { group: r.group, version: r.version, kind: r.kind },
                operation: "CREATE",
                namespace: r.namespace,
                name: r.name,
                object: r.value,
              },
            }),
          );
          const d = decide(req, policy);
          expect(d.crashes, `${file.path} ${r.kind}/${r.name}`).toEqual([]);
          for (const id of [...d.denyingRules, ...d.warningRules]) {
            if (!said.has(`${id} ${r.kind}/${r.name ?? ""}`)) extra.push(`${file.path}: ${r.kind}/${r.name}: ${id}`);
          }
        }
      }
    }
    expect(objects).toBeGreaterThan(500);
    expect(extra).toEqual([]);
  }, 600_000);
});
