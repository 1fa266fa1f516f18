// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} and ${{ }} here are the placeholder syntaxes being described, not JS templates
import { describe, expect, it } from "vitest";
import { isPlaceholder, isTemplateVariable } from "./placeholder.js";

describe("isPlaceholder", () => {
  it("recognises what authors write for 'fill this in'", () => {
    for (const v of [
      "<your-token>",
      "<HF_TOKEN>",
      "REPLACE_ME",
      "replace-with-your-key",
      "changeme",
      "${OPENAI_API_KEY}",
      "$(HF_TOKEN)",
      "${GPUS:-8}",
      "{{ .Values.hf.token }}",
      "${{ secrets.HF_TOKEN }}",
      "nvapi-XXXXXXXXXXXXXXXXXXXX",
      "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "sk-proj-********",
      "your-api-key",
      "super-secret-example-token",
      "MAVEN_PASSWORD",
      "...",
      "",
    ])
      expect([v, isPlaceholder(v)]).toEqual([v, true]);
  });

  it("recognises a variable's own name as its value", () => {
    expect(isPlaceholder("hf-token", "HF_TOKEN")).toBe(true);
    expect(isPlaceholder("$WANDB_API_KEY", "WANDB_API_KEY")).toBe(true);
  });

  it("leaves values alone", () => {
    for (const v of [
      "hf_QwErTyUiOpAsDfGhJkLzXcVbNm1234567890",
      "s3cr3t-Passw0rd",
      "8",
      "16Gi",
      "nvidia.com/gpu",
      "llama-3-8b",
    ])
      expect([v, isPlaceholder(v)]).toEqual([v, false]);
    expect(isPlaceholder("hf-token", "WANDB_API_KEY")).toBe(false);
  });
});

describe("isTemplateVariable", () => {
  it("finds what a script or template fills in, in or as a name or enumerated value", () => {
    for (const v of [
      "PV_NAME",
      "${SERVICE_TYPE:-ClusterIP}",
      "$PORT",
      "name-<asm-revision>",
      "pod-__INDEX__",
      "{{ .Values.x }}",
    ])
      expect([v, isTemplateVariable(v)]).toEqual([v, true]);
  });
  it("is narrower than isPlaceholder: words that can be real values are not variables", () => {
    for (const v of ["none", "example", "ClusterIP", "Always", "my-app", "HTTP"])
      expect([v, isTemplateVariable(v)]).toEqual([v, false]);
  });
});
