import { MLPROJECT_ENV_KEYS } from "../../catalog/lineage.js";
import { isObject } from "../../model/resource.js";
import { dedent } from "../../util/dedent.js";
import { defineRule } from "../types.js";
import { mlproject, mlprojectInvalid } from "./_dvc.js";

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (isObject(v)) return "a mapping";
  return `a ${typeof v}`;
}

export default defineRule({
  id: "reproducibility/mlproject-invalid",
  category: "reproducibility",
  severity: "error",
  summary: "An MLproject that MLflow refuses or cannot run",
  rationale:
    'MLflow reads an MLproject with few checks and fails late: more than one of `conda_env`, `python_env`, `docker_env` is refused ("cannot contain multiple environment fields"); a `docker_env` without `image` is refused; an entry point without `command`, an entry point or `parameters` that is not a mapping, or a parameter that is neither a type name nor a mapping makes `mlflow run` crash on that entry point; a `uri` parameter whose default is not a URI fails every run that leaves it out ("Expected URI for parameter").',
  remediation:
    "Keep one environment key; give every entry point a `command` and its parameters as `name: type` or `name: {type: …, default: …}`.",
  links: [
    { title: "MLflow: specifying projects", url: "https://mlflow.org/docs/latest/ml/projects#specifying-projects" },
    {
      title: "MLflow source: load_project, EntryPoint, Parameter (mlflow/projects/_project_spec.py)",
      url: "https://github.com/mlflow/mlflow/blob/master/mlflow/projects/_project_spec.py",
    },
  ],
  examples: {
    valid: [
      mlproject(
        "a docker environment and typed parameters",
        dedent`
          name: docker-example
          docker_env:
            image: mlflow-docker-example
          entry_points:
            main:
              parameters:
                alpha: float
                tracking: {type: uri, default: "s3://bucket/runs"}
              command: "python train.py --alpha {alpha} --tracking {tracking}"
        `,
      ),
    ],
    invalid: [
      mlprojectInvalid(
        "two environments, an entry point without a command, a uri default that is a path",
        dedent`
          name: wine
          conda_env: conda.yaml
          docker_env:
            image: wine:1.0
          entry_points:
            main:
              parameters:
                data: {type: uri, default: data/wine.csv}
              command: "python train.py {data}"
            validate:
              parameters:
                data: path
        `,
        { "conda.yaml": "dependencies: []\n" },
        [
          { line: 3, column: 1, message: /more than one environment \(conda_env, docker_env\)/ },
          { line: 8, column: 34, message: /default data\/wine\.csv of uri parameter data is not a URI/ },
          { line: 10, column: 3, message: /entry point validate has no command/ },
        ],
      ),
    ],
  },
  set(set, ctx) {
    for (const p of set.mlprojects ?? []) {
      const r = p.resource;
      const v = p.value;
      if (!v) {
        ctx.report({
          resource: r,
          path: [],
          message: `an MLproject must be a mapping; this is ${typeName(p.doc.value)}`,
        });
        continue;
      }
      const envs = MLPROJECT_ENV_KEYS.filter((k) => k in v);
      if (envs.length > 1)
        ctx.report({
          resource: r,
          path: [envs[1] as string],
          at: "key",
          message: `more than one environment (${envs.join(", ")}): MLflow refuses a project that "cannot contain multiple environment fields"`,
        });
      const docker = v.docker_env;
      if (docker !== undefined && !(isObject(docker) && typeof docker.image === "string" && docker.image !== ""))
        ctx.report({
          resource: r,
          path: ["docker_env"],
          message:
            'docker_env has no image: MLflow refuses it ("Docker environment specified but no image attribute found")',
        });
      const eps = v.entry_points;
      if (eps !== undefined && !isObject(eps)) {
        ctx.report({
          resource: r,
          path: ["entry_points"],
          message: `entry_points must be a mapping of names to entry points; this is ${typeName(eps)}`,
        });
        continue;
      }
      for (const [name, ep] of Object.entries(eps ?? {})) {
        const at = ["entry_points", name];
        if (!isObject(ep)) {
          ctx.report({
            resource: r,
            path: at,
            message: `entry point ${name} must be a mapping with a command; this is ${typeName(ep)}: \`mlflow run\` crashes reading it`,
          });
          continue;
        }
        if (typeof ep.command !== "string")
          ctx.report({
            resource: r,
            path: ep.command === undefined ? at : [...at, "command"],
            ...(ep.command === undefined ? { at: "key" as const } : {}),
            message:
              ep.command === undefined
                ? `entry point ${name} has no command: \`mlflow run -e ${name}\` crashes`
                : `the command of entry point ${name} must be a string; this is ${typeName(ep.command)}`,
          });
        const params = ep.parameters;
        if (params !== undefined && params !== null && !isObject(params)) {
          ctx.report({
            resource: r,
            path: [...at, "parameters"],
            message: `parameters of entry point ${name} must be a mapping; this is ${typeName(params)}`,
          });
          continue;
        }
        for (const [pn, pv] of Object.entries(params ?? {})) {
          const pat = [...at, "parameters", pn];
          if (typeof pv !== "string" && !isObject(pv)) {
            ctx.report({
              resource: r,
              path: pat,
              message: `parameter ${pn} must be a type name or a mapping with type and default; this is ${typeName(pv)}`,
            });
            continue;
          }
          if (
            isObject(pv) &&
            pv.type === "uri" &&
            pv.default !== undefined &&
            pv.default !== null &&
            !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(String(pv.default))
          )
            ctx.report({
              resource: r,
              path: [...pat, "default"],
              message: `default ${String(pv.default)} of uri parameter ${pn} is not a URI: every run that leaves it out fails ("Expected URI for parameter ${pn}")`,
            });
        }
      }
    }
  },
});
