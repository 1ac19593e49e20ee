import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import type { CheckResult } from '../model/facts.js';
import type { Environment } from '../model/environment.js';
import { HOUR, NOW, makeContext, makeFacts, makeRequest, prodEnv, sha, testEnv } from './rule-fixtures.spec.js';
import { checks, checksOptionsSchema } from './checks.js';

const a = makeRequest('A');
const c = makeRequest('C');
const check = (overrides: Partial<CheckResult> & Pick<CheckResult, 'name' | 'sha'>): CheckResult => ({
  result: 'pass',
  source: 'relctl',
  by: 'CI <ci@example.com>',
  at: NOW - HOUR,
  ...overrides,
});

describe('checks, about the request head (test)', () => {
  const toTest = (list: CheckResult[], options: Record<string, unknown> = { required: ['unit', 'e2e'] }, request = a) =>
    checks(makeContext({ request, target: testEnv, source: undefined, facts: makeFacts({ requests: [request], checks: list }), options }));

  it('passes when every required check passed on the exact head, naming them', () => {
    const result = toTest([check({ name: 'unit', sha: a.head }), check({ name: 'e2e', sha: a.head })]);
    expect(result).toEqual({ status: 'pass', message: `A: unit, e2e passed on its head ${a.head.slice(0, 7)}.` });
  });

  it('fails on a red check, naming the check, the commit and the link', () => {
    const result = toTest([check({ name: 'unit', sha: a.head }), check({ name: 'e2e', sha: a.head, result: 'fail', url: 'https://ci.example.com/7' })]);
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`check e2e failed on A's head ${a.head.slice(0, 7)} (https://ci.example.com/7)`);
    expect(result.message).toContain(`relctl check record e2e --sha ${a.head} --result pass`);
  });

  it('fails while a check is pending', () => {
    const result = toTest([check({ name: 'unit', sha: a.head }), check({ name: 'e2e', sha: a.head, result: 'pending' })]);
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`check e2e is still pending on A's head ${a.head.slice(0, 7)}`);
  });

  it('does not count a result for an older head, and says so', () => {
    const old = sha('old');
    const result = toTest([check({ name: 'unit', sha: a.head }), check({ name: 'e2e', sha: old })]);
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`check e2e has no result for A's head ${a.head.slice(0, 7)}`);
    expect(result.message).toContain(`results for ${old.slice(0, 7)} are about another commit and do not count`);
  });

  it('takes the latest result of a check for a commit: a rerun that passed turns it green', () => {
    const list = [
      check({ name: 'unit', sha: a.head }),
      check({ name: 'e2e', sha: a.head, result: 'fail', at: NOW - 2 * HOUR }),
      check({ name: 'e2e', sha: a.head, result: 'pass', at: NOW - HOUR }),
    ];
    expect(toTest(list).status).toBe('pass');
    expect(toTest([...list, check({ name: 'e2e', sha: a.head, result: 'fail', at: NOW })]).status).toBe('fail');
  });

  it("does not let one request's results count for another", () => {
    expect(toTest([check({ name: 'unit', sha: a.head })], { required: ['unit'] }, c).status).toBe('fail');
  });

  it('with requireSignatures, counts only recorded results whose signature verifies; GitHub results count', () => {
    const signed: Environment = { ...testEnv, requireSignatures: true };
    const run = (list: CheckResult[]) =>
      checks(
        makeContext({
          request: a,
          target: signed,
          source: undefined,
          facts: makeFacts({ requests: [a], checks: list }),
          options: { required: ['unit'], from: ['relctl', 'github'] },
        }),
      );
    const unsigned = run([check({ name: 'unit', sha: a.head, signature: { status: 'unsigned', reason: 'the commit carries no signature' } })]);
    expect(unsigned.status).toBe('fail');
    expect(unsigned.message).toContain('the commit carries no signature');
    expect(run([check({ name: 'unit', sha: a.head, signature: { status: 'verified', signer: 'ci@example.com' } })]).status).toBe('pass');
    expect(run([check({ name: 'unit', sha: a.head, source: 'github-check', by: 'github-actions' })]).status).toBe('pass');
  });
});

describe('checks, about the tree that ships (prod)', () => {
  const tree = sha('tree-AC');
  const candidates = [{ env: 'prod', requestIds: ['A', 'C'], tree }];
  const toProd = (list: CheckResult[], facts = {}) =>
    checks(
      makeContext({
        request: a,
        facts: makeFacts({ requests: [a, c], checks: list, candidates, ...facts }),
        intent: { requestIds: ['A', 'C'] },
        options: { required: ['e2e'] },
      }),
    );

  it('defaults to the tree for a release environment and passes on a result for a commit with that tree', () => {
    const result = toProd([check({ name: 'e2e', sha: sha('candidate'), tree })]);
    expect(result).toEqual({ status: 'pass', message: `A: e2e passed on tree ${tree.slice(0, 7)}, the tree prod would get.` });
  });

  it('does not count a green head: the combination that ships was never tested', () => {
    const result = toProd([check({ name: 'e2e', sha: a.head, tree: sha('tree-A') })]);
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`check e2e has no result for tree ${tree.slice(0, 7)} that prod would get from A, C`);
    expect(result.message).toContain('about another commit and do not count');
    expect(result.message).toContain('relctl candidate A C');
  });

  it('fails when the tree is unknown or the merges conflict', () => {
    expect(toProd([], { candidates: [] }).message).toContain('unknown');
    expect(toProd([], { candidates: [{ env: 'prod', requestIds: ['A', 'C'], tree: null }] }).message).toContain('do not merge cleanly');
  });

  it('can be told to look at the head instead (of: head)', () => {
    const result = checks(
      makeContext({ request: a, facts: makeFacts({ requests: [a], checks: [check({ name: 'e2e', sha: a.head })] }), options: { required: ['e2e'], of: 'head' } }),
    );
    expect(result.status).toBe('pass');
  });
});

describe('checks options', () => {
  it('needs at least one check name and knows only head and tree', () => {
    expect(checksOptionsSchema.safeParse({ required: ['unit'] }).success).toBe(true);
    expect(checksOptionsSchema.safeParse({ required: [] }).success).toBe(false);
    expect(checksOptionsSchema.safeParse({ required: ['unit'], of: 'branch' }).success).toBe(false);
    expect(() => checks(makeContext({ request: a, target: prodEnv, options: {} }))).toThrow(ConfigError);
  });
});

describe('checks sources', () => {
  const run = (list: CheckResult[], options: Record<string, unknown>) =>
    checks(makeContext({ request: a, target: testEnv, source: undefined, facts: makeFacts({ requests: [a], checks: list }), options }));
  const fromGithub = check({ name: 'unit', sha: a.head, source: 'github-check', by: 'github-actions' });

  it('counts only recorded results by default, and GitHub results when told so', () => {
    expect(run([fromGithub], { required: ['unit'] }).status).toBe('fail');
    expect(run([fromGithub], { required: ['unit'], from: ['github'] }).status).toBe('pass');
    expect(run([check({ name: 'unit', sha: a.head })], { required: ['unit'], from: ['github'] }).status).toBe('fail');
    expect(run([check({ name: 'unit', sha: a.head, source: 'github-status', by: 'jenkins' })], { required: ['unit'], from: ['relctl', 'github'] }).status).toBe('pass');
  });
});
