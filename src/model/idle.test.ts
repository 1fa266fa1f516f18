import { describe, expect, it } from "vitest";
import { isIdleContainer, isStandIn, onlyWaitsOrPrints } from "./idle.js";
import type { ContainerView } from "./workload.js";

const view = (value: Record<string, unknown>): ContainerView => ({
  name: "c",
  value,
  path: ["spec", "containers", 0],
  role: "container",
  memo: null,
});

describe("idle containers", () => {
  it("sees a countdown script of echo, sleep, tests and loops as only waiting or printing", () => {
    const script =
      'echo "I=$I"\nif [[ "$I" == "0" ]]; then\n  for i in $(seq 3 -1 1)\n  do\n    sleep 1\n  done\n  exit 1\nfi\n';
    expect(onlyWaitsOrPrints(view({ image: "bash:latest", command: ["bash", "-xc", script] }))).toBe(true);
  });
  it("sees a script that only pings a peer and counts the answers as a stand-in", () => {
    const script =
      "sleep 20\nok=0\nfor i in {1..2}; do\n  if ping -c 1 leader-0; then\n    ((ok++))\n  fi\ndone\necho done\n";
    expect(onlyWaitsOrPrints(view({ image: "bash:latest", command: ["bash", "-xc", script] }))).toBe(true);
  });
  it("reads the script after `bash -c --`", () => {
    const c = view({
      image: "centos/tools",
      command: ["/bin/bash", "-c", "--"],
      args: ["while true; do sleep 300; done;"],
    });
    expect(onlyWaitsOrPrints(c)).toBe(true);
  });
  it("does not call a container that runs a program idle", () => {
    expect(onlyWaitsOrPrints(view({ image: "bash", command: ["bash", "-c", "python train.py; sleep 10"] }))).toBe(
      false,
    );
    expect(onlyWaitsOrPrints(view({ image: "ubuntu" }))).toBe(false);
    expect(onlyWaitsOrPrints(view({ image: "bash", command: ["bash", "-c", "NCCL_DEBUG=INFO python train.py"] }))).toBe(
      false,
    );
  });
  it("knows stand-in images whatever their command, and diagnostics only as idle", () => {
    expect(isStandIn(view({ image: "nginx:1.27" }))).toBe(true);
    expect(isStandIn(view({ image: "nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0" }))).toBe(false);
    expect(isIdleContainer(view({ image: "nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0" }))).toBe(true);
  });
});
