// The events that trigger workflows, their activity types and filters, and which of them run with
// privileges on code others control. Source: GitHub's "Events that trigger workflows" (see
// ../github-actions.ts, read 2026-11-29).

/** Filters accepted under each event's mapping (beyond `types`). */
const BRANCH_PATH_FILTERS = ["branches", "branches-ignore", "paths", "paths-ignore"];

export interface EventSpec {
  /** Activity types for `types:`; undefined when the event has none, "any" when any string goes. */
  types?: readonly string[] | "any";
  /** Keys allowed in the event's mapping. */
  keys: readonly string[];
}

const PR_TYPES = [
  "assigned",
  "unassigned",
  "labeled",
  "unlabeled",
  "opened",
  "edited",
  "closed",
  "reopened",
  "synchronize",
  "converted_to_draft",
  "ready_for_review",
  "locked",
  "unlocked",
  "review_requested",
  "review_request_removed",
  "auto_merge_enabled",
  "auto_merge_disabled",
  "milestoned",
  "demilestoned",
  "enqueued",
  "dequeued",
];

const t = (types: readonly string[] | "any", extra: readonly string[] = []): EventSpec => ({
  types,
  keys: ["types", ...extra],
});
const none: EventSpec = { keys: [] };

/** Every event that can trigger a workflow, with its activity types and filters. */
export const EVENTS: Readonly<Record<string, EventSpec>> = {
  branch_protection_rule: t(["created", "edited", "deleted"]),
  check_run: t(["created", "rerequested", "completed", "requested_action"]),
  check_suite: t(["completed"]),
  create: none,
  delete: none,
  deployment: none,
  deployment_status: none,
  discussion: t([
    "created",
    "edited",
    "deleted",
    "transferred",
    "pinned",
    "unpinned",
    "labeled",
    "unlabeled",
    "locked",
    "unlocked",
    "category_changed",
    "answered",
    "unanswered",
  ]),
  discussion_comment: t(["created", "edited", "deleted"]),
  fork: none,
  gollum: none,
  image_version: t(["created", "ready", "deleted"], ["names", "versions"]),
  issue_comment: t(["created", "edited", "deleted"]),
  issues: t([
    "opened",
    "edited",
    "deleted",
    "transferred",
    "pinned",
    "unpinned",
    "closed",
    "reopened",
    "assigned",
    "unassigned",
    "labeled",
    "unlabeled",
    "locked",
    "unlocked",
    "milestoned",
    "demilestoned",
    "typed",
    "untyped",
  ]),
  label: t(["created", "edited", "deleted"]),
  merge_group: t(["checks_requested"]),
  milestone: t(["created", "closed", "opened", "edited", "deleted"]),
  page_build: none,
  project: t(["created", "closed", "reopened", "edited", "deleted"]),
  project_card: t(["created", "moved", "converted", "edited", "deleted"]),
  project_column: t(["created", "updated", "moved", "deleted"]),
  public: none,
  pull_request: t(PR_TYPES, BRANCH_PATH_FILTERS),
  pull_request_review: t(["submitted", "edited", "dismissed"]),
  pull_request_review_comment: t(["created", "edited", "deleted"]),
  pull_request_target: t(PR_TYPES, BRANCH_PATH_FILTERS),
  push: { keys: [...BRANCH_PATH_FILTERS, "tags", "tags-ignore"] },
  registry_package: t(["published", "updated"]),
  release: t(["published", "unpublished", "created", "edited", "deleted", "prereleased", "released"]),
  repository_dispatch: t("any"),
  schedule: none,
  status: none,
  watch: t(["started"]),
  workflow_call: { keys: ["inputs", "outputs", "secrets"] },
  workflow_dispatch: { keys: ["inputs"] },
  workflow_run: t(["completed", "requested", "in_progress"], ["workflows", "branches", "branches-ignore"]),
};

/** Events whose workflows run with the base repository's token and secrets on code others control. */
export const PRIVILEGED_EVENTS = ["pull_request_target", "workflow_run"];

/** Events that run workflows for pull requests, including those from forks. */
export const FORK_PR_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
];
