import { describe, expect, it } from "vitest";
import { isNcclFamily, NCCL_PLUGIN_PREFIXES, NCCL_UNDOCUMENTED, NCCL_VARIABLES } from "./nccl-env.js";

describe("NCCL variable catalog", () => {
  it.each(Object.entries(NCCL_VARIABLES))("%s has a source, a type and a section", (name, v) => {
    expect(isNcclFamily(name)).toBe(true);
    expect(v.source).toMatch(/^(NVIDIA\/nccl@[0-9a-f]{8}|https:\/\/)/);
    expect(["bool", "int", "enum", "enum-list", "iface-list", "hca-list", "string"]).toContain(v.type.kind);
    expect(["system", "debug", "rccl", "torch"]).toContain(v.section);
    if (v.type.kind === "int" && v.type.min !== undefined && v.type.max !== undefined)
      expect(v.type.min).toBeLessThanOrEqual(v.type.max);
    if (v.deprecated?.replacement)
      expect(NCCL_VARIABLES[v.deprecated.replacement.split("=")[0] as string]).toBeDefined();
    if (v.removed?.replacement) expect(NCCL_VARIABLES[v.removed.replacement]).toBeDefined();
  });

  it("covers the documented variables the research note lists", () => {
    for (const name of ["NCCL_SOCKET_IFNAME", "NCCL_IB_HCA", "NCCL_DEBUG", "NCCL_NET_GDR_LEVEL", "NCCL_IB_DISABLE"])
      expect(NCCL_VARIABLES[name]).toBeDefined();
    expect(Object.keys(NCCL_VARIABLES).length).toBeGreaterThan(120);
  });

  it("keeps undocumented names and plugin prefixes apart from the catalog", () => {
    for (const n of NCCL_UNDOCUMENTED) expect(NCCL_VARIABLES[n]).toBeUndefined();
    for (const p of NCCL_PLUGIN_PREFIXES) expect(Object.keys(NCCL_VARIABLES).some((k) => k.startsWith(p))).toBe(false);
  });
});
