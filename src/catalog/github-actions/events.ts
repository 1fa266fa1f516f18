// The events that trigger workflows, their activity types and filters (from GitHub's workflow
// schema: schema.generated.ts, `npm run gen-github-actions`), and which of them run with privileges
// on code others control (mlgate's own: GitHub's "Events that trigger workflows" and secure-use
// references, see ../github-actions.ts, read 2026-11-29).
import { SCHEMA_EVENTS } from "./schema.generated.js";

export interface EventSpec {
  /** Activity types for `types:`; undefined when the event has none, "any" when any string goes. */
  types?: readonly string[] | "any";
  /** Keys allowed in the event's mapping. */
  keys: readonly string[];
}

/** Every event that can trigger a workflow, with its activity types and filters (GitHub's schema). */
export const EVENTS: Readonly<Record<string, EventSpec>> = SCHEMA_EVENTS;

/** Events whose workflows run with the base repository's token and secrets on code others control. */
export const PRIVILEGED_EVENTS = ["pull_request_target", "workflow_run"];

/** Events that run workflows for pull requests, including those from forks. */
export const FORK_PR_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
];
