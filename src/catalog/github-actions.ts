// GitHub Actions facts the `ci` rules check against. Data only, no logic.
//
// Sources (read 2026-11-29):
// - Workflow syntax: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
// - Events that trigger workflows (event names, activity types, filters):
//   https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
// - Contexts availability table: https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#context-availability
//   (the same table as actionlint's availability.go, rhysd/actionlint @ 011a6d15)
// - Expressions and functions: https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
// - Reusable workflows (keys a calling job may use):
//   https://docs.github.com/en/actions/reference/workflows-and-actions/reusable-workflows
// - Metadata syntax for actions (action.yml): https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax
// - GitHub-hosted runner labels: https://docs.github.com/en/actions/reference/runners/github-hosted-runners
// - GITHUB_TOKEN permission scopes: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
// - Outdated popular actions: actionlint's OutdatedPopularActionSpecs (popular_actions.go @ 011a6d15)
// - Untrusted inputs for script injection: actionlint docs/checks.md "Script injection by untrusted inputs" and
//   https://docs.github.com/en/actions/concepts/security/script-injections

export const CATALOG_READ = "2026-11-29";

// Split by concern, as actionlint keeps them; importers read every name from here.
export * from "./github-actions/events.js";
export * from "./github-actions/expressions.js";
export * from "./github-actions/keys.js";
export * from "./github-actions/permissions.js";
export * from "./github-actions/runners.js";
