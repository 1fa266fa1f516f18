import { describe, expect, it } from "vitest";
import { base64Problem, fitsInt32, fitsInt64, isRfc3339 } from "./formats.js";

describe("formats the API server's decoding enforces", () => {
  it("int32 and int64 ranges", () => {
    expect(fitsInt32(2147483647)).toBe(true);
    expect(fitsInt32(2147483648)).toBe(false);
    expect(fitsInt32(-2147483648)).toBe(true);
    expect(fitsInt32(-2147483649)).toBe(false);
    expect(fitsInt64(2 ** 62)).toBe(true);
    expect(fitsInt64(2 ** 63)).toBe(false);
    expect(fitsInt64(-(2 ** 63))).toBe(true);
  });

  it("base64 as Go's StdEncoding reads it: padded, standard alphabet, line breaks skipped", () => {
    for (const ok of ["", "aGk=", "aGVsbG8=", "aGVsbG8h", "aGVs\nbG8h\n", "aGVs\r\nbG8h", "+/+/"]) {
      expect(base64Problem(ok)).toBeUndefined();
    }
    expect(base64Problem("hunter2")).toMatch(/length \(7\) is not a multiple of 4/);
    expect(base64Problem("aGk")).toMatch(/multiple of 4/);
    expect(base64Problem("aGVsbG8_")).toMatch(/"_", which is not in the base64 alphabet/);
    expect(base64Problem("aG-s")).toMatch(/"-"/); // URL-safe alphabet: not StdEncoding
    expect(base64Problem("a===")).toMatch(/padding/);
    expect(base64Problem("aGk=aGk=")).toMatch(/padding/);
  });

  it("RFC 3339 as Go's time.Parse(time.RFC3339, …) reads it", () => {
    for (const ok of [
      "2026-01-02T15:04:05Z",
      "2026-01-02T15:04:05.123456789+02:00",
      "2024-02-29T00:00:00Z",
      "2026-01-02T5:04:05Z", // the layout parser takes a one-digit hour
      "2026-01-02T15:04:05,5Z",
    ])
      expect(isRfc3339(ok)).toBe(true);
    for (const bad of [
      "2026-01-02",
      "2026-01-02 15:04:05Z",
      "2026-01-02t15:04:05z",
      "2026-01-02T15:04:05",
      "2025-02-29T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-01-02T24:00:00Z",
      "2026-01-02T15:60:00Z",
      "2026-01-02T15:04:60Z",
      "yesterday",
      "",
    ])
      expect(isRfc3339(bad)).toBe(false);
  });
});
