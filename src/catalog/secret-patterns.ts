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
 *
 * Added 2026-12-04 (issue 20):
 * - GitLab token prefixes (`glpat-` personal/project/group access tokens, `gldt-` deploy tokens,
 *   `glrt-` runner authentication tokens, `glptt-` pipeline trigger tokens, `GR1348941` runner
 *   registration tokens): https://docs.gitlab.com/security/tokens/#token-prefixes
 * - Slack app-level tokens `xapp-` and incoming webhook URLs `https://hooks.slack.com/services/T…/B…/…`:
 *   https://api.slack.com/authentication/token-types, https://api.slack.com/messaging/webhooks
 * - Google Cloud service-account key files: JSON with `"type": "service_account"` and a PEM
 *   `"private_key"` (gcloud iam service-accounts keys create, key file type json):
 *   https://cloud.google.com/iam/docs/keys-create-delete
 * - NVIDIA API catalog keys `nvapi-…` (build.nvidia.com, NGC): https://docs.api.nvidia.com/nim/docs/api-quickstart
 * - Anthropic API keys `sk-ant-api03-…`, admin keys `sk-ant-admin01-…`: https://docs.anthropic.com/en/api/admin-api
 */

export interface SecretPattern {
  id: string;
  /** What the user is told the value looks like. */
  what: string;
  pattern: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    id: "gcp-service-account",
    what: "a Google Cloud service-account key",
    pattern: /"type"\s*:\s*"service_account"[\s\S]*"private_key"\s*:\s*"-----BEGIN/,
  },
  { id: "private-key", what: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { id: "huggingface", what: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { id: "anthropic", what: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { id: "openai", what: "an OpenAI-style API key", pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { id: "aws-access-key", what: "an AWS access key id", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { id: "github", what: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { id: "slack", what: "a Slack token", pattern: /\b(?:xox[baprse]|xapp)-[A-Za-z0-9-]{10,}/ },
  {
    id: "slack-webhook",
    what: "a Slack incoming-webhook URL",
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/,
  },
  {
    id: "gitlab",
    what: "a GitLab token",
    pattern: /\b(?:glpat|gldt|glrt|glptt)-[A-Za-z0-9_-]{20,}|\bGR1348941[A-Za-z0-9_-]{20,}/,
  },
  { id: "nvidia", what: "an NVIDIA API key", pattern: /\bnvapi-[A-Za-z0-9_-]{40,}/ },
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
 * Values that are not a credential even under a secret-sounding name: too short, booleans, words
 * that name the thing instead of being it, paths and URLs without userinfo. Placeholders the author
 * meant to fill in (`<your-token>`, `${VAR}`, `REPLACE_ME`, `nvapi-XXXX`) are model/placeholder.ts.
 */
export function isNotCredential(value: string): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  if (/^(?:true|false|yes|no|password|secret|token|test)$/i.test(v)) return true;
  // Images' documented default credentials, used for throwaway CI service containers and local
  // stacks (postgres, mysql, rabbitmq, minio images' docs): a default is public, not a leak.
  if (/^(?:postgres|root|admin|mysql|redis|guest|minio(?:admin)?|rabbitmq|mlflow)$/i.test(v)) return true;
  if (/^\/[^\s]*$/.test(v) || /^[a-z]+:\/\/[^@\s]*$/i.test(v)) return true; // a path or a URL without userinfo
  return false;
}

/**
 * A literal every pattern above needs somewhere in a match (its prefix). Nearly all values hold
 * none, and one scan for them is much cheaper than eight regexes over every env value, command
 * and script. Keep it in step with SECRET_PATTERNS.
 */
const ANY_SECRET_PREFIX =
  /PRIVATE KEY|hf_|sk-|AKIA|ASIA|gh[pousr]_|github_pat_|xox[baprse]-|xapp-|AIza|hooks\.slack\.com|gl(?:pat|dt|rt|ptt)-|GR1348941|nvapi-/;

/** Which credential pattern a value matches, if any, and the text it matched. */
export function matchSecret(value: string): { pattern: SecretPattern; text: string } | undefined {
  if (!ANY_SECRET_PREFIX.test(value)) return undefined;
  for (const pattern of SECRET_PATTERNS) {
    const m = pattern.pattern.exec(value);
    if (m) return { pattern, text: m[0] };
  }
  return undefined;
}
