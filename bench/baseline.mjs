// The benchmark's baseline: read every .yaml file under a directory and parse it with js-yaml 4
// loadAll in one thread — the least any YAML checker must do. With --keep it also keeps every
// document until the end, as a checker that compares resources across files must: the cost of
// holding the parsed set in memory (the garbage collector copies what survives), before any
// positions, model or rules.
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
const keep = process.argv.includes("--keep");
const kept = [];
let docs = 0;
for (const f of walk(process.argv[2], [])) {
  const parsed = yaml.loadAll(readFileSync(f, "utf8"));
  docs += parsed.length;
  if (keep) kept.push(parsed);
}
console.log(`${docs} documents${keep ? `, ${kept.length} files kept` : ""}`);
