import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import { injectedSharedMemory } from "./operators.js";

function injections(yaml: string): Array<[string, string | undefined, boolean]> {
  const { set } = buildSet([new SourceFile("r.yaml", yaml)]);
  return set.workloads.flatMap((w) =>
    w.podGroups.flatMap((g) =>
      g.containers.map((c): [string, string | undefined, boolean] => [g.role, c.name, !!injectedSharedMemory(w, g, c)]),
    ),
  );
}

describe("what KubeRay injects", () => {
  it("mounts /dev/shm in containers[0] of head and worker pods, not in sidecars or the submitter", () => {
    const yaml =
      "apiVersion: ray.io/v1\nkind: RayJob\nmetadata: {name: j}\nspec:\n  entrypoint: python x.py\n  submitterPodTemplate:\n    spec:\n      containers: [{name: submit, image: ray}]\n  rayClusterSpec:\n    headGroupSpec:\n      rayStartParams: {}\n      template:\n        spec:\n          containers: [{name: head, image: ray}, {name: sidecar, image: fluent-bit}]\n    workerGroupSpecs:\n      - groupName: g\n        rayStartParams: {}\n        template:\n          spec:\n            containers: [{name: worker, image: ray}]\n";
    expect(injections(yaml)).toEqual([
      ["head", "head", true],
      ["head", "sidecar", false],
      ["g", "worker", true],
      ["submitter", "submit", false],
    ]);
  });

  it("skips a group whose rayStartParams set plasma-directory, and a container that mounts /dev/shm itself", () => {
    const yaml =
      "apiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: c}\nspec:\n  headGroupSpec:\n    rayStartParams: {plasma-directory: /tmp}\n    template:\n      spec:\n        containers: [{name: head, image: ray}]\n  workerGroupSpecs:\n    - groupName: g\n      rayStartParams: {}\n      template:\n        spec:\n          containers: [{name: worker, image: ray, volumeMounts: [{name: d, mountPath: /dev/shm}]}]\n          volumes: [{name: d, emptyDir: {}}]\n";
    expect(injections(yaml)).toEqual([
      ["head", "head", false],
      ["g", "worker", false],
    ]);
  });
});
