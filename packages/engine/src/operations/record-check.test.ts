import { evaluatePromotion, NotFoundError, UsageError } from '@relctl/core';
import { createTempRepo, GIT_TEST_ENV, type TempRepo } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../events/engine-event.js';
import { gatherFacts } from '../facts/gather-facts.js';
import { openSession, type Session } from '../session/open-session.js';
import { recordCheck } from './record-check.js';

const CONFIG = `requestPrefix: req/
tagPrefix: v
remote: null
environments:
  - name: test
    kind: integration
    branch: env/test
    rules:
      - rule: checks
        options: { required: [unit] }
  - name: prod
    kind: release
    branch: main
    source: test
    rules: [changeset]
`;

// A real repository: relctl's config on main, request A on req/A. Recorded results go to the audit log.
describe('recordCheck on a real repository', () => {
  let repo: TempRepo;
  let head: string;
  let session: Session;
  const events: EngineEvent[] = [];
  const log = () => repo.git(['log', '--format=%H %s', 'refs/relctl/log', '--']).trim();
  const logOrNone = () => {
    try {
      return log();
    } catch {
      return '(no log)';
    }
  };

  beforeAll(async () => {
    repo = createTempRepo();
    repo.commit('the shop', { 'README.md': '# shop\n', 'relctl.config.yaml': CONFIG });
    repo.git(['checkout', '-q', '-b', 'req/A']);
    head = repo.commit('Work on A', { '.changeset/A.md': '---\n"shop": patch\n---\n\nChange A\n', 'a.txt': 'A\n' });
    repo.git(['checkout', '-q', 'main']);
    session = await openSession({ cwd: repo.dir, env: { ...GIT_TEST_ENV, PATH: process.env['PATH'] }, now: () => Date.UTC(2026, 0, 2), onEvent: (event) => events.push(event) });
  });
  afterAll(() => {
    session?.close();
    repo?.remove();
  });

  const judge = async () => {
    const facts = await gatherFacts(session);
    return evaluatePromotion({ policy: session.policy, facts, intent: { target: 'test', requestIds: ['A'], overrides: [] } });
  };

  it('refuses bad input with a UsageError or NotFoundError and writes nothing', async () => {
    const before = logOrNone();
    await expect(recordCheck({ session, name: 'unit', sha: head, result: 'green' })).rejects.toThrow(UsageError);
    await expect(recordCheck({ session, name: 'unit', sha: head.slice(0, 7), result: 'pass' })).rejects.toThrow(/not a full commit SHA/);
    await expect(recordCheck({ session, name: 'unit', sha: 'f'.repeat(40), result: 'pass' })).rejects.toThrow(NotFoundError);
    await expect(recordCheck({ session, name: '', sha: head, result: 'pass' })).rejects.toThrow(UsageError);
    expect(logOrNone()).toBe(before);
  });

  it('appends one checked event; the checks rule sees it as a fact about the head', async () => {
    expect((await judge()).allowed).toBe(false);
    const recorded = await recordCheck({ session, name: 'unit', sha: head, result: 'fail', url: 'https://ci.example.com/1' });
    expect(recorded.requestIds).toEqual(['A']);
    expect(recorded.check).toEqual({ name: 'unit', sha: head, result: 'fail', url: 'https://ci.example.com/1' });
    expect(events.filter((event) => event.type === 'check-recorded')).toEqual([
      { type: 'check-recorded', name: 'unit', sha: head, result: 'fail', url: 'https://ci.example.com/1', requestIds: ['A'], signed: false },
    ]);
    expect(log().split('\n')).toHaveLength(1);
    expect(log()).toContain(`relctl: check unit fail on ${head.slice(0, 12)}`);
    const facts = await gatherFacts(session);
    expect(facts.checks).toEqual([expect.objectContaining({ name: 'unit', result: 'fail', sha: head, source: 'relctl', url: 'https://ci.example.com/1' })]);
    const denied = await judge();
    expect(denied.allowed).toBe(false);
    expect(denied.outcomes.find((outcome) => outcome.rule === 'checks')?.message).toContain(`check unit failed on A's head ${head.slice(0, 7)}`);

    await recordCheck({ session, name: 'unit', sha: head, result: 'pass' });
    expect((await judge()).allowed).toBe(true);
  });

  it('the same result recorded again is nothing to do; a dry run writes nothing', async () => {
    const before = log();
    const again = await recordCheck({ session, name: 'unit', sha: head, result: 'pass' });
    expect(again.plan.steps).toEqual([]);
    const dry = await recordCheck({ session, name: 'e2e', sha: head, result: 'pass', dryRun: true });
    expect(dry.result).toBeNull();
    expect(dry.plan.steps.map((step) => step.kind)).toEqual(['record', 'update-refs']);
    expect(log()).toBe(before);
  });
});
