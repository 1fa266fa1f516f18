/**
 * What a credential looks like, as data. Each pattern matches a value on its own (the token's
 * documented prefix and length); `SECRET_NAME` matches variable names that say they hold one.
 *
 * Sources, read 2026-11-29:
 * - Hugging Face user access tokens `hf_` + 34 letters: https://huggingface.co/docs/hub/security-tokens
 * - OpenAI API keys `sk-…`, project keys `sk-proj-…`: https://platform.openai.com/docs/api-reference/authentication
 * - Anthropic API keys `sk-ant-…`: https://docs.anthropic.com/en/api/overview
 * - AWS access key ids `AKIA`/`ASIA` + 16: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 * - GitHub tokens `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 * - Weights & Biases API keys are 40 hex characters (read from WANDB_API_KEY): https://docs.wandb.ai/guides/track/environment-variables/
 * - Slack tokens `xox[baprs]-`: https://api.slack.com/authentication/token-types
 * - Google API keys `AIza` + 35: https://cloud.google.com/docs/authentication/api-keys
 * - PEM private keys: RFC 7468 §10-11.
 */

export interface SecretPattern {
  id: string;
  /** What the user is told the value looks like. */
  what: string;
  pattern: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { id: "private-key", what: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { id: "huggingface", what: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { id: "anthropic", what: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { id: "openai", what: "an OpenAI-style API key", pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { id: "aws-access-key", what: "an AWS access key id", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { id: "github", what: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { id: "slack", what: "a Slack token", pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { id: "google-api-key", what: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
];

/** Variables whose name says they hold a credential. */
export const SECRET_NAME =
  /(?:TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(?:_|$)/i;

/** Names that match SECRET_NAME but hold no credential (a path, a switch, a size, a key's id). */
export const NOT_SECRET_NAME =
  /(?:_(?:FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|PORT|NAME|ID|TYPE|MODE|LENGTH|LEN|LIMIT|SIZE|TTL|EXPIRY|EXPIRATION|HEADER|REF|KEY_ID|ENABLED|DISABLED|REQUIRED)$|^(?:MAX|NUM|MIN)_.*TOKENS?$|TOKENIZER|TOKENS$)/i;

/** Variables whose value is a key by convention, whatever it looks like (W&B keys are bare hex). */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  "WANDB_API_KEY",
  "HF_TOKEN",
  "HUGGING_FACE_HUB_TOKEN",
  "HUGGINGFACE_TOKEN",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "COMET_API_KEY",
  "NEPTUNE_API_TOKEN",
  "MLFLOW_TRACKING_PASSWORD",
  "MLFLOW_TRACKING_TOKEN",
  "NGC_API_KEY",
  "KAGGLE_KEY",
]);

/**
 * Values that are obviously not a credential even under a secret-sounding name: empty,
 * placeholders, references to other variables or templates, booleans and small numbers.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  if (/^\$\(?\{?[A-Za-z_][A-Za-z0-9_]*\}?\)?$/.test(v)) return true; // $(VAR), ${VAR}
  if (/\{\{.*\}\}|\$\{\{/.test(v)) return true; // templates
  if (
    /^(?:true|false|yes|no|none|null|changeme|change-me|changeit|password|secret|token|example|dummy|test|xxx+|\*+|<[^>]*>|your[-_].*|replace[-_].*)$/i.test(
      v,
    )
  )
    return true;
  if (/^\/[^\s]*$/.test(v) || /^[a-z]+:\/\/[^@\s]*$/i.test(v)) return true; // a path or a URL without userinfo
  return false;
}

/**
 * A literal every pattern above needs somewhere in a match (its prefix). Nearly all values hold
 * none, and one scan for them is much cheaper than eight regexes over every env value, command
 * and script. Keep it in step with SECRET_PATTERNS.
 */
const ANY_SECRET_PREFIX = /PRIVATE KEY|hf_|sk-|AKIA|ASIA|gh[pousr]_|github_pat_|xox[baprs]-|AIza/;

/** Which credential pattern a value matches, if any. */
export function matchSecret(value: string): SecretPattern | undefined {
  if (!ANY_SECRET_PREFIX.test(value)) return undefined;
  return SECRET_PATTERNS.find((p) => p.pattern.test(value));
}
