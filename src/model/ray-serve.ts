import yaml from "js-yaml";
import { asString, getIn, type Resource } from "./resource.js";
import { perObject } from "./set-index.js";

/**
 * A RayService's Ray Serve configuration (`spec.serveConfigV2`, a YAML document in a string), parsed
 * once per run: the serving model reads its `llm_configs`, the reproducibility rules its
 * applications' `runtime_env`. Undefined when the resource has none or it is not YAML.
 */
export const rayServeConfig = perObject((r: Resource): unknown => {
  if (r.group !== "ray.io" || r.kind !== "RayService") return undefined;
  const text = asString(getIn(r.value, ["spec", "serveConfigV2"]));
  if (!text) return undefined;
  try {
    return yaml.load(text);
  } catch {
    return undefined;
  }
});
