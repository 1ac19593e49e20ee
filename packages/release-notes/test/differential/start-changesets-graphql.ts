/**
 * A stand-in for GitHub's GraphQL API, only for the differential test's changelog-github cases.
 *
 * Those cases run changesets' own `@changesets/changelog-github` (through
 * `@changesets/get-github-info`, which asks GitHub's GraphQL API) to get the lines relctl's github
 * style must match. This is a test of changesets' code giving the reference output, not of
 * relctl's GitHub client: relctl reads GitHub through REST, and every test of that runs against
 * the validating loopback GitHub of `@relctl/testing` (`startFakeGithub`), which does not model
 * GraphQL. So this stand-in answers just the one query get-github-info makes, from the same table
 * the relctl side of the case is given as plain data.
 *
 * Loopback only (127.0.0.1, a free port) and deterministic: every answer comes from the table,
 * nothing from a clock, a random source or the network. Anything it was not made for — another
 * path or method, a missing or different token, a pull request (`pr__<n>`), another repository,
 * a commit not in the table — is answered with GraphQL `errors`, which makes changesets fail
 * loudly instead of writing lines from data nobody gave it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What GitHub knows about one commit: its pull request (if any) and the user to thank. */
export interface GraphqlCommitRow {
  pull: { number: number; url: string; mergedAt: string } | null;
  user: { login: string; url: string } | null;
}

/** Options of {@link startChangesetsGraphql}. */
export interface StartChangesetsGraphqlOptions {
  /** `owner/name`, the only repository it answers for. */
  repository: string;
  /** Web URL of `commitUrl`s, e.g. `https://github.com`. */
  serverUrl: string;
  /** The token changesets must send (`Authorization: Token <token>`). */
  token: string;
  /** Commit sha → what GitHub knows about it. */
  table: Record<string, GraphqlCommitRow>;
}

/**
 * Start the stand-in; point `GITHUB_GRAPHQL_URL` at `url`.
 *
 * @example
 * ```ts
 * const graphql = await startChangesetsGraphql({ repository: 'acme/shop', serverUrl: 'https://github.com', token: 'test-token', table });
 * // GITHUB_GRAPHQL_URL=graphql.url GITHUB_TOKEN=test-token changeset version
 * await graphql.close();
 * ```
 */
export async function startChangesetsGraphql(options: StartChangesetsGraphqlOptions): Promise<{ url: string; queries: number; close(): Promise<void> }> {
  const { repository, serverUrl, token, table } = options;
  const [owner, name] = repository.split('/') as [string, string];
  const state = { queries: 0 };
  const answer = (query: string): { data?: unknown; errors?: Array<{ message: string }> } => {
    const repos = [...query.matchAll(/(a\d+): repository\(\s*owner: ("[^"]*")\s*name: ("[^"]*")\s*\)/g)];
    if (repos.length !== 1 || JSON.parse(repos[0]?.[2] as string) !== owner || JSON.parse(repos[0]?.[3] as string) !== name) {
      return { errors: [{ message: `the stand-in answers for ${repository} only` }] };
    }
    if (/pr__\d+:/.test(query)) return { errors: [{ message: 'the stand-in answers commits only, not pull requests' }] };
    const commits: Record<string, unknown> = {};
    for (const [, sha] of query.matchAll(/a([0-9a-f]{40}): object/g)) {
      const row = table[sha as string];
      if (!row) return { errors: [{ message: `the stand-in knows no commit ${sha}` }] };
      commits[`a${sha}`] = {
        commitUrl: `${serverUrl}/${repository}/commit/${sha}`,
        associatedPullRequests: { nodes: row.pull ? [{ number: row.pull.number, url: row.pull.url, mergedAt: row.pull.mergedAt, author: row.user }] : [] },
        // With a pull request, changesets thanks its author, not the commit's.
        author: { user: row.pull ? { login: 'committer', url: `${serverUrl}/committer` } : row.user },
      };
    }
    return { data: { [repos[0]?.[1] as string]: commits } };
  };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      state.queries += 1;
      let result: ReturnType<typeof answer>;
      if (request.method !== 'POST' || request.url !== '/graphql') result = { errors: [{ message: `no ${request.method} ${request.url} here` }] };
      else if (request.headers.authorization !== `Token ${token}`) result = { errors: [{ message: 'a missing or unexpected token' }] };
      else {
        try {
          result = answer(String((JSON.parse(body) as { query?: unknown }).query));
        } catch {
          result = { errors: [{ message: 'the body is not JSON' }] };
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get queries() {
      return state.queries;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
