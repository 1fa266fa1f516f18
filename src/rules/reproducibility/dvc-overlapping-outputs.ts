import type { DvcPathRef, DvcStage } from "../../model/dvc.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvcInvalid, dvc as dvcValid, isWithin, reportRef, stageName, stagesOf } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/dvc-overlapping-outputs",
  category: "reproducibility",
  severity: "error",
  summary: "Two DVC outputs are the same path, or one lies inside another's output directory",
  rationale:
    "DVC caches each output as a whole and keeps one owner per path. When it builds the repository's stage graph it refuses two outputs with the same path (`OutputDuplicationError`) and an output inside another output's directory (`OverlappingOutputPathsError`: \"overlap and are thus in the same tracked directory\"), whether the two belong to two stages, to one stage, or to a stage and a `.dvc` file; outputs, metrics and plots all count. Until it is fixed, every `dvc repro`, `dvc status` and `dvc push` of the repository fails.",
  remediation:
    "Give each output its own path: write the second file elsewhere, list the files of a directory individually instead of the directory, or make one stage produce both.",
  links: [
    {
      title: "DVC: dvc.yaml outputs",
      url: "https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#output-subfields",
    },
    {
      title: "DVC source: build_outs_trie (dvc/repo/trie.py)",
      url: "https://github.com/treeverse/dvc/blob/main/dvc/repo/trie.py",
    },
  ],
  examples: {
    valid: [
      dvcValid(
        "outputs side by side, metrics outside the output directory",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              outs:
                - models/model.pkl
              metrics:
                - metrics/train.json:
                    cache: false
            evaluate:
              cmd: python evaluate.py
              deps: [evaluate.py, models/model.pkl]
              outs:
                - eval/plots
              metrics:
                - metrics/eval.json:
                    cache: false
        `,
        { "train.py": "", "evaluate.py": "" },
      ),
    ],
    invalid: [
      dvcInvalid(
        "two stages write the same file",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py]
              outs:
                - model.pkl
            tune:
              cmd: python tune.py
              deps: [tune.py]
              outs:
                - model.pkl
        `,
        { "train.py": "", "tune.py": "" },
        [{ line: 11, column: 9, message: /model\.pkl is also an output of stage train/ }],
      ),
      dvcInvalid(
        "a metrics file inside another stage's output directory",
        dedent`
          stages:
            evaluate:
              cmd: python evaluate.py
              deps: [evaluate.py]
              outs:
                - eval
            report:
              cmd: python report.py
              deps: [report.py]
              metrics:
                - eval/metrics.json:
                    cache: false
        `,
        { "evaluate.py": "", "report.py": "" },
        [{ line: 11, column: 9, message: /eval\/metrics\.json lies inside eval, an output of stage evaluate/ }],
      ),
      dvcInvalid(
        "a .dvc file tracks a file inside a directory another .dvc file tracks",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps: [train.py, data/raw]
              outs: [model.pkl]
        `,
        {
          "train.py": "",
          "data/raw.dvc": "outs:\n- md5: 3a1f0c2e5b7d9a4c6e8f0b1d2c3a4e5f.dir\n  path: raw\n",
          "data/raw/extra.csv.dvc": "outs:\n- md5: 9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f\n  path: extra.csv\n",
        },
        [{ line: 3, column: 9, message: /extra\.csv lies inside raw, an output of the \.dvc file data\/raw\.dvc/ }],
      ),
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d) return;
    type Owner = { stage: DvcStage | undefined; where: string; out: DvcPathRef };
    const seen: Owner[] = [];
    const clashWith = (p: string) =>
      seen.find((o) => o.out.path !== undefined && (isWithin(p, o.out.path) || isWithin(o.out.path, p)));
    const messageOf = (out: DvcPathRef, p: string, clash: Owner, owner: string) => {
      const other = clash.out.path as string;
      return other === p
        ? `${out.raw} is also an output of ${owner}: DVC refuses two outputs with one path`
        : isWithin(p, other)
          ? `${out.raw} lies inside ${clash.out.raw}, an output of ${owner}: DVC refuses outputs that overlap`
          : `${out.raw} holds ${clash.out.raw}, an output of ${owner}: DVC refuses outputs that overlap`;
    };
    // .dvc files first (DVC builds one outputs trie of every stage and .dvc file), then the stages.
    for (const t of d.tracked)
      for (const out of t.outs) {
        const p = out.path;
        if (p === undefined) continue;
        const clash = clashWith(p);
        if (clash) ctx.report({ resource: t.resource, path: out.at, message: messageOf(out, p, clash, clash.where) });
        seen.push({ stage: undefined, where: `the .dvc file ${t.resource.doc.file.path}`, out });
      }
    for (const stage of stagesOf(d)) {
      for (const out of stage.outs) {
        const p = out.path;
        if (p === undefined) continue;
        const clash = clashWith(p);
        if (clash) {
          const owner = clash.stage
            ? clash.stage === stage
              ? "this stage"
              : `stage ${stageName(clash.stage, d)}`
            : clash.where;
          reportRef(ctx, stage, out, messageOf(out, p, clash, owner));
        }
        seen.push({ stage, where: stage.name, out });
      }
    }
  },
});
