/**
 * Test fixtures shared by the rule and policy tests. The `.spec.ts` suffix keeps this file out
 * of the library build (tsconfig.lib.json excludes it) and out of the test run (vitest only runs
 * `*.test.ts`), while tsconfig.spec.json still typechecks it.
 */
import type { Environment } from '../model/environment.js';
import type { Approval, EnvironmentMember, Facts } from '../model/facts.js';
import type { PromotionIntent } from '../model/intent.js';
import type { Policy } from '../model/policy.js';
import type { Request } from '../model/request.js';
import type { RuleContext } from './rule.js';

/** 2026-01-07T12:00:00Z, a Wednesday. */
export const NOW = Date.UTC(2026, 0, 7, 12, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A deterministic 40-hex SHA made from a short seed, e.g. `sha('A1')`. */
export const sha = (seed: string): string =>
  [...seed]
    .map((character) => character.charCodeAt(0).toString(16).padStart(2, '0'))
    .join('')
    .padEnd(40, 'f')
    .slice(0, 40);

export const makeRequest = (id: string, overrides: Partial<Request> = {}): Request => ({
  id,
  branch: `req/${id}`,
  head: sha(`${id}1`),
  title: `Request ${id}`,
  requester: `${id} Owner <${id.toLowerCase()}@example.com>`,
  dependsOn: [],
  changeset: { bump: 'patch', summary: `Change ${id}` },
  createdAt: NOW - 3 * DAY,
  ...overrides,
});

export const testEnv: Environment = { name: 'test', kind: 'integration', branch: 'env/test', base: 'prod', rules: [] };
export const prodEnv: Environment = {
  name: 'prod',
  kind: 'release',
  branch: 'main',
  source: 'test',
  rules: [
    { rule: 'tested-in', options: {}, level: 'error' },
    { rule: 'approved', options: { count: 1 }, level: 'error' },
    { rule: 'changeset', options: {}, level: 'error' },
    { rule: 'depends-on', options: {}, level: 'error' },
    { rule: 'clean-merge', options: {}, level: 'error' },
  ],
};

export const makePolicy = (environments: Environment[] = [testEnv, prodEnv]): Policy => ({
  requestPrefix: 'req/',
  tagPrefix: 'v',
  remote: 'origin',
  environments,
});

/** A member holding the request's current head since `sinceAgo` ms before NOW. */
export const member = (request: Request, sinceAgo = 2 * DAY): EnvironmentMember => ({
  requestId: request.id,
  sha: request.head,
  since: NOW - sinceAgo,
});

export const approval = (request: Request, env: string, by: string, headSha = request.head): Approval => ({
  requestId: request.id,
  env,
  sha: headSha,
  by,
  at: NOW - HOUR,
});

export const makeFacts = (overrides: Partial<Facts> = {}): Facts => ({
  now: NOW,
  requests: [],
  environments: [
    { name: 'test', tip: sha('test'), members: [] },
    { name: 'prod', tip: sha('prod'), members: [] },
  ],
  approvals: [],
  events: [],
  conflicts: [],
  ...overrides,
});

/** Facts where `test` holds the given members and prod the given ones. */
export const withMembers = (facts: Facts, members: { test?: EnvironmentMember[]; prod?: EnvironmentMember[] }): Facts => ({
  ...facts,
  environments: [
    { name: 'test', tip: sha('test'), members: members.test ?? [] },
    { name: 'prod', tip: sha('prod'), members: members.prod ?? [] },
  ],
});

export interface ContextOptions {
  request: Request;
  facts?: Facts;
  options?: Record<string, unknown>;
  target?: Environment;
  source?: Environment | undefined;
  intent?: Partial<PromotionIntent>;
}

/** A rule context promoting `request` to prod (source test) unless told otherwise. */
export const makeContext = (options: ContextOptions): RuleContext => {
  const target = options.target ?? prodEnv;
  const facts = options.facts ?? makeFacts({ requests: [options.request] });
  return {
    request: options.request,
    target,
    source: 'source' in options ? options.source : target === prodEnv ? testEnv : undefined,
    policy: makePolicy(),
    facts,
    intent: { target: target.name, requestIds: [options.request.id], overrides: [], ...options.intent },
    options: options.options ?? {},
  };
};
