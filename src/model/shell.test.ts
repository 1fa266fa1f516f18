// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is shell syntax here, not a JS template
import { describe, expect, it } from "vitest";
import { commandLineEnv, launcherOf, unexportedAssignments } from "./launcher.js";
import { shellSplit, shellSplitUncached } from "./shell.js";

const tokens = (script: string) => shellSplit(script).map((ws) => ws.map((text) => ({ text, path: [] })));

describe("shellSplit: what a script runs", () => {
  it("reads a heredoc's document as one word of the command that reads it, never as commands", () => {
    const script = [
      "cat > /etc/ray/csr.conf <<EOF",
      "basicConstraints=CA:FALSE",
      "export NCCL_DEBUG=INFO",
      "EOF",
      "python3 - <<'PY'",
      "import jax",
      "PY",
      "sleep inf",
    ].join("\n");
    expect(shellSplit(script)).toEqual([
      ["cat", "basicConstraints=CA:FALSE\nexport NCCL_DEBUG=INFO\n"],
      ["python3", "-", "import jax\n"],
      ["sleep", "inf"],
    ]);
    expect(commandLineEnv(tokens(script))).toEqual([]);
    expect(unexportedAssignments(tokens(script))).toEqual([]);
  });

  it("ends a `<<-` document at its tab-indented delimiter, and one at the end of the script", () => {
    expect(shellSplit("cat <<-END >x\n\tA=1\n\tEND\necho ok")).toEqual([
      ["cat", "\tA=1\n"],
      ["echo", "ok"],
    ]);
    expect(shellSplit("cat <<EOF\nA=1")).toEqual([["cat", "A=1"]]);
  });

  it("reads the command after a reserved word, not the word", () => {
    expect(shellSplit("while :; do /app/gpu_burn 300 || true; sleep 300; done")).toEqual([
      [":"],
      ["/app/gpu_burn", "300"],
      ["true"],
      ["sleep", "300"],
    ]);
    expect(shellSplit("if [ -f /ok ]; then export NCCL_IB_DISABLE=1; else ! false; fi")).toEqual([
      ["[", "-f", "/ok", "]"],
      ["export", "NCCL_IB_DISABLE=1"],
      ["false"],
    ]);
    // Quoted, or not first, a reserved word is an ordinary word.
    expect(shellSplit(`echo done; "if" x`)).toEqual([
      ["echo", "done"],
      ["if", "x"],
    ]);
  });

  it("leaves out `for` headers, `case` headers and patterns, and function names", () => {
    const script = [
      'case "$ROLE" in',
      "  (leader|head) torchrun --nnodes 2 train.py ;;",
      "  *) sleep inf ;;",
      "esac",
      "for i in 1 2 3; do echo $i; done",
      "for ((i = 0; i < 3; i++)); do ((n++)); done",
      "setup() { export NCCL_SOCKET_IFNAME=eth0; }",
      "function run { mpirun -x NCCL_DEBUG=INFO python t.py; }",
      "setup; run",
    ].join("\n");
    expect(shellSplit(script)).toEqual([
      ["torchrun", "--nnodes", "2", "train.py"],
      ["sleep", "inf"],
      ["echo", "$i"],
      ["n++"],
      ["export", "NCCL_SOCKET_IFNAME=eth0"],
      ["mpirun", "-x", "NCCL_DEBUG=INFO", "python", "t.py"],
      ["setup"],
      ["run"],
    ]);
  });

  it("keeps $(…), $((…)), ${…} and backticks in their word, and runs a substitution's commands", () => {
    expect(
      shellSplit('MASTER=$(getent hosts "$LEADER" | cut -d" " -f1) torchrun --node_rank=$((RANK + 1)) t.py'),
    ).toEqual([
      ['MASTER=$(getent hosts "$LEADER" | cut -d" " -f1)', "torchrun", "--node_rank=$((RANK + 1))", "t.py"],
      ["getent", "hosts", "$LEADER"],
      ["cut", "-d ", "-f1"],
    ]);
    expect(shellSplit('echo "$(cat "$f") done" `hostname` ${A:-x y}')).toEqual([
      ["echo", '$(cat "$f") done', "`hostname`", "${A:-x y}"],
      ["cat", "$f"],
      ["hostname"],
    ]);
  });

  it("leaves redirections out of the words, `2>&1` and `&>` included", () => {
    expect(shellSplit("torchrun --nproc_per_node 8 t.py > /log 2>&1 < /dev/null; python a.py &>> log & wait")).toEqual([
      ["torchrun", "--nproc_per_node", "8", "t.py"],
      ["python", "a.py"],
      ["wait"],
    ]);
    expect(shellSplit('grep -q x <<< "$OUT" && echo y')).toEqual([
      ["grep", "-q", "x"],
      ["echo", "y"],
    ]);
  });

  // Where tree-sitter-bash 0.25.1 goes wrong (docs/ARCHITECTURE.md, "Parsers made for the job").
  it("ends a line of assignments at its newline (tree-sitter-bash#228)", () => {
    const script = "NCCL_SOCKET_IFNAME=eth0 NCCL_IB_DISABLE=1\ntorchrun --nproc_per_node 8 train.py";
    expect(shellSplit(script)).toEqual([
      ["NCCL_SOCKET_IFNAME=eth0", "NCCL_IB_DISABLE=1"],
      ["torchrun", "--nproc_per_node", "8", "train.py"],
    ]);
    expect(unexportedAssignments(tokens(script)).map((t) => t.text)).toEqual([
      "NCCL_SOCKET_IFNAME=eth0",
      "NCCL_IB_DISABLE=1",
    ]);
  });

  it("ends a pipeline at its newline (tree-sitter-bash#347)", () => {
    const commands = tokens("nvidia-smi | grep GPU | head -3\ntorchrun --nproc_per_node 8 train.py && echo done");
    expect(commands.map((c) => launcherOf(c, true)?.label).filter(Boolean)).toEqual(["torchrun"]);
  });

  it("keeps the word of an unterminated quote, and never loops on odd input", () => {
    expect(shellSplitUncached('echo "abc')).toEqual([["echo", "abc"]]);
    for (const odd of ["$(", "`", "${", "<<", "a <", "f(", "case x in", "((", '"$(', "cat <<'E"])
      expect(() => shellSplitUncached(odd)).not.toThrow();
    // Nesting deeper than any script is text, not a stack overflow.
    expect(shellSplitUncached(`echo ${'"$('.repeat(20000)}`)[0]?.[0]).toBe("echo");
    expect(shellSplitUncached(`echo ${"$(".repeat(20000)}`)[0]?.[0]).toBe("echo");
  });
});
