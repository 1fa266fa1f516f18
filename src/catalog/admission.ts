/**
 * Limits of the Kubernetes admission webhook protocol that `mlgate serve` keeps to.
 *
 * Sources (read 2026-12-04):
 * - kubernetes/apiserver pkg/server/config.go, `MaxRequestBodyBytes: int64(3 * 1024 * 1024)`: the
 *   largest request body the API server accepts (etcd's 1.5 MiB request limit, doubled for JSON).
 * - kubernetes/api admission/v1/types.go, `AdmissionResponse.Warnings`: "Limit warnings to 120
 *   characters if possible. Warnings over 256 characters and large numbers of warnings may be
 *   truncated."
 * - kubernetes/website content/en/docs/reference/access-authn-authz/extensible-admission-controllers.md
 *   ("Response" → warnings): more than 4096 characters of warnings in all are ignored;
 *   ("Timeouts"): `timeoutSeconds` is 1 to 30, default 10.
 */

/** The API server's own request body limit; an AdmissionReview over it is refused with HTTP 400. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** One warning longer than this may be truncated by the API server. */
export const MAX_WARNING_CHARS = 256;

/** Warnings past this many characters in all are dropped by the API server. */
export const MAX_WARNINGS_TOTAL_CHARS = 4096;

/** `timeoutSeconds` the API server accepts for a webhook: 1 to 30 seconds, 10 when unset. */
export const WEBHOOK_TIMEOUT_SECONDS = { min: 1, max: 30, default: 10 } as const;
