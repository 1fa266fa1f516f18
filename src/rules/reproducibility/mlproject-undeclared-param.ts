// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these messages and examples is shell syntax, not a JS template

import { formatFields } from "../../model/mlproject.js";
import { findInResource } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { didYouMean } from "../../util/suggest.js";
import { defineRule } from "../types.js";
import { mlproject, mlprojectInvalid } from "./_dvc.js";

export default defineRule({
  id: "reproducibility/mlproject-undeclared-param",
  category: "reproducibility",
  severity: "error",
  summary: "An MLproject command has a {placeholder} that names no parameter of its entry point",
  rationale:
    "MLflow builds an entry point's command with Python's `str.format`, given the entry point's declared parameters (`EntryPoint.compute_command`): a `{name}` no parameter declares raises `KeyError` and `mlflow run` fails before the command starts; a positional `{}` or `{0}` fails the same way. Parameters passed with `-P` but not declared are appended as `--name value`, never substituted. A literal brace (a shell `${VAR}`, a JSON argument) must be doubled: `{{` and `}}`.",
  remediation:
    "Declare the parameter under the entry point's `parameters:` (with a default if it is optional), correct the name, or double a literal brace.",
  links: [
    {
      title: "MLflow: specifying projects (entry points, parameters)",
      url: "https://mlflow.org/docs/latest/ml/projects#specifying-projects",
    },
    {
      title: "MLflow source: EntryPoint.compute_command (mlflow/projects/_project_spec.py)",
      url: "https://github.com/mlflow/mlflow/blob/master/mlflow/projects/_project_spec.py",
    },
  ],
  examples: {
    valid: [
      mlproject(
        "every placeholder declared; literal braces doubled",
        dedent`
          name: wine
          python_env: python_env.yaml
          entry_points:
            main:
              parameters:
                alpha: {type: float, default: 0.5}
                data: path
              command: "python train.py --alpha {alpha} --data {data} --tag {{HOME}}"
        `,
        { "python_env.yaml": "python: '3.11'\n" },
      ),
    ],
    invalid: [
      mlprojectInvalid(
        "a parameter renamed in the command only",
        dedent`
          name: wine
          python_env: python_env.yaml
          entry_points:
            main:
              parameters:
                alpha: {type: float, default: 0.5}
                l1_ratio: {type: float, default: 0.1}
              command: "python train.py {alpha} {l1ratio}"
        `,
        { "python_env.yaml": "python: '3.11'\n" },
        [
          {
            line: 8,
            column: 39,
            message: /\{l1ratio\} names no parameter of entry point main \(did you mean l1_ratio\?\)/,
          },
        ],
      ),
      mlprojectInvalid(
        "a shell variable written with single braces",
        dedent`
          entry_points:
            main:
              command: "python train.py --out \${OUTPUT_DIR}"
        `,
        {},
        [{ line: 3, column: 38, message: /\{OUTPUT_DIR\}.*double the braces/ }],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.mlprojects ?? [])
      for (const ep of p.entryPoints) {
        if (ep.command === undefined) continue;
        const declared = ep.parameters.map((x) => x.name);
        let from = 0;
        for (const f of formatFields(ep.command)) {
          const text = ep.command.slice(f.start, f.end);
          const span = findInResource(p.resource, [...ep.path, "command"], text, from);
          if (span) from = span.end;
          if (declared.includes(f.name)) continue;
          const hint =
            f.name === "" || /^\d+$/.test(f.name)
              ? "a positional field has no value"
              : (() => {
                  const dym = didYouMean(f.name, declared);
                  return dym
                    ? `did you mean ${dym}?`
                    : /^[A-Z_][A-Z0-9_]*$/.test(f.name)
                      ? "for a literal brace (a shell variable), double the braces"
                      : "declare it under parameters";
                })();
          ctx.report({
            resource: p.resource,
            path: [...ep.path, "command"],
            ...(span ? { span } : {}),
            message: `{${f.field}} names no parameter of entry point ${ep.name} (${hint}): MLflow formats the command with the declared parameters and \`mlflow run\` fails with KeyError`,
          });
        }
      }
  },
});
