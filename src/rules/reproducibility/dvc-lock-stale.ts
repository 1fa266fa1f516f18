// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is DVC's templating syntax, not a JS template

import { normalizePath } from "../../load/tree.js";
import { paramValue } from "../../model/dvc.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvcInvalid, dvc as dvcValid, reportRef } from "./_dvc.js";

const show = (cmd: readonly string[]) => cmd.join(" && ");

export default defineRule({
  id: "reproducibility/dvc-lock-stale",
  category: "reproducibility",
  severity: "warning",
  summary: "dvc.lock does not match dvc.yaml: a stage changed, added or removed since the pipeline last ran",
  rationale:
    "dvc.lock records, for each stage, the command, dependencies and outputs of its last run with their hashes; the outputs, metrics and models committed with it (and pushed to the remote) are what that run produced. When dvc.yaml is edited without rerunning, the two disagree: `dvc status` reports the stage changed and `dvc repro` reruns it, but until then what the repository holds was made by another command than the one it shows, and `dvc pull` fetches outputs of a stage definition that no longer exists. DVC itself does not fail, so nothing stops the change; a stage with no lock entry has never been run (or its entry was not committed), and `dvc pull` cannot fetch its outputs. A lock entry whose stage is gone is left over (info): DVC ignores it.",
  remediation:
    "Run `dvc repro` (or `dvc commit` when the outputs are already up to date) and commit dvc.lock with the change.",
  links: [
    { title: "DVC: dvc.lock file", url: "https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#dvclock-file" },
    { title: "DVC: dvc status (changed command, deps, outs)", url: "https://dvc.org/doc/command-reference/status" },
  ],
  examples: {
    valid: [
      dvcValid(
        "the lock matches (foreach members by their generated names)",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              outs: [model.pkl]
            fit:
              foreach: [eu, us]
              do:
                cmd: python fit.py \${item}
                outs:
                  - fit-\${item}.pkl
        `,
        {
          "train.py": "",
          "fit.py": "",
          "dvc.lock": dedent`
            schema: '2.0'
            stages:
              train:
                cmd: python train.py
                deps:
                - path: train.py
                  md5: 6d0a9a5e7b4b0b6f4e2b6a0c2a1e3f4d
                outs:
                - path: model.pkl
                  md5: 0c1f7a1c8c9c1e3b5b8f2d6e4a7c9b1d
              fit@eu:
                cmd: python fit.py eu
                outs:
                - path: fit-eu.pkl
                  md5: 1e0b5a9c3d7f2e6a8b4c0d1f9e3a7b5c
              fit@us:
                cmd: python fit.py us
                outs:
                - path: fit-us.pkl
                  md5: 2f1c6b0d4e8a3f7b9c5d1e2a0f4b8c6d
          `,
        },
      ),
    ],
    invalid: [
      dvcInvalid(
        "the command changed, a stage was added and one removed without running the pipeline",
        dedent`
          stages:
            train:
              cmd: python train.py --epochs 20
              deps: [train.py]
              outs: [model.pkl]
            evaluate:
              cmd: python evaluate.py
              deps: [evaluate.py, model.pkl]
              metrics:
                - metrics.json:
                    cache: false
        `,
        {
          "train.py": "",
          "evaluate.py": "",
          "dvc.lock": dedent`
            schema: '2.0'
            stages:
              train:
                cmd: python train.py --epochs 10
                deps:
                - path: train.py
                  md5: 6d0a9a5e7b4b0b6f4e2b6a0c2a1e3f4d
                outs:
                - path: model.pkl
                  md5: 0c1f7a1c8c9c1e3b5b8f2d6e4a7c9b1d
              tune:
                cmd: python tune.py
          `,
        },
        [
          { line: 11, column: 3, severity: "info", message: /entry for stage tune, which dvc\.yaml no longer defines/ },
          {
            line: 3,
            column: 10,
            message: /command of stage train differs from dvc\.lock \(python train\.py --epochs 10\)/,
          },
          { line: 6, column: 3, message: /stage evaluate has no entry in dvc\.lock/ },
        ],
      ),
      dvcInvalid(
        "a parameter changed in params.yaml and a dependency added, without rerunning",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps:
                - train.py
                - data/extra.csv
              params:
                - train.lr
              outs:
                - model.pkl
        `,
        {
          "train.py": "",
          "data/extra.csv": "",
          "params.yaml": "train:\n  lr: 0.02\n",
          "dvc.lock": dedent`
            schema: '2.0'
            stages:
              train:
                cmd: python train.py
                deps:
                - path: train.py
                  md5: 6d0a9a5e7b4b0b6f4e2b6a0c2a1e3f4d
                params:
                  params.yaml:
                    train.lr: 0.01
                outs:
                - path: model.pkl
                  md5: 0c1f7a1c8c9c1e3b5b8f2d6e4a7c9b1d
          `,
        },
        [
          { line: 6, column: 9, message: /dependency data\/extra\.csv of stage train is not in dvc\.lock/ },
          { line: 8, column: 9, message: /parameter train\.lr is 0\.02 in params\.yaml but 0\.01 in dvc\.lock/ },
        ],
      ),
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d) return;
    for (const p of d.pipelines) {
      const lock = p.lock;
      if (!lock) continue;
      const unresolvedGroups = new Set(p.stages.filter((s) => s.name.endsWith("@…")).map((s) => s.group));
      const names = new Set(p.stages.map((s) => s.name));
      for (const stage of p.stages) {
        if (stage.name.endsWith("@…")) continue;
        const entry = lock.stages.get(stage.name);
        if (!entry) {
          ctx.report({
            resource: stage.group ? p.resource : stage.resource,
            path: stage.group ? ["stages", stage.group] : [],
            at: "key",
            message: `stage ${stage.name} has no entry in dvc.lock: it has not run since it was added (or its lock entry was not committed), so its outputs cannot be pulled and nothing records what produced them`,
          });
          continue;
        }
        const recorded = new Set([...entry.deps, ...entry.outs].map((x) => normalizePath(x)));
        for (const ref of [...stage.deps, ...stage.outs]) {
          if (ref.path === undefined || recorded.has(normalizePath(ref.raw))) continue;
          reportRef(
            ctx,
            stage,
            ref,
            `${ref.kind === "dep" ? "dependency" : "output"} ${ref.raw} of stage ${stage.name} is not in dvc.lock: the stage changed since it last ran, and what the lock records was made without it`,
          );
        }
        for (const prm of stage.params) {
          if (prm.key === undefined) continue;
          const values = entry.params.get(prm.fileRaw);
          if (!values) continue;
          const file = d.params(prm.file);
          const now = file.known ? paramValue(file.value, prm.key) : undefined;
          if (!Object.hasOwn(values, prm.key))
            ctx.report({
              resource: stage.resource,
              path: prm.at,
              message: `parameter ${prm.key} of stage ${stage.name} is not in dvc.lock: it was added (or renamed) since the stage last ran`,
            });
          else if (now !== undefined && JSON.stringify(now.value) !== JSON.stringify(values[prm.key]))
            ctx.report({
              resource: stage.resource,
              path: prm.at,
              message: `parameter ${prm.key} is ${JSON.stringify(now.value)} in ${prm.fileRaw} but ${JSON.stringify(values[prm.key])} in dvc.lock: the committed outputs and metrics of stage ${stage.name} were made with the old value`,
            });
        }
        if (stage.cmd && entry.cmd && show(stage.cmd) !== show(entry.cmd)) {
          const cmdPath = typeof stage.resource.value.cmd === "string" || stage.cmd.length !== 1 ? ["cmd"] : ["cmd", 0];
          ctx.report({
            resource: stage.resource,
            path: cmdPath,
            message: `the command of stage ${stage.name} differs from dvc.lock (${show(entry.cmd)}): the outputs and metrics committed were made by the old command; \`dvc repro\` and commit dvc.lock`,
          });
        }
      }
      for (const entry of lock.stages.values()) {
        if (names.has(entry.name)) continue;
        const group = entry.name.includes("@") ? entry.name.slice(0, entry.name.lastIndexOf("@")) : undefined;
        if (group !== undefined && unresolvedGroups.has(group)) continue;
        ctx.report({
          resource: lock.resource,
          path: entry.path,
          at: "key",
          severity: "info",
          message: `dvc.lock has an entry for stage ${entry.name}, which dvc.yaml no longer defines: left over, DVC ignores it`,
        });
      }
    }
  },
});
