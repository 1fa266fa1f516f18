/**
 * CI steps that guard a change: tests, linters, security scanners, signing and SBOM generation.
 * A change that drops one lets what it caught through unnoticed; the LLM-written workflows of
 * the "Can LLMs Write CI?" study (Ghaleb and Rathnayake, ICSME 2025, arXiv 2507.17165) show
 * "missing or renamed steps" among their failures. Data only, for `ci/step-removed`; matched on
 * a step's name, `uses` and `run` (case-insensitive). Read 2026-12-04.
 */
export interface SafeguardKind {
  kind: "test" | "lint" | "security scan" | "signing" | "SBOM";
  /** Actions (owner/repo prefix, before `@`) that are this kind of step. */
  actions: readonly string[];
  /** Words in a step's name or `run` that make it this kind of step. */
  words: RegExp;
}

export const SAFEGUARDS: readonly SafeguardKind[] = [
  {
    kind: "security scan",
    actions: [
      "github/codeql-action",
      "aquasecurity/trivy-action",
      "snyk/actions",
      "anchore/scan-action",
      "actions/dependency-review-action",
      "gitleaks/gitleaks-action",
      "trufflesecurity/trufflehog",
      "ossf/scorecard-action",
      "zizmorcore/zizmor-action",
      "semgrep/semgrep-action",
    ],
    words:
      /\b(codeql|trivy|snyk|grype|gitleaks|trufflehog|semgrep|zizmor|scorecard|bandit|npm audit|pip-audit|cargo audit|govulncheck|osv-scanner|dependency[- ]review|vulnerabilit|security scan)/i,
  },
  {
    kind: "signing",
    actions: [
      "sigstore/cosign-installer",
      "actions/attest-build-provenance",
      "actions/attest",
      "sigstore/gh-action-sigstore-python",
    ],
    words:
      /\b(cosign|sigstore|notation sign|gpg --(?:detach-)?sign|attest|provenance|sign(?:ing)? (?:the )?(?:image|artifact|release|package)s?)\b/i,
  },
  {
    kind: "SBOM",
    actions: ["anchore/sbom-action", "actions/attest-sbom", "CycloneDX/gh-node-module-generatebom"],
    words: /\b(sbom|syft|cyclonedx|spdx)/i,
  },
  {
    kind: "test",
    actions: [],
    words:
      /\b(tests?|pytest|jest|vitest|mocha|unittest|go test|cargo test|ctest|mvn (?:-\S+ )*(?:verify|test)|gradlew? (?:\S+ )*(?:test|check)|tox|nox|rspec|phpunit)\b/i,
  },
  {
    kind: "lint",
    actions: ["golangci/golangci-lint-action", "super-linter/super-linter", "github/super-linter", "rhysd/actionlint"],
    words:
      /\b(lint|linter|eslint|ruff|flake8|pylint|mypy|biome|golangci|clippy|shellcheck|actionlint|hadolint|typecheck|tsc --noEmit)/i,
  },
];
