/**
 * Options of {@link chooseChangelogStyle}.
 *
 * @example
 * ```ts
 * chooseChangelogStyle({ setting: 'auto', written: ['@changesets/changelog-github', { repo: 'acme/shop' }] });
 * ```
 */
export interface ChooseChangelogStyleOptions {
  /**
   * relctl's setting: `auto` follows `.changeset/config.json`; `git`, `github` and `none` choose
   * directly.
   */
  setting: 'auto' | 'git' | 'github' | 'none';
  /** The `changelog` field of `.changeset/config.json` as written (absent: `undefined`). */
  written: unknown;
}

/**
 * The changelog style of a release, before any GitHub data is gathered: `none` for
 * `"changelog": false` (auto) or the setting `none`; `github` when the setting says so or (auto)
 * the config names `@changesets/changelog-github`, with its `disableThanks` option; `git`
 * otherwise — for `@changesets/cli/changelog`, `@changesets/changelog-git` and any other module,
 * which relctl never loads.
 *
 * @example
 * ```ts
 * chooseChangelogStyle({ setting: 'auto', written: false }); // { kind: 'none' }
 * chooseChangelogStyle({ setting: 'auto', written: ['@changesets/changelog-github', { repo: 'acme/shop', disableThanks: true }] });
 * // { kind: 'github', disableThanks: true, module: '@changesets/changelog-github' }
 * ```
 */
export function chooseChangelogStyle(
  options: ChooseChangelogStyleOptions,
): { kind: 'none' } | { kind: 'git'; module: string | null } | { kind: 'github'; disableThanks: boolean; module: string | null } {
  const { setting, written } = options;
  const [name, moduleOptions] = Array.isArray(written) ? [written[0], written[1]] : [written, undefined];
  const module = typeof name === 'string' ? name : null;
  const disableThanks = typeof moduleOptions === 'object' && moduleOptions !== null && (moduleOptions as { disableThanks?: unknown }).disableThanks === true;
  if (setting === 'none') return { kind: 'none' };
  if (setting === 'git') return { kind: 'git', module };
  if (setting === 'github') return { kind: 'github', disableThanks, module };
  if (written === false) return { kind: 'none' };
  if (module === '@changesets/changelog-github') return { kind: 'github', disableThanks, module };
  return { kind: 'git', module };
}
