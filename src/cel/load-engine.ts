// The CEL engine (engine.ts and @bufbuild/cel under it) costs tens of milliseconds to load, which
// every mlgate run would pay at start-up although most never evaluate CEL. From source (tests,
// tsx scripts) this module imports it as usual; the bundle replaces this file (tsup.config.ts,
// plugin `lazy-cel-engine`) with one that `require`s it, which esbuild turns into a lazy
// initialisation of the bundled engine on the first call.
import * as engine from "./engine.js";

export function loadEngine(): typeof engine {
  return engine;
}
