/** Options of {@link defaultConfigYaml}. */
export interface DefaultConfigYamlOptions {
  /** The branch production releases on (default `main`). */
  productionBranch?: string;
}

/**
 * The commented config `relctl init` writes: the defaults, spelled out so a team can edit them,
 * releasing on the production branch relctl found (`master` in an older service).
 *
 * @example
 * ```ts
 * writeFileSync('relctl.config.yaml', defaultConfigYaml({ productionBranch: 'master' }));
 * ```
 */
export function defaultConfigYaml(options: DefaultConfigYamlOptions = {}): string {
  const main = options.productionBranch ?? 'main';
  return `# relctl configuration (https://github.com/relctl/relctl/blob/main/docs/guide/configuration.md)
# relctl reads this file from the production branch (${main}) only: a request branch cannot change
# it, and a checkout whose copy differs is refused (try a change with --config <file>).

# Request branches are <requestPrefix><id>, e.g. req/A.
requestPrefix: req/
# Release tags are <tagPrefix><version>, e.g. v1.4.0.
tagPrefix: v
# The remote the team shares; null for a local-only repository.
remote: origin

environments:
  # The test server: rebuilt from production plus one merge per request on it.
  - name: test
    kind: integration
    branch: env/test
    rules:
      # Warn when a request has waited on test for more than 30 days.
      - rule: max-age
        level: warn
        options: { days: 30 }

  # Production: only moves forward; every promotion is a release with a tag.
  - name: prod
    kind: release
    branch: ${main}
    source: test
    rules:
      - tested-in     # exactly this head was on test
      - approved      # someone approved this exact head for prod
      - changeset     # a release note exists
      - depends-on    # dependencies ship first or together
      - clean-merge   # merges into ${main} without conflict
`;
}
