import { describe, expect, it } from "vitest";
import { cronScheduleProblem, timeZoneProblem } from "../rules/schema/cron-schedule.js";
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, portName, qualifiedName } from "./names.js";
import { selectorProblems } from "./selector.js";

describe("apimachinery name syntax", () => {
  it("accepts and refuses as the API server does", () => {
    expect(dns1123Subdomain("llama-3.1-8b")).toEqual([]);
    expect(dns1123Subdomain("Llama")).toHaveLength(1);
    expect(dns1123Subdomain("a".repeat(254))).toHaveLength(1);
    expect(dns1035Label("8b")).toHaveLength(1);
    expect(qualifiedName("app.kubernetes.io/name")).toEqual([]);
    expect(qualifiedName("a/b/c")).toHaveLength(1);
    expect(qualifiedName("Example.com/x")).toHaveLength(1);
    expect(labelValue("")).toEqual([]);
    expect(labelValue("x_")).toHaveLength(1);
    expect(portName("http-api")).toEqual([]);
    expect(portName("8080")).toEqual(["must contain at least one letter"]);
    expect(portName("a--b")).toEqual(["must not contain consecutive hyphens"]);
  });

  it("gives the same answers on the edges of each check's one-test fast path", () => {
    expect(dns1123Label("a".repeat(63))).toEqual([]);
    expect(dns1123Label("a".repeat(64))).toHaveLength(1);
    expect(dns1123Label("a-")).toHaveLength(1);
    expect(dns1123Subdomain("a.b-c.d")).toEqual([]);
    expect(dns1123Subdomain("a..b")).toHaveLength(1);
    expect(qualifiedName("x".repeat(63))).toEqual([]);
    expect(qualifiedName("x".repeat(64))).toEqual([expect.stringMatching(/no more than 63/)]);
    expect(qualifiedName(`example.com/${"x".repeat(63)}`)).toEqual([]);
    expect(qualifiedName(`example.com/${"x".repeat(64)}`)).toHaveLength(1);
    expect(qualifiedName("/x")).toEqual(["its prefix part must not be empty"]);
    expect(qualifiedName("example.com/")).toEqual(["its name part must not be empty"]);
    expect(qualifiedName("Example.com/x")).toHaveLength(1);
    expect(qualifiedName("a_b.C-d")).toEqual([]);
    expect(qualifiedName("a_")).toHaveLength(1);
    expect(labelValue("A.b_c-9")).toEqual([]);
    expect(labelValue("v".repeat(64))).toHaveLength(1);
    expect(portName("h".repeat(15))).toEqual([]);
    expect(portName("h".repeat(16))).toHaveLength(1);
    expect(portName("-http")).toEqual(["must not begin or end with a hyphen"]);
    expect(portName("http-")).toEqual(["must not begin or end with a hyphen"]);
    expect(portName("Http")).toHaveLength(1);
  });
});

describe("robfig/cron ParseStandard", () => {
  it.each(["*/5 * * * *", "0 0 1,15 * SUN", "0 9-17/2 ? JAN-MAR 1-5", "@every 1h30m", "@midnight", "5/15 * * * *"])(
    "accepts %s",
    (s) => expect(cronScheduleProblem(s)).toBeUndefined(),
  );
  it.each([
    ["0 0 * * 7", /above maximum \(6\)/],
    ["60 * * * *", /above maximum \(59\)/],
    ["0 0 0 * *", /below minimum \(1\)/],
    ["*/0 * * * *", /positive/],
    ["5-1 * * * *", /beyond end/],
    ["@every", /unrecognized descriptor/],
    ["0 0 * * FOO", /not a number/],
  ])("refuses %s", (s, why) => expect(cronScheduleProblem(s)).toMatch(why));
  it("knows IANA zones, case and all", () => {
    expect(timeZoneProblem("America/New_York")).toBeUndefined();
    expect(timeZoneProblem("Etc/UTC")).toBeUndefined();
    expect(timeZoneProblem("america/new_york")).toMatch(/case-sensitive/);
    expect(timeZoneProblem("Local")).toMatch(/explicit/);
    expect(timeZoneProblem("Mars/Olympus")).toMatch(/unknown/);
  });
});

describe("label selectors", () => {
  it("evaluates matchLabels and every operator", () => {
    const labels = { app: "a", tier: "web" };
    expect(selectorProblems({ matchLabels: { app: "a" } }, labels)).toEqual([]);
    expect(
      selectorProblems(
        {
          matchExpressions: [
            { key: "tier", operator: "NotIn", values: ["db"] },
            { key: "app", operator: "Exists" },
            { key: "gone", operator: "DoesNotExist" },
          ],
        },
        labels,
      ),
    ).toEqual([]);
    expect(selectorProblems({ matchLabels: { app: "b" } }, labels)).toEqual([
      { kind: "label", key: "app", want: "b", got: "a" },
    ]);
  });
});
