import type { GithubChangelogInfo, GithubSource } from '@relctl/release-notes';
import { createGithubClient } from './create-github-client.js';
import { readGithubSettings } from './read-github-settings.js';

/** Options of {@link changelogGithubSource}. */
export interface ChangelogGithubSourceOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** URL of the policy's remote, `null` without one. */
  remoteUrl: string | null;
  warn: (text: string) => void;
}

/**
 * Where the github changelog style of `@relctl/release-notes` gets GitHub's data: the remote's
 * repository, and for each commit its pull request (the earliest merged one, as
 * `@changesets/changelog-github` picks it) and the user to thank (the pull request's author,
 * else the commit's), through relctl's GitHub client. `undefined` when the remote is not on
 * GitHub; without a token only the links that need no API call are written.
 *
 * @example
 * ```ts
 * const github = changelogGithubSource({ env: io.env, remoteUrl: 'git@github.com:acme/shop.git', warn });
 * const info = await github?.fetchInfo({ commits: [sha], pulls: [] });
 * ```
 */
export function changelogGithubSource(options: ChangelogGithubSourceOptions): GithubSource | undefined {
  const settings = readGithubSettings({ env: options.env, remoteUrl: options.remoteUrl });
  if (!settings.repository) return undefined;
  const { owner, repo } = settings.repository;
  const token = settings.token;
  return {
    repository: `${owner}/${repo}`,
    serverUrl: settings.webUrl,
    async fetchInfo({ commits, pulls }) {
      const info: GithubChangelogInfo = { commits: {}, pulls: {} };
      if (!token) {
        options.warn(`no GitHub token (${'RELCTL_GIT_TOKEN, GITHUB_TOKEN or GH_TOKEN'}), so the changelog lines link commits only`);
        return info;
      }
      const client = createGithubClient({ apiUrl: settings.apiUrl, token, warn: options.warn });
      for (const sha of commits) {
        const merged = (await client.listCommitPullRequests({ owner, repo, sha })).sort((a, b) =>
          a.mergedAt === b.mergedAt ? 0 : a.mergedAt === null ? 1 : b.mergedAt === null ? -1 : a.mergedAt < b.mergedAt ? -1 : 1,
        );
        const pull = merged[0] ?? null;
        const user = pull ? pull.author : await client.getCommitAuthor({ owner, repo, sha });
        info.commits[sha] = { pull: pull ? { number: pull.number, url: pull.url } : null, user };
      }
      for (const number of pulls) {
        const pull = await client.getPullRequestInfo({ owner, repo, number });
        info.pulls[String(number)] = { url: pull.url, user: pull.author, mergeCommit: pull.mergeCommit };
      }
      return info;
    },
  };
}
