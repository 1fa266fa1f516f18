// `mlgate check --jobs N`: the check on worker threads when it pays, synchronous all the same.
import { availableParallelism } from "node:os";
import type { CheckRequest } from "../check.js";
import { check } from "../check.js";
import { checkWith, type ParallelRun } from "./check.js";
import { threadShards, workerScript } from "./pool.js";

export {
  checkSharded,
  checkWith,
  inThreadShards,
  notSplittable,
  type ParallelRun,
  partition,
  type Shards,
} from "./check.js";

/** The most workers the default uses: 16-core measurements gained nothing past 8 (docs/ARCHITECTURE.md). */
export const MAX_DEFAULT_JOBS = 8;
/** Fewer cores than this, and the default is one thread: measured slower on 2 cores (README, Performance). */
export const MIN_CORES = 4;
/** Less input than this (characters) and the default is one thread: starting workers costs more than they save. */
export const MIN_PARALLEL_CHARS = 4_000_000;

/** The default `--jobs`: the available cores, capped, and 1 on few cores or small inputs. */
export function defaultJobs(req: Pick<CheckRequest, "files">, cores = availableParallelism()): number {
  if (cores < MIN_CORES) return 1;
  const chars = req.files.reduce((n, f) => n + f.text.length, 0);
  if (chars < MIN_PARALLEL_CHARS) return 1;
  return Math.min(cores, MAX_DEFAULT_JOBS);
}

/**
 * `check(req)` on `jobs` worker threads (the default when undefined), with the same result byte
 * for byte. Runs in this thread when one job is asked for, the request cannot be split, or the
 * built worker entry is missing (running from source).
 */
export function checkParallel(req: CheckRequest, jobs: number = defaultJobs(req)): ParallelRun {
  const script = workerScript();
  if (!script && jobs > 1)
    return { result: check(req), workers: 0, why: "no built worker entry (running from source)" };
  return checkWith(req, jobs, (count) => threadShards(count, script as URL));
}
