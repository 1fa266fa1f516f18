import { type Command, Option } from "commander";
import { buildSet } from "../check.js";
import type { Config } from "../config/config.js";
import { DEFAULT_MAX_FILE_SIZE } from "../load/sources.js";
import { problemText, type SourceFile } from "../load/types.js";
import { ALL_RULES } from "../rules/index.js";
import type { AdmissionPolicy } from "../serve/decide.js";
import { type RunningServer, readKeyPair, startServer, TlsFilesError } from "../serve/server.js";
import { readCrds } from "./crds.js";
import { type Extensions, loadExtensions } from "./extensions.js";
import { type CliIo, checkOptionsFrom, EXIT_OK, EXIT_USAGE, loadCliConfig, runCommand, UsageError } from "./usage.js";

interface ServeFlags {
  port: string;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  config?: string;
  policy?: string[];
  crd?: string[];
  dryRun?: boolean;
  kubeVersion?: string;
  pss?: "baseline" | "restricted";
  reloadInterval: string;
  requestTimeout: string;
  maxBufferedBytes: string;
}

function wholeNumber(flag: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw new UsageError(`${flag}: "${v}" is not a whole number from ${min} to ${max}`);
  return n;
}

/** Everything a request is decided with, from the flags and `.mlgate.yaml`; read once at start. */
export function admissionPolicy(
  flags: ServeFlags,
  config: Config,
  ext?: Extensions,
  crdFiles: readonly SourceFile[] = [],
): AdmissionPolicy {
  // The webhook sees one object: a reference to another object is never an error here (the
  // object may well exist in the cluster), whatever --strict-refs would say in a check.
  // Policies given in the configuration or with --policy are evaluated on each object; those
  // installed in the cluster are the API server's to enforce (docs/policies.md).
  const options = {
    ...checkOptionsFrom(flags, config),
    strictRefs: false,
    ...(ext && ext.policies.length > 0 ? { policies: ext.policies } : {}),
  };
  const failOn = config.failOn ?? "error";
  return {
    rules: (ext?.rules ?? ALL_RULES).filter((r) => config.rules[r.id] !== "off"),
    options,
    config,
    denyAt: failOn,
    audit: !!flags.dryRun,
    skipNamespaces: new Set(config.serve.skipNamespaces),
    skipKinds: new Set(config.serve.skipKinds),
    ...(crdFiles.length > 0 ? { crdFiles } : {}),
  };
}

/**
 * `--crd` and `crds:`, read once at start. A CRD file that does not parse would be a finding on
 * every request, so it stops the server before it listens.
 */
function serveCrds(flags: ServeFlags, config: Config, io: CliIo): SourceFile[] {
  const files = readCrds([...(flags.crd ?? []), ...config.crds], io, DEFAULT_MAX_FILE_SIZE);
  const problems = buildSet([], files).problems;
  if (problems.length > 0) throw new UsageError(problems.map((p) => `--crd ${problemText(p)}`).join("\n"));
  return files;
}

function serve(flags: ServeFlags, io: CliIo): number {
  if (!flags.tlsCert || !flags.tlsKey) {
    throw new UsageError(
      "serve: give --tls-cert FILE and --tls-key FILE (the API server only calls webhooks over HTTPS)",
    );
  }
  const port = wholeNumber("--port", flags.port, 0, 65535);
  const reloadIntervalMs = wholeNumber("--reload-interval", flags.reloadInterval, 1);
  const requestTimeoutMs = wholeNumber("--request-timeout", flags.requestTimeout, 1);
  const maxBufferedBytes = wholeNumber("--max-buffered-bytes", flags.maxBufferedBytes, 1);
  const { config, configPath } = loadCliConfig(flags.config, io.cwd);
  const policy = admissionPolicy(
    flags,
    config,
    loadExtensions(config, configPath, flags.policy ?? [], io.cwd),
    serveCrds(flags, config, io),
  );
  try {
    readKeyPair(flags.tlsCert, flags.tlsKey);
  } catch (err) {
    if (err instanceof TlsFilesError) throw new UsageError(err.message);
    throw err;
  }
  const log = (entry: Record<string, unknown>) =>
    io.stderr(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  // Kubernetes sends SIGTERM, waits terminationGracePeriodSeconds, then SIGKILL: stop being
  // ready, answer what is in flight, and exit. Installed before listening, so no signal is missed.
  let running: RunningServer | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ level: "info", msg: "shutting down", signal });
    if (!running) process.exit(EXIT_OK);
    else running.close().then(() => process.exit(EXIT_OK));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  startServer({
    host: flags.host,
    port,
    certFile: flags.tlsCert,
    keyFile: flags.tlsKey,
    policy,
    reloadIntervalMs,
    requestTimeoutMs,
    maxBufferedBytes,
    log,
  }).then(
    (server) => {
      running = server;
      log({
        level: "info",
        msg: "listening",
        url: `https://${flags.host}:${server.port}/validate`,
        rules: policy.rules.length,
        mode: policy.audit ? "dry-run (audit: allows everything)" : `deny at ${policy.denyAt}`,
        ...(configPath ? { config: configPath } : {}),
      });
    },
    (err: NodeJS.ErrnoException) => {
      io.stderr(`mlgate: serve: cannot listen on ${flags.host}:${port}: ${err.message}\n`);
      process.exit(EXIT_USAGE);
    },
  );
  return EXIT_OK;
}

export function registerServe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("serve")
    .description(
      "run as a Kubernetes validating admission webhook: POST /validate (AdmissionReview v1), /healthz, /readyz, /metrics (docs/serve.md)",
    )
    .option("--port <port>", "HTTPS port (0: any free port, printed in the log)", "8443")
    .option("--host <address>", "address to listen on", "0.0.0.0")
    .option("--tls-cert <file>", "PEM certificate (reloaded when the file changes); required")
    .option("--tls-key <file>", "PEM private key (reloaded when the file changes); required")
    .option("-c, --config <file>", "configuration file (default: .mlgate.yaml found upward from the working directory)")
    .option(
      "--policy <path>",
      "ValidatingAdmissionPolicy file or directory to evaluate on each object (repeatable; installed policies are the API server's)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      "--crd <path>",
      "a CustomResourceDefinition file or directory whose kinds validate the admitted objects: fields, types, enums, required fields, x-kubernetes-validations (CEL) (repeatable; also crds: in .mlgate.yaml; read once at start)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--dry-run", "audit: allow everything, return what would be denied as warnings, and count it in /metrics")
    .option(
      "--kube-version <version>",
      "target Kubernetes version: removed APIs, and the schema built-in kinds are validated against",
    )
    .addOption(
      new Option("--pss <level>", "Pod Security Standards level the security rules check (default: baseline)").choices([
        "baseline",
        "restricted",
      ]),
    )
    .option("--reload-interval <ms>", "how often to look for a new certificate and key", "5000")
    .option("--request-timeout <ms>", "close a connection whose request has not arrived whole in this time", "10000")
    .option(
      "--max-buffered-bytes <bytes>",
      "request bodies held at once over all connections; past it, requests get 503",
      String(64 * 1024 * 1024),
    )
    .action((flags: ServeFlags) => runCommand("serve", io, setExit, () => serve(flags, io)));
}
