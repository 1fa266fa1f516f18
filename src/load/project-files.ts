// Files of ML projects recognised by name, as their tools find them: DVC's pipeline, lock and
// `.dvc` files, and MLflow's MLproject. The walker reads them whatever their extension
// (sources.ts); the DVC and MLflow models read what they hold (src/model/dvc.ts, mlproject.ts).

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** What a file is to DVC, by its name: `dvc.yaml` (DVC reads no other spelling), `dvc.lock`, `*.dvc`. */
export function dvcFileKind(path: string): "pipeline" | "lock" | "tracked" | undefined {
  const base = baseName(path);
  if (base === "dvc.yaml") return "pipeline";
  if (base === "dvc.lock") return "lock";
  if (base.endsWith(".dvc") && base !== ".dvc") return "tracked";
  return undefined;
}

/** MLflow finds its project file by name, in any letter case (`_find_mlproject`). */
export function isMlprojectPath(path: string): boolean {
  return baseName(path).toLowerCase() === "mlproject";
}

/** A project file whose directory is listed when it is named on its own: its dependencies are looked for there. */
export function isProjectRoot(path: string): boolean {
  return dvcFileKind(path) === "pipeline" || isMlprojectPath(path);
}
