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
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d) return;
    const seen: Array<{ stage: DvcStage | undefined; where: string; out: DvcPathRef }> = [];
    for (const t of d.tracked)
      for (const out of t.outs)
        if (out.path !== undefined)
          seen.push({ stage: undefined, where: `the .dvc file ${t.resource.doc.file.path}`, out });
    for (const stage of stagesOf(d)) {
      for (const out of stage.outs) {
        const p = out.path;
        if (p === undefined) continue;
        const clash = seen.find(
          (o) => o.out.path !== undefined && (isWithin(p, o.out.path) || isWithin(o.out.path, p)),
        );
        if (clash) {
          const owner = clash.stage
            ? clash.stage === stage
              ? "this stage"
              : `stage ${stageName(clash.stage, d)}`
            : clash.where;
          const other = clash.out.path as string;
          const message =
            other === p
              ? `${out.raw} is also an output of ${owner}: DVC refuses two outputs with one path`
              : isWithin(p, other)
                ? `${out.raw} lies inside ${clash.out.raw}, an output of ${owner}: DVC refuses outputs that overlap`
                : `${out.raw} holds ${clash.out.raw}, an output of ${owner}: DVC refuses outputs that overlap`;
          reportRef(ctx, stage, out, message);
        }
        seen.push({ stage, where: stage.name, out });
      }
    }
  },
});
