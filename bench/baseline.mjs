// The benchmark's baseline: read every .yaml file under a directory and parse it with js-yaml 4
// loadAll in one thread — the least any YAML checker must do.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}
let docs = 0;
for (const f of walk(process.argv[2], [])) docs += yaml.loadAll(readFileSync(f, "utf8")).length;
console.log(`${docs} documents`);
