/** The I/O edge of the cluster stage: reads `--cluster` and `--pods` files. */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseInventory, withRunningPods } from "./inventory.js";
import { type ClusterInventory, InventoryError } from "./types.js";

/** Inventories larger than this are refused: a 5,000-node NodeList with GFD labels is ~100 MiB. */
const MAX_INVENTORY_BYTES = 512 * 2 ** 20;

function readText(file: string, cwd: string, flag: string): string {
  const path = resolve(cwd, file);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InventoryError(`${flag} ${file}: not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof InventoryError) throw err;
    throw new InventoryError(`${flag} ${file}: no such file`);
  }
  if (size > MAX_INVENTORY_BYTES) throw new InventoryError(`${flag} ${file}: larger than ${MAX_INVENTORY_BYTES} bytes`);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new InventoryError(`${flag} ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** Reads the node inventory and, when given, the running pods. Throws InventoryError naming the file. */
export function readInventory(clusterFile: string, podsFile: string | undefined, cwd: string): ClusterInventory {
  const inv = parseInventory(readText(clusterFile, cwd, "--cluster"), clusterFile);
  if (podsFile === undefined) return inv;
  return withRunningPods(inv, readText(podsFile, cwd, "--pods"), podsFile);
}
