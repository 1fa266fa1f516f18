/**
 * The `admission.k8s.io/v1` AdmissionReview wire format: reading a request body strictly (every
 * mistake is a `BadReview` with a message the caller can act on) and building the response.
 * Pure: text in, values out.
 */

export const ADMISSION_API_VERSION = "admission.k8s.io/v1";

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";
const OPERATIONS = new Set<string>(["CREATE", "UPDATE", "DELETE", "CONNECT"]);

/** The parts of `request` the webhook reads. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  operation: Operation;
  namespace: string | undefined;
  name: string | undefined;
  object: Record<string, unknown> | undefined;
  oldObject: Record<string, unknown> | undefined;
  /** The API server's dry-run flag (`kubectl apply --dry-run=server`): nothing is persisted. */
  dryRun: boolean;
}

/** A request the webhook cannot read: answered with HTTP 400 and this message. */
export class BadReview extends Error {}

export interface Status {
  code: number;
  message: string;
  reason?: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: Status;
  warnings?: string[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Reads an AdmissionReview body; throws `BadReview` saying what is wrong and where. */
export function parseAdmissionReview(body: string): AdmissionRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    throw new BadReview(`the body is not JSON: ${(err as Error).message}`);
  }
  if (!isObj(raw)) throw new BadReview("the body must be a JSON object (an AdmissionReview)");
  if (raw.kind !== "AdmissionReview" || raw.apiVersion !== ADMISSION_API_VERSION) {
    throw new BadReview(
      `expected kind AdmissionReview, apiVersion ${ADMISSION_API_VERSION}; got kind ${JSON.stringify(raw.kind ?? null)}, apiVersion ${JSON.stringify(raw.apiVersion ?? null)} (set admissionReviewVersions: ["v1"] in the ValidatingWebhookConfiguration)`,
    );
  }
  const req = raw.request;
  if (!isObj(req)) throw new BadReview("request: missing (an AdmissionReview sent to a webhook carries a request)");
  if (typeof req.uid !== "string" || req.uid === "") throw new BadReview("request.uid: missing or not a string");
  const kind = req.kind;
  if (!isObj(kind) || typeof kind.kind !== "string" || typeof kind.version !== "string") {
    throw new BadReview("request.kind: must be {group, version, kind}");
  }
  const op = req.operation;
  if (typeof op !== "string" || !OPERATIONS.has(op)) {
    throw new BadReview(`request.operation: ${JSON.stringify(op ?? null)} is not CREATE, UPDATE, DELETE or CONNECT`);
  }
  const object = req.object;
  const oldObject = req.oldObject;
  if (object !== undefined && object !== null && !isObj(object))
    throw new BadReview("request.object: must be an object");
  if (oldObject !== undefined && oldObject !== null && !isObj(oldObject)) {
    throw new BadReview("request.oldObject: must be an object");
  }
  if ((op === "CREATE" || op === "UPDATE") && !isObj(object)) {
    throw new BadReview(`request.object: missing for a ${op}`);
  }
  return {
    uid: req.uid,
    kind: { group: typeof kind.group === "string" ? kind.group : "", version: kind.version, kind: kind.kind },
    operation: op as Operation,
    namespace: typeof req.namespace === "string" && req.namespace !== "" ? req.namespace : undefined,
    name: typeof req.name === "string" && req.name !== "" ? req.name : undefined,
    object: isObj(object) ? object : undefined,
    oldObject: isObj(oldObject) ? oldObject : undefined,
    dryRun: req.dryRun === true,
  };
}

/** The AdmissionReview the webhook answers with: same apiVersion and kind, the request's uid. */
export function reviewResponse(response: AdmissionResponse): string {
  return JSON.stringify({ apiVersion: ADMISSION_API_VERSION, kind: "AdmissionReview", response });
}
