import type { Sha } from '@relctl/core';
import type { GithubChangelogInfo, GithubUser } from '../types.js';

/**
 * Options of {@link renderGithubReleaseLine}.
 *
 * @example
 * ```ts
 * renderGithubReleaseLine({ summary: 'Add CSV export', sha, repository: 'acme/shop', serverUrl: 'https://github.com', info });
 * ```
 */
export interface RenderGithubReleaseLineOptions {
  /** The release note; its first line is the bullet, the rest is indented under it. */
  summary: string;
  /** The commit the note is linked to (relctl: the request head merged). */
  sha?: Sha;
  /** `owner/repo`. */
  repository: string;
  /** Web base URL, e.g. `https://github.com`. */
  serverUrl: string;
  info: GithubChangelogInfo;
  /** No "Thanks @author!". */
  disableThanks?: boolean;
}

/**
 * One changelog bullet in the format of `@changesets/changelog-github` 0.7's `getReleaseLine`,
 * from data gathered beforehand instead of calling GitHub: `- [#12](pr) [`1a2b3c4`](commit)
 * Thanks [@alice](user)! - <first line>`, later lines indented two spaces, bare `#123` issue
 * references linked. A note may name its pull request (`pr: #12`), commit (`commit: <sha>`) and
 * authors (`author: @alice`) on lines of their own, as changelog-github reads them; those lines
 * are removed from the note. Parts GitHub had no answer for are left out, as changelog-github
 * leaves them out. Trailing spaces are dropped.
 *
 * @example
 * ```ts
 * renderGithubReleaseLine({
 *   summary: 'Add CSV export',
 *   sha: 'a085003…',
 *   repository: 'acme/shop',
 *   serverUrl: 'https://github.com',
 *   info: { commits: { 'a085003…': { pull: { number: 12, url: 'https://github.com/acme/shop/pull/12' }, user: { login: 'alice', url: 'https://github.com/alice' } } }, pulls: {} },
 * });
 * // '- [#12](https://github.com/acme/shop/pull/12) [`a085003`](https://github.com/acme/shop/commit/a085003…) Thanks [@alice](https://github.com/alice)! - Add CSV export'
 * ```
 */
export function renderGithubReleaseLine(options: RenderGithubReleaseLineOptions): string {
  const { repository, info } = options;
  const server = options.serverUrl.replace(/\/+$/, '');
  let prFromSummary: number | undefined;
  let commitFromSummary: string | undefined;
  const usersFromSummary: string[] = [];
  // The same three replacements as changelog-github, in the same order.
  const note = options.summary
    .replace(/^\s*(?:pr|pull|pull\s+request):\s*#?(\d+)/im, (_, pr: string) => {
      const number = Number(pr);
      if (!Number.isNaN(number)) prFromSummary = number;
      return '';
    })
    .replace(/^\s*commit:\s*([^\s]+)/im, (_, commit: string) => {
      commitFromSummary = commit;
      return '';
    })
    .replace(/^\s*(?:author|user):\s*@?([^\s]+)/gim, (_, user: string) => {
      usersFromSummary.push(user);
      return '';
    })
    .trim();
  const [firstLine = '', ...futureLines] = note.split('\n').map((line) => line.trimEnd());
  const commitLink = (sha: string) => `[\`${sha.slice(0, 7)}\`](${server}/${repository}/commit/${sha})`;
  const userLink = (user: GithubUser | null) => (user ? `[@${user.login}](${user.url})` : null);
  let links: { pull: string | null; commit: string | null; user: string | null };
  if (prFromSummary !== undefined) {
    const pull = info.pulls[String(prFromSummary)];
    const merge = pull?.mergeCommit ?? null;
    links = {
      pull: `[#${prFromSummary}](${pull?.url ?? `${server}/${repository}/pull/${prFromSummary}`})`,
      commit: commitFromSummary ? commitLink(commitFromSummary) : merge ? commitLink(merge) : null,
      user: userLink(pull?.user ?? null),
    };
  } else {
    const sha = commitFromSummary ?? options.sha;
    const commit = sha ? info.commits[sha] : undefined;
    links = sha
      ? { pull: commit?.pull ? `[#${commit.pull.number}](${commit.pull.url})` : null, commit: commitLink(sha), user: userLink(commit?.user ?? null) }
      : { pull: null, commit: null, user: null };
  }
  const users = options.disableThanks ? null : usersFromSummary.length > 0 ? usersFromSummary.map((user) => `[@${user}](${server}/${user})`).join(', ') : links.user;
  const prefix = [links.pull === null ? '' : ` ${links.pull}`, links.commit === null ? '' : ` ${links.commit}`, users === null ? '' : ` Thanks ${users}!`].join('');
  const linkify = (line: string) => linkifyIssueRefs(line, `${server}/${repository}/issues/`);
  const lines = [`-${prefix ? `${prefix} -` : ''} ${linkify(firstLine)}`.trimEnd(), ...futureLines.map((line) => (line === '' ? '' : `  ${linkify(line)}`))];
  return lines.join('\n').trimEnd();
}

const WORD = /[A-Za-z0-9_]/;

/**
 * changelog-github's `line.replace(/\[.*?\]\(.*?\)|\B#([1-9]\d*)\b/g, …)` in linear time (a note
 * comes from a request branch; the regex is quadratic on a long line of `[`): markdown links are
 * kept, bare `#123` references become links to `<base>123`.
 */
function linkifyIssueRefs(line: string, base: string): string {
  let out = '';
  let at = 0;
  let noLinkFrom = Infinity; // no markdown link starts at or after this index
  while (at < line.length) {
    const char = line[at] as string;
    if (char === '[' && at < noLinkFrom) {
      const close = line.indexOf('](', at + 1);
      const end = close === -1 ? -1 : line.indexOf(')', close + 2);
      // Without a `](…)` after this `[`, there is none after a later one either.
      if (end === -1) noLinkFrom = at;
      else {
        out += line.slice(at, end + 1);
        at = end + 1;
        continue;
      }
    }
    if (char === '#' && (at === 0 || !WORD.test(line[at - 1] as string)) && /[1-9]/.test(line[at + 1] ?? '')) {
      let end = at + 2;
      while (end < line.length && /[0-9]/.test(line[end] as string)) end += 1;
      if (end === line.length || !WORD.test(line[end] as string)) {
        const issue = line.slice(at + 1, end);
        out += `[#${issue}](${base}${issue})`;
        at = end;
        continue;
      }
    }
    out += char;
    at += 1;
  }
  return out;
}
