import { InventoryError } from "../cluster/types.js";
import { ConfigError } from "../config/config.js";
import { EstimateError } from "../estimate/estimate.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake the user can fix (a flag, a path, an input file): one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Errors that describe the user's input, not a bug: printed without a stack, exit 2. */
export function isUserError(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof InventoryError ||
    err instanceof EstimateError
  );
}

/**
 * Runs a subcommand's action: its exit code on success; a user error printed as
 * `mlgate: COMMAND: message` with exit 2. Anything else propagates to runCli as an internal error.
 */
export function runCommand(
  command: string,
  io: { stderr: (s: string) => void },
  setExit: (code: number) => void,
  action: () => number,
): void {
  try {
    setExit(action());
  } catch (err) {
    if (!isUserError(err)) throw err;
    io.stderr(`mlgate: ${command}: ${err.message}\n`);
    setExit(EXIT_USAGE);
  }
}
