import type { DvcPathRef, DvcStage } from "../../model/dvc.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { dvcInvalid, dvc as dvcValid, overlaps, reportRef, stagesOf } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/dvc-cycle",
  category: "reproducibility",
  severity: "error",
  summary: "DVC stages depend on each other's outputs in a cycle (or a stage on its own output)",
  rationale:
    "DVC builds one graph of every stage of the repository, an edge from each stage to the stages whose outputs its dependencies overlap (the same path, a file inside an output directory, or a directory holding an output), and refuses a graph with a cycle (`CyclicGraphError`) before it runs anything: every `dvc repro`, `dvc status` and `dvc dag` of the repository fails. A stage whose dependency is its own output (or overlaps it) is a cycle of one (`CircularDependencyError`).",
  remediation:
    "Break the cycle: write the updated data to a new path (a stage that reads `data/clean.csv` and writes `data/clean.csv` should write `data/clean_v2.csv`), or merge the stages.",
  links: [
    { title: "DVC: dvc dag (the stage graph)", url: "https://dvc.org/doc/command-reference/dag" },
    {
      title: "DVC source: build_graph and check_acyclic (dvc/repo/graph.py)",
      url: "https://github.com/treeverse/dvc/blob/main/dvc/repo/graph.py",
    },
  ],
  examples: {
    valid: [
      dvcValid(
        "a chain: prepare → featurize → train",
        dedent`
          stages:
            prepare:
              cmd: python prepare.py
              deps: [prepare.py]
              outs: [data/prepared]
            featurize:
              cmd: python featurize.py
              deps: [featurize.py, data/prepared]
              outs: [data/features]
            train:
              cmd: python train.py
              deps: [train.py, data/features]
              outs: [model.pkl]
        `,
        { "prepare.py": "", "featurize.py": "", "train.py": "" },
      ),
    ],
    invalid: [
      dvcInvalid(
        "evaluate writes the file train reads",
        dedent`
          stages:
            train:
              cmd: python train.py
              deps:
                - train.py
                - eval/threshold.json
              outs:
                - model.pkl
            evaluate:
              cmd: python evaluate.py
              deps:
                - evaluate.py
                - model.pkl
              outs:
                - eval
        `,
        { "train.py": "", "evaluate.py": "" },
        [{ line: 6, column: 9, message: /cycle: train → evaluate → train/ }],
      ),
      dvcInvalid(
        "a stage that cleans a file in place",
        dedent`
          stages:
            clean:
              cmd: python clean.py data/raw.csv
              deps:
                - clean.py
                - data/raw.csv
              outs:
                - data/raw.csv
        `,
        { "clean.py": "" },
        [{ line: 6, column: 9, message: /its own output data\/raw\.csv/ }],
      ),
    ],
  },
  set(set, ctx) {
    const d = set.dvc;
    if (!d) return;
    const stages = stagesOf(d);
    // Edges: stage → the stages whose outputs one of its dependencies overlaps.
    const edges = new Map<DvcStage, Array<{ to: DvcStage; dep: DvcPathRef; out: DvcPathRef }>>();
    for (const s of stages) {
      const list: Array<{ to: DvcStage; dep: DvcPathRef; out: DvcPathRef }> = [];
      for (const dep of s.deps) {
        if (dep.path === undefined) continue;
        for (const t of stages)
          for (const out of t.outs)
            if (out.path !== undefined && overlaps(dep.path, out.path)) list.push({ to: t, dep, out });
      }
      edges.set(s, list);
    }
    // A stage on its own output: reported at the dependency.
    for (const s of stages)
      for (const e of edges.get(s) ?? [])
        if (e.to === s)
          reportRef(
            ctx,
            s,
            e.dep,
            `stage ${s.name} depends on its own output ${e.out.raw}: DVC refuses a stage whose dependency is its output (a cycle of one)`,
          );
    // Longer cycles: Tarjan's strongly connected components; each reported once, at its first stage's edge into it.
    let index = 0;
    const idx = new Map<DvcStage, number>();
    const low = new Map<DvcStage, number>();
    const onStack = new Set<DvcStage>();
    const stack: DvcStage[] = [];
    const components: DvcStage[][] = [];
    const visit = (v: DvcStage) => {
      idx.set(v, index);
      low.set(v, index);
      index++;
      stack.push(v);
      onStack.add(v);
      for (const { to } of edges.get(v) ?? []) {
        if (to === v) continue;
        if (!idx.has(to)) {
          visit(to);
          low.set(v, Math.min(low.get(v) as number, low.get(to) as number));
        } else if (onStack.has(to)) low.set(v, Math.min(low.get(v) as number, idx.get(to) as number));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: DvcStage[] = [];
        let w: DvcStage | undefined;
        do {
          w = stack.pop() as DvcStage;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) components.push(comp);
      }
    };
    for (const s of stages) if (!idx.has(s)) visit(s);
    for (const comp of components) {
      const members = new Set(comp);
      const first = stages.find((s) => members.has(s)) as DvcStage;
      // The shortest way round from the first stage back to it, inside the component.
      const prev = new Map<DvcStage, DvcStage>();
      const queue: DvcStage[] = [first];
      let closing: DvcStage | undefined;
      while (queue.length > 0 && !closing) {
        const cur = queue.shift() as DvcStage;
        for (const e of edges.get(cur) ?? []) {
          if (!members.has(e.to) || e.to === cur) continue;
          if (e.to === first) {
            closing = cur;
            break;
          }
          if (!prev.has(e.to)) {
            prev.set(e.to, cur);
            queue.push(e.to);
          }
        }
      }
      const path: DvcStage[] = [first];
      for (let c = closing; c && c !== first; c = prev.get(c)) path.splice(1, 0, c);
      path.push(first);
      const edge = (edges.get(first) ?? []).find((e) => e.to === path[1]);
      if (!edge) continue;
      reportRef(
        ctx,
        first,
        edge.dep,
        `cycle: ${path.map((s) => s.name).join(" → ")}: DVC refuses a pipeline whose stages depend on each other's outputs, so no stage of it runs`,
      );
    }
  },
});
