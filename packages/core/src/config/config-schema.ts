import { z } from 'zod';
import { DEFAULT_RETRY_SECONDS, MAX_RETRY_SECONDS } from '../retry/race-retry.js';
import { describeValue } from './describe-value.js';

/**
 * Environment names: a letter or digit, then up to 31 letters, digits, `_` or `-`.
 *
 * @example
 * ```ts
 * ENVIRONMENT_NAME_PATTERN.test('prod-eu'); // true
 * ```
 */
export const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * Git backends the CLI can use.
 *
 * @example
 * ```ts
 * GIT_BACKENDS.includes('system'); // true
 * ```
 */
export const GIT_BACKENDS = ['isomorphic', 'system', 'auto'] as const;

/**
 * The values of `release.changelog`.
 *
 * @example
 * ```ts
 * RELEASE_CHANGELOG_STYLES.includes('github'); // true
 * ```
 */
export const RELEASE_CHANGELOG_STYLES = ['auto', 'git', 'github', 'none'] as const;

/**
 * A value of `release.changelog`.
 *
 * @example
 * ```ts
 * const style: ReleaseChangelogStyle = 'github';
 * ```
 */
export type ReleaseChangelogStyle = (typeof RELEASE_CHANGELOG_STYLES)[number];

/**
 * One of {@link GIT_BACKENDS}.
 *
 * @example
 * ```ts
 * const backend: GitBackend = 'auto';
 * ```
 */
export type GitBackend = (typeof GIT_BACKENDS)[number];

const ruleObjectShape = {
  rule: z.string().min(1).meta({ description: 'Built-in rule name, or the name of a custom rule from a JS/TS config.' }),
  options: z.record(z.string(), z.unknown()).optional().meta({ description: "Rule-specific options, checked by the rule's own schema." }),
  level: z.enum(['error', 'warn']).optional().meta({ description: '`error` (default): failing denies the promotion. `warn`: a failure is only reported.' }),
};

/**
 * A rule entry on an environment as written: a rule name, or `{ rule, options?, level? }`.
 *
 * @example
 * ```ts
 * ruleEntrySchema.parse({ rule: 'soak', options: { hours: 24 }, level: 'warn' });
 * ```
 */
export const ruleEntrySchema = z
  .union([z.string().min(1), z.strictObject(ruleObjectShape)], {
    error: (issue) =>
      issue.code === 'invalid_union' ? `expected a rule name like "approved" or an object { rule, options?, level? }, got ${describeValue(issue.input)}` : undefined,
  })
  .meta({ description: 'A rule name, or `{ rule, options?, level? }`.' });

/**
 * One environment as written in the config.
 *
 * @example
 * ```ts
 * environmentSchema.parse({ name: 'prod', kind: 'release', branch: 'main', source: 'test' });
 * ```
 */
export const environmentSchema = z
  .strictObject({
    name: z
      .string()
      .regex(ENVIRONMENT_NAME_PATTERN, {
        error: (issue) => `${describeValue(issue.input)} is not a valid environment name: use 1-32 letters, digits, "_" or "-", starting with a letter or digit`,
      })
      .meta({ description: 'Unique name, e.g. `test` or `prod`; used with `--to`.' }),
    kind: z.enum(['integration', 'release']).meta({
      description: '`integration`: the branch is rebuilt from its base plus one merge per request. `release`: the branch only moves forward (exactly one environment).',
    }),
    branch: z.string().min(1).meta({ description: 'Short branch name, e.g. `env/test` or `main`; a valid git ref name.' }),
    source: z.string().min(1).optional().meta({ description: 'The environment requests are promoted from (checked by `tested-in`, `soak`, `max-age`).' }),
    base: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Integration environments only: the environment whose tip every rebuild starts from. Default: the release environment.' }),
    rules: z.array(ruleEntrySchema).optional().meta({ description: 'Checks every promotion into this environment must pass.' }),
    hotfixRules: z.array(ruleEntrySchema).optional().meta({
      description:
        'The rules a hotfix request (`relctl request new <id> --hotfix`) must pass instead of `rules`, e.g. without `tested-in`; same form as `rules`. Without it a hotfix follows `rules`. A promotion that used them records it (`hotfixRules` on its `promoted` event).',
    }),
    deploy: z.record(z.string(), z.unknown()).optional().meta({ description: 'Deploy settings; opaque to the policy, interpreted by the deploy adapter.' }),
    requireSignatures: z.boolean().optional().meta({
      description:
        'Approvals for this environment count only when their audit-log commit is signed by a key in the allowed-signers file on the production branch; the approver is the principal the signature proves. Default false.',
    }),
  })
  .meta({ description: 'One ordered stage a request moves through.' });

/**
 * The relctl configuration as written (JSON, YAML or a JS object), before cross-field checks.
 *
 * @example
 * ```ts
 * configSchema.parse({}); // { requestPrefix: 'req/', tagPrefix: 'v', remote: 'origin', git: { backend: 'auto' }, push: { retrySeconds: 120 }, release: { changelog: 'auto', packageTags: false }, allowedSigners: '.relctl/allowed_signers' }
 * ```
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'For editors: where this JSON schema lives. Ignored by relctl.' }),
    requestPrefix: z.string().min(1).default('req/').meta({ description: 'Branch prefix of request branches.' }),
    tagPrefix: z.string().default('v').meta({ description: 'Prefix of release tags (`v1.2.3`); may be empty.' }),
    remote: z
      .string({
        error: (issue) => `expected a remote name like "origin", or null for a local-only repository, got ${describeValue(issue.input)}`,
      })
      .min(1)
      .nullable()
      .default('origin')
      .meta({ description: 'Remote to fetch from and push to, or `null` for a local-only repository.' }),
    git: z
      .strictObject({
        backend: z.enum(GIT_BACKENDS).default('auto').meta({
          description:
            '`auto` (the embedded isomorphic-git, or the git binary for SSH and path remotes, which isomorphic-git cannot reach), `isomorphic` (embedded, no git binary needed), or `system` (the git binary).',
        }),
      })
      .default({ backend: 'auto' })
      .meta({ description: 'Git implementation settings.' }),
    push: z
      .strictObject({
        retrySeconds: z
          .number({ error: (issue) => `expected a whole number of seconds like 120, got ${describeValue(issue.input)}` })
          .int({ error: (issue) => `expected a whole number of seconds like 120, got ${describeValue(issue.input)}` })
          .min(0, { error: 'use 0 (no retries) or more seconds' })
          .max(MAX_RETRY_SECONDS, { error: `use at most ${MAX_RETRY_SECONDS} seconds (an hour)` })
          .default(DEFAULT_RETRY_SECONDS)
          .meta({
            description: `How long a writing command keeps trying after its push lost a race (someone else pushed first): it fetches, plans again and pushes, with a random, growing wait between attempts, until it lands or this many seconds have passed, and at least 5 attempts were made (then exit 5, nothing changed). \`0\`: no retries. Default ${DEFAULT_RETRY_SECONDS}. \`RELCTL_RETRY_SECONDS\` overrides it for one run.`,
          }),
      })
      .default({ retrySeconds: DEFAULT_RETRY_SECONDS })
      .meta({ description: 'Pushing to the remote.' }),
    release: z
      .strictObject({
        changelog: z.enum(RELEASE_CHANGELOG_STYLES).default('auto').meta({
          description:
            'Changelog lines. `auto` follows `.changeset/config.json`: `"changelog": false` writes no changelog, `@changesets/changelog-github` the github style, anything else the changelog-git style (relctl never loads a changelog module). `git`, `github` (pull-request links and "Thanks @author" from GitHub, when the remote is on GitHub) and `none` choose directly.',
        }),
        packageTags: z
          .boolean()
          .default(false)
          .meta({ description: 'Monorepos: also tag each released package `<name>@<version>` (as `changeset tag` does; private packages only with `privatePackages.tag`).' }),
      })
      .default({ changelog: 'auto', packageTags: false })
      .meta({ description: 'How releases are written.' }),
    allowedSigners: z
      .string()
      .min(1)
      .refine((path) => !path.startsWith('/') && !path.split('/').includes('..') && !path.includes('\\'), {
        error: 'use a path inside the repository, like .relctl/allowed_signers',
      })
      .default('.relctl/allowed_signers')
      .meta({
        description:
          "Path, in the production branch, of the allowed-signers file (the format of git's gpg.ssh.allowedSignersFile) that signed approvals and resolutions are checked against; `by:` of the approved rule names its principals.",
      }),
    environments: z
      .array(environmentSchema)
      .min(1, { error: 'list at least one environment (exactly one of kind "release"), or leave "environments" out to use the defaults' })
      .optional()
      .meta({ description: 'Environments in promotion order. Default: `test` (integration, `env/test`) and `prod` (release, `main`).' }),
  })
  .meta({ title: 'relctl configuration', description: 'Configuration of relctl, the release-policy engine.' });

/**
 * A rule entry as written.
 *
 * @example
 * ```ts
 * const entries: RuleEntryConfig[] = ['tested-in', { rule: 'soak', options: { hours: 24 } }];
 * ```
 */
export type RuleEntryConfig = z.input<typeof ruleEntrySchema>;
/**
 * One environment as written.
 *
 * @example
 * ```ts
 * const staging: EnvironmentConfig = { name: 'staging', kind: 'integration', branch: 'env/staging', source: 'test' };
 * ```
 */
export type EnvironmentConfig = z.input<typeof environmentSchema>;
/**
 * The configuration as written by a user.
 *
 * @example
 * ```ts
 * const input: RelctlConfigInput = { remote: null, environments: [{ name: 'prod', kind: 'release', branch: 'main' }] };
 * ```
 */
export type RelctlConfigInput = z.input<typeof configSchema>;
