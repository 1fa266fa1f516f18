import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { isNodeAgent } from "./node-agent.js";

const agents = (yaml: string) => buildSet([new SourceFile("a.yaml", yaml)]).set.workloads.map(isNodeAgent);

describe("node agents", () => {
  it("are DaemonSets and operator templates whose namespace or image is a placeholder", () => {
    expect(
      agents(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: plugin:1}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {generateName: v-, namespace: FILLED_BY_THE_VALIDATOR}\nspec:\n  containers: [{name: c, image: FILLED_BY_VALIDATOR}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: gpu-operator}\nspec:\n  containers: [{name: c, image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  containers: [{name: c, image: MYIMAGE}]\n",
      ),
    ).toEqual([true, true, false, false]);
  });
});
