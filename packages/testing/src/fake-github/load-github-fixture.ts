import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One recorded exchange with api.github.com, as `@octokit/fixtures` normalises it. */
export interface GithubFixtureExchange {
  method: string;
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string | number>;
}

const cache = new Map<string, GithubFixtureExchange[]>();

/**
 * The recorded exchanges of one `@octokit/fixtures` scenario (`create-status`,
 * `get-repository`, `errors`, `paginate-issues`, …): real answers of api.github.com with ids,
 * dates and tokens normalised. The fake builds its answers on them where one exists.
 *
 * @example
 * ```ts
 * const [created] = loadGithubFixture('create-status'); // POST /repos/…/statuses/{sha} → 201
 * created.response; // { url, avatar_url, id, state, context, creator: { login, … }, … }
 * ```
 */
export function loadGithubFixture(scenario: string): GithubFixtureExchange[] {
  let exchanges = cache.get(scenario);
  if (!exchanges) {
    const require = createRequire(import.meta.url);
    const file = require.resolve(`@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`);
    exchanges = JSON.parse(readFileSync(file, 'utf8')) as GithubFixtureExchange[];
    cache.set(scenario, exchanges);
  }
  return structuredClone(exchanges);
}
