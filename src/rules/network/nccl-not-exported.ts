import { isNcclFamily } from "../../catalog/nccl-env.js";
import { effectiveEnv } from "../../model/env.js";
import { containerCommands, type Token } from "../../model/launcher.js";
import { defineRule } from "../types.js";

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** `set -a`, `set -ea`, `set -o allexport`: every later assignment is exported. */
function setsAllExport(words: readonly Token[]): boolean {
  return (
    words[0]?.text === "set" &&
    words.slice(1).some((w) => /^-[A-Za-z]*a[A-Za-z]*$/.test(w.text) || w.text === "allexport")
  );
}

/** Names an `export`, `declare -x` or `typeset -x` command marks for export. */
function exportedBy(words: readonly Token[]): string[] {
  const first = words[0]?.text;
  const declares = (first === "declare" || first === "typeset") && words.some((w) => /^-[A-Za-z]*x/.test(w.text));
  if (first !== "export" && !declares) return [];
  return words
    .slice(1)
    .filter((w) => !w.text.startsWith("-"))
    .map((w) => ASSIGNMENT.exec(w.text)?.[1] ?? w.text);
}

export default defineRule({
  id: "network/nccl-not-exported",
  category: "network",
  severity: "warning",
  summary: "A container script sets an NCCL variable as a plain shell variable, so NCCL never sees it",
  rationale:
    "In a shell script, `NCCL_SOCKET_IFNAME=eth0` on a line of its own sets a shell variable; only variables marked for export (with `export`, `declare -x`, after `set -a`, or inherited from the container's environment) are passed to the commands the script starts. torchrun, mpirun or python then start without it, NCCL keeps its default (here: it picks an interface by itself), and nothing says so. Written before the command on the same line (`NCCL_DEBUG=INFO torchrun …`) it is passed; on its own line it is not.",
  remediation:
    "Write `export NAME=VALUE`, put the assignment before the command on the same line, or set it in the container's `env`.",
  links: [
    {
      title: "Bash manual: Environment (only exported parameters reach child processes)",
      url: "https://www.gnu.org/software/bash/manual/html_node/Environment.html",
    },
  ],
  examples: {
    valid: [
      {
        title: "exported, set for one command, or exported later",
        yaml: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: train\n        image: x\n        command: [/bin/bash, -c]\n        args:\n        - |\n          export NCCL_DEBUG=WARN\n          NCCL_SOCKET_IFNAME=eth0\n          export NCCL_SOCKET_IFNAME\n          NCCL_ALGO=Ring torchrun --nproc_per_node 8 train.py\n",
      },
      {
        title: "the container's env already exports the name, so the script's assignment is passed on",
        yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: train\n        image: x\n        env: [{name: NCCL_DEBUG, value: WARN}]\n        command: [bash, -c, "NCCL_DEBUG=INFO; torchrun t.py"]\n',
      },
      {
        title: "set -a exports every later assignment",
        yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: train\n        image: x\n        command: [bash, -c, "set -ea; NCCL_DEBUG=INFO; torchrun t.py"]\n',
      },
      {
        title: "a value read back as $NAME is a shell variable on purpose",
        yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: train\n        image: x\n        command: [bash, -c, "NCCL_PORT=29500; torchrun --master-port $NCCL_PORT t.py"]\n',
      },
    ],
    invalid: [
      {
        title: "a plain assignment on its own line",
        yaml: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: train\n        image: x\n        command: [/bin/bash, -c]\n        args:\n        - |\n          NCCL_SOCKET_IFNAME=eth0\n          torchrun --nproc_per_node 8 train.py\n",
        findings: [{ line: 15, column: 11, message: /NCCL_SOCKET_IFNAME=eth0 .*never exported/ }],
      },
    ],
  },
  workload(w, ctx) {
    const r = w.resource;
    const reported = new Set<string>();
    for (const g of w.podGroups) {
      for (const c of g.containers) {
        const { commands } = containerCommands(c);
        if (commands.length < 2) continue; // one command: nothing runs after an assignment
        let allExport = false;
        const exported = new Set<string>();
        const bare: Token[] = [];
        for (const words of commands) {
          if (setsAllExport(words)) allExport = true;
          for (const name of exportedBy(words)) exported.add(name);
          // A command of assignments only: shell variables, unless every assignment is exported.
          if (!allExport && words.length > 0 && words.every((x) => ASSIGNMENT.test(x.text))) bare.push(...words);
        }
        const text = commands.flat().map((x) => x.text);
        for (const a of bare) {
          const name = ASSIGNMENT.exec(a.text)?.[1] as string;
          if (!isNcclFamily(name) || exported.has(name)) continue;
          // A variable the shell inherited from the container's environment is exported already.
          if (effectiveEnv(c, r, ctx.set).has(name)) continue;
          // Read back as $NAME or ${NAME}: a shell variable on purpose (passed as an argument).
          const use = new RegExp(`\\$(\\{)?${name}\\b`);
          if (text.some((t) => use.test(t))) continue;
          const span = r.doc.nodes.find(r.basePath.length === 0 ? a.path : [...r.basePath, ...a.path], a.text);
          const key = `${a.path.join(".")}#${a.text}`;
          if (reported.has(key)) continue;
          reported.add(key);
          ctx.report({
            resource: r,
            path: a.path,
            span,
            message: `${a.text} in container ${c.name ?? "?"} is a shell variable that is never exported: the commands the script starts do not inherit it, so NCCL never sees it and keeps its default; write export ${a.text}`,
          });
        }
      }
    }
  },
});
