import { describe, expect, it } from "vitest";
import { generate, shortName } from "../scripts/gen-kube-shapes.js";

describe("scripts/gen-kube-shapes", () => {
  it("turns OpenAPI definitions into shapes: types, references, maps, required fields, kinds", () => {
    const swagger = {
      definitions: {
        "io.k8s.api.apps.v1.Deployment": {
          type: "object",
          properties: {
            apiVersion: { type: "string" },
            spec: { $ref: "#/definitions/io.k8s.api.apps.v1.DeploymentSpec" },
            status: { type: "object", properties: { replicas: { type: "integer" } } },
          },
          "x-kubernetes-group-version-kind": [{ group: "apps", kind: "Deployment", version: "v1" }],
        },
        "io.k8s.api.apps.v1.DeploymentSpec": {
          type: "object",
          required: ["template", "selector"],
          properties: {
            replicas: { type: "integer", format: "int32" },
            paused: { type: "boolean" },
            maxSurge: { $ref: "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
            labels: { type: "object", additionalProperties: { type: "string" } },
            names: { type: "array", items: { type: "string" } },
            raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
            generation: { type: "integer", format: "int64" },
            caBundle: { type: "string", format: "byte" },
            since: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
          },
        },
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: "string", format: "int-or-string" },
      },
    };
    expect(generate(swagger)).toEqual({
      defs: [
        ["apps.v1.Deployment", { p: { apiVersion: "s", spec: "@apps.v1.DeploymentSpec", status: "*" } }],
        [
          "apps.v1.DeploymentSpec",
          {
            p: {
              replicas: "i32",
              paused: "b",
              maxSurge: "x",
              labels: { m: "s" },
              names: { a: "s" },
              raw: "*",
              generation: "i64",
              caBundle: "b64",
              since: "time",
            },
            r: ["selector", "template"],
          },
        ],
      ],
      kinds: [["apps/v1/Deployment", "@apps.v1.Deployment"]],
    });
    expect(shortName("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).toBe("meta.v1.ObjectMeta");
  });
});
