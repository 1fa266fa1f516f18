// The images a workload's containers name (parsed by src/model/image.ts). Files starting with `_`
// are not rules.
import { type ImageRef, parseImage } from "../../model/image.js";
import type { Path } from "../../model/path.js";

import { asString } from "../../model/resource.js";
import { perObject } from "../../model/set-index.js";
import type { ContainerView, Workload } from "../../model/workload.js";

export interface ImageUse {
  container: ContainerView;
  image: ImageRef;
  path: Path;
}

/** Every image a workload's containers name, with the path to the `image` field. */
function imagesOfUncached(w: Workload): ImageUse[] {
  const out: ImageUse[] = [];
  for (const g of w.podGroups) {
    for (const c of g.containers) {
      const raw = asString(c.value.image);
      if (raw === undefined) continue;
      const image = parseImage(raw);
      if (image) out.push({ container: c, image, path: [...c.path, "image"] });
    }
  }
  return out;
}

/**
 * Memoised per workload: three rules (image-tag, image-digest, image-registry) ask for the
 * same list. Callers must not mutate what they get back.
 */
export const imagesOf = perObject(imagesOfUncached);
