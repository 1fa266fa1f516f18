import { describe, expect, it } from "vitest";
import { buildSet } from "../check.js";
import { SourceFile } from "../load/types.js";
import {
  commandLineEnv,
  commandsOf,
  intValue,
  type LauncherInvocation,
  launchersOf,
  optionOf,
  parseLaunchers,
} from "./launcher.js";
import { shellSplit } from "./shell.js";

const P = ["spec", "containers", 0] as const;

function one(container: Record<string, unknown>): LauncherInvocation {
  const inv = parseLaunchers(container, P)[0];
  if (!inv) throw new Error("no launcher found");
  return inv;
}

describe("shellSplit", () => {
  it("splits commands on separators and keeps quoted words", () => {
    expect(shellSplit(`cd /w && A=1 torchrun --nproc_per_node "8" 'train.py' # go\nvllm serve m`)).toEqual([
      ["cd", "/w"],
      ["A=1", "torchrun", "--nproc_per_node", "8", "train.py"],
      ["vllm", "serve", "m"],
    ]);
  });
  it("joins backslash-newline continuations", () => {
    expect(shellSplit("torchrun \\\n  --nnodes=2 \\\n  train.py")).toEqual([["torchrun", "--nnodes=2", "train.py"]]);
  });
  it("survives unterminated quotes", () => {
    expect(shellSplit(`echo "abc`)).toEqual([["echo", "abc"]]);
  });
});

describe("parseLaunchers", () => {
  it("reads torchrun in list form, stopping at the script", () => {
    const inv = one({ command: ["torchrun", "--standalone", "--nproc_per_node", "4", "train.py", "--nnodes", "9"] });
    expect(inv.kind).toBe("torchrun");
    expect(optionOf(inv, "nproc-per-node")).toMatchObject({ value: "4", path: [...P, "command", 3] });
    expect(optionOf(inv, "nnodes")).toBeUndefined();
  });
  it("reads python -m torch.distributed.run with = values across command and args", () => {
    const inv = one({
      command: ["python3", "-u", "-m", "torch.distributed.run"],
      args: ["--nproc-per-node=2", "t.py"],
    });
    expect(inv.label).toBe("python -m torch.distributed.run");
    expect(optionOf(inv, "nproc-per-node")).toMatchObject({ value: "2", path: [...P, "args", 0] });
  });
  it("reads bash -c scripts", () => {
    const invs = parseLaunchers(
      { command: ["/bin/bash", "-c"], args: ["pip install x && exec deepspeed --num_gpus=8 train.py"] },
      P,
    );
    expect(invs).toHaveLength(1);
    expect(invs[0]?.kind).toBe("deepspeed");
    expect(invs[0]?.fromScript).toBe(true);
    expect(invs[0] && optionOf(invs[0], "num-gpus")).toMatchObject({ value: "8", path: [...P, "args", 0] });
  });
  it("reads the script after `bash -c --`, where `--` only ends the shell's options", () => {
    const invs = parseLaunchers({ command: ["/bin/bash", "-c", "--"], args: ["torchrun --nproc-per-node 4 t.py"] }, P);
    expect(invs.map((i) => i.kind)).toEqual(["torchrun"]);
    expect(invs[0] && optionOf(invs[0], "nproc-per-node")).toMatchObject({ value: "4", path: [...P, "args", 0] });
  });
  it("reads accelerate launch, vllm serve and text-generation-launcher", () => {
    expect(one({ command: ["accelerate", "launch", "--num_processes", "8", "t.py"] }).kind).toBe("accelerate");
    const v = one({ command: ["vllm", "serve", "m", "--trust-remote-code", "-tp", "4"] });
    expect(optionOf(v, "tp")?.value).toBe("4");
    expect(one({ command: ["text-generation-launcher", "--num-shard", "2"] }).kind).toBe("tgi");
  });
  it("reads an sglang server in a sh -ec script", () => {
    const s = one({ command: ["sh", "-ec", "python3 -m sglang.launch_server --model-path m --tp 8 --nnodes 2"] });
    expect(s.kind).toBe("sglang");
    expect(optionOf(s, "tp")?.value).toBe("8");
  });
  it("reads a whole command line held in one list element", () => {
    const t = one({ args: ["torchrun --nproc_per_node 8 train.py"] });
    expect(optionOf(t, "nproc-per-node")).toMatchObject({ value: "8", path: [...P, "args", 0] });
  });
  it("uses the vLLM image's entrypoint when only args are given", () => {
    const v = one({ image: "vllm/vllm-openai:v0.9.0", args: ["--model", "m", "--tensor-parallel-size", "2"] });
    expect(v.kind).toBe("vllm");
    expect(optionOf(v, "tensor-parallel-size")?.path).toEqual([...P, "args", 3]);
  });
  it("ignores plain programs and odd shapes", () => {
    expect(parseLaunchers({ command: ["python", "train.py"] }, P)).toEqual([]);
    expect(parseLaunchers({ command: "torchrun" }, P)).toEqual([]);
    expect(parseLaunchers({ command: [1, null, {}] }, P)).toEqual([]);
    expect(parseLaunchers({ command: ["bash", "-c"] }, P)).toEqual([]);
    expect(parseLaunchers({}, P)).toEqual([]);
  });
});

describe("intValue", () => {
  const env = (n: string) => ({ NPROC: "4", BAD: "x" })[n];
  it("resolves literals and env references", () => {
    expect(intValue("8", env)).toBe(8);
    expect(intValue("$NPROC", env)).toBe(4);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable reference, not a JS template
    expect(intValue("${NPROC}", env)).toBe(4);
    expect(intValue("$(NPROC)", env)).toBe(4);
    expect(intValue("$BAD", env)).toBeUndefined();
    expect(intValue("auto", env)).toBeUndefined();
    expect(intValue(undefined, env)).toBeUndefined();
  });
});

describe("launchersOf", () => {
  it("gives each container view its own paths when a YAML alias shares one container object", () => {
    const text = [
      "apiVersion: kubeflow.org/v1",
      "kind: PyTorchJob",
      "metadata: {name: t}",
      "spec:",
      "  pytorchReplicaSpecs:",
      "    Master:",
      "      template:",
      "        spec:",
      "          containers:",
      "          - &c {name: pytorch, image: x, command: [torchrun, --nproc_per_node, '8', train.py]}",
      "    Worker:",
      "      template:",
      "        spec:",
      "          containers:",
      "          - *c",
      "",
    ].join("\n");
    const [job] = buildSet([new SourceFile("t.yaml", text)]).set.workloads;
    const views = job?.podGroups.map((g) => g.containers[0]) ?? [];
    expect(views).toHaveLength(2);
    const paths = views.map((v) => (v ? launchersOf(v)[0]?.path : undefined));
    expect(paths[0]?.slice(0, 3)).toEqual(["spec", "pytorchReplicaSpecs", "Master"]);
    expect(paths[1]?.slice(0, 3)).toEqual(["spec", "pytorchReplicaSpecs", "Worker"]);
  });
});

describe("commandLineEnv", () => {
  const names = (c: Record<string, unknown>) =>
    commandLineEnv(commandsOf(c, P).commands).map((x) => `${x.name}=${x.value ?? "(inherited)"}`);
  it("reads Open MPI -x in list form, with and without a value", () => {
    expect(
      names({ command: ["mpirun", "-np", "16", "-x", "NCCL_DEBUG=INFO", "-x", "LD_LIBRARY_PATH", "python", "t.py"] }),
    ).toEqual(["NCCL_DEBUG=INFO", "LD_LIBRARY_PATH=(inherited)"]);
  });
  it("reads a bash -c script with continuations, and MPICH/Intel MPI -genv NAME VALUE", () => {
    const script =
      "sleep 5\nmpiexec.hydra -n 8 \\\n  -genv NCCL_IB_HCA mlx5 \\\n  -x 'NCCL_SOCKET_IFNAME=eth0' ./bench\n";
    expect(names({ command: ["/bin/bash", "-c"], args: [script] })).toEqual([
      "NCCL_IB_HCA=mlx5",
      "NCCL_SOCKET_IFNAME=eth0",
    ]);
    expect(commandLineEnv(commandsOf({ command: ["/bin/bash", "-c"], args: [script] }, P).commands)[0]?.path).toEqual([
      ...P,
      "args",
      0,
    ]);
  });
  it("ignores -x that is not an mpirun option", () => {
    expect(names({ command: ["python", "train.py", "-x", "NCCL_DEBUG=INFO"] })).toEqual([]);
  });
  it("reads a script's exports and a command's own assignments, not a bare shell variable", () => {
    const script =
      "export NCCL_DEBUG=WARN NCCL_IB_HCA\nNCCL_ALGO=Ring torchrun --nproc_per_node 8 t.py\nNCCL_PROTO=LL NCCL_MIN_NCHANNELS=4\nenv NCCL_NTHREADS=256 python t.py\n";
    expect(
      commandLineEnv(commandsOf({ command: ["bash", "-c", script] }, P).commands).map(
        (x) => `${x.via} ${x.name}=${x.value}`,
      ),
    ).toEqual([
      "shell NCCL_DEBUG=WARN",
      "shell NCCL_IB_HCA=undefined",
      "shell NCCL_ALGO=Ring",
      "shell NCCL_NTHREADS=256",
    ]);
  });
});
