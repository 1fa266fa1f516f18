import { describe, expect, it } from "vitest";
import { NCCL_VARIABLES } from "../../catalog/nccl-env.js";
import { checkValue, parseHcaList, parseIfaceList } from "./_nccl.js";
import { closestNcclName } from "./nccl-unknown-variable.js";

describe("NCCL_SOCKET_IFNAME parsing", () => {
  it("reads the prefixes", () => {
    expect(parseIfaceList("^=docker0,lo", false)).toMatchObject({
      exclude: true,
      exact: true,
      items: [{ name: "docker0" }, { name: "lo" }],
      problems: [],
    });
    expect(parseIfaceList("=eth0", false)).toMatchObject({ exclude: false, exact: true, items: [{ name: "eth0" }] });
  });
  it("finds misplaced prefixes, spaces, empty elements and bad ports", () => {
    expect(parseIfaceList("eth0,=eth1", false).problems[0]).toMatch(/only counts at the start/);
    expect(parseIfaceList("eth0, eth1", false).problems[0]).toMatch(/spaces/);
    expect(parseIfaceList("eth0,", false).problems[0]).toMatch(/empty element/);
    expect(parseIfaceList("mlx5_0:x", true).problems[0]).toMatch(/port number/);
    expect(parseIfaceList("mlx5_0:1", true).problems).toEqual([]);
    expect(parseIfaceList("^", false).problems[0]).toMatch(/empty/);
  });
});

describe("NCCL_IB_HCA parsing", () => {
  it("reads hca:port:rail:plane and an empty port before a rail", () => {
    const l = parseHcaList("=mlx5_0:1:0:0,mlx5_1::0:1");
    expect(l.problems).toEqual([]);
    expect(l.items).toEqual([
      { name: "mlx5_0", port: "1" },
      { name: "mlx5_1", port: undefined },
    ]);
  });
  it("rejects too many fields, non-numeric ports and more than 32 HCAs", () => {
    expect(parseHcaList("mlx5_0:1:0:0:9").problems[0]?.message).toMatch(/5 ":"-separated fields/);
    expect(parseHcaList("mlx5_0:a").problems[0]?.message).toMatch(/port must be a number/);
    const many = Array.from({ length: 33 }, (_, i) => `mlx5_${i}`).join(",");
    expect(parseHcaList(`=${many}`).problems.map((p) => p.message)).toContain(
      "NCCL_IB_HCA lists 33 HCAs; NCCL supports at most 32",
    );
  });
});

describe("checkValue", () => {
  const def = (n: string) => {
    const d = NCCL_VARIABLES[n];
    if (!d) throw new Error(n);
    return d;
  };
  it("accepts the documented spellings, case-insensitively for words", () => {
    expect(checkValue("NCCL_DEBUG", "info", def("NCCL_DEBUG"))).toEqual([]);
    expect(checkValue("NCCL_PROTO", "^LL128", def("NCCL_PROTO"))).toEqual([]);
    expect(checkValue("NCCL_NTHREADS", "256", def("NCCL_NTHREADS"))).toEqual([]);
  });
  it("flags values outside the type", () => {
    expect(checkValue("NCCL_NTHREADS", "100", def("NCCL_NTHREADS"))[0]?.message).toMatch(/64, 128, 256, 512/);
    expect(checkValue("NCCL_P2P_LEVEL", "2", def("NCCL_P2P_LEVEL"))[0]?.severity).toBe("info");
    expect(checkValue("NCCL_ALGO", "ring,fast", def("NCCL_ALGO"))[0]?.message).toMatch(/"fast" is not one of/);
    expect(checkValue("NCCL_IB_RETRY_CNT", "8", def("NCCL_IB_RETRY_CNT"))[0]?.message).toMatch(/above 7/);
  });
});

describe("closestNcclName", () => {
  it("suggests close names only", () => {
    expect(closestNcclName("NCCL_SOCKET_IFNAM")).toBe("NCCL_SOCKET_IFNAME");
    expect(closestNcclName("NCCL_IB_HCAS")).toBe("NCCL_IB_HCA");
    expect(closestNcclName("NCCL_COMPLETELY_DIFFERENT")).toBeUndefined();
  });
});
