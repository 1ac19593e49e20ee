import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MergeConflictError, NotFoundError, StateError } from '@relctl/core';
import { approve, demote, listRequests, newRequest, previewNotes, promote, readDeploymentLog, readLog, readStatus, revert, showRequest, sync, type Session } from '../src/index.js';
import { createScratchRepo, type ScratchRepo } from './scratch-session.js';

// One scratch repository walked through a request's life by the engine alone (no CLI): each
// operation's returned data and events, and what it did to the repository.
describe('engine operations on a scratch repository', () => {
  let scratch: ScratchRepo;
  const types = () => [...new Set(scratch.events.map((event) => event.type))].sort();
  async function withSession<T>(body: (session: Session) => Promise<T>): Promise<T> {
    const session = await scratch.session();
    try {
      return await body(session);
    } finally {
      session.close();
    }
  }

  beforeAll(() => {
    scratch = createScratchRepo();
  });
  afterAll(() => scratch?.repo.remove());

  it('newRequest: a dry run plans and changes nothing; a real one creates the branch and its changeset', async () => {
    const dry = await withSession((session) => newRequest({ session, id: 'A', title: 'CSV export', requester: 'Kim', bump: 'minor', dryRun: true }));
    expect(dry.result).toBeNull();
    expect(dry.plan.command).toBe('request new A');
    expect(types()).toEqual(['plan-preview']);
    expect(scratch.repo.git(['branch', '--list', 'req/A'])).toBe('');

    const made = await withSession((session) => newRequest({ session, id: 'A', title: 'CSV export', requester: 'Kim', bump: 'minor' }));
    expect(made).toMatchObject({ branch: 'req/A', changesetPath: '.changeset/A.md' });
    expect(made.result?.outcomes.length).toBeGreaterThan(0);
    expect(types()).toContain('step');
    expect(scratch.repo.git(['show', 'req/A:.changeset/A.md'])).toContain('"shop-web": minor');
    await withSession((session) => newRequest({ session, id: 'B', title: 'Grid layout' }));
    await withSession((session) => newRequest({ session, id: 'D', title: 'New sender', dependsOn: [] }));
    scratch.commitOn('req/A', 'CSV export', { 'src/orders.js': 'export const total = 1;\n' });
    scratch.commitOn('req/B', 'Grid layout', { 'src/products.js': "export const products = ['Tea', 'grid'];\n" });
    scratch.commitOn('req/D', 'New sender', { 'src/mail.js': "export const sender = 'hello@example.com';\n" });
  });

  it('newRequest refuses an id that exists, with nothing changed', async () => {
    const before = scratch.repo.git(['for-each-ref']);
    await expect(withSession((session) => newRequest({ session, id: 'A' }))).rejects.toThrow(/A/);
    expect(scratch.repo.git(['for-each-ref'])).toBe(before);
  });

  it('listRequests: every request, where it is, and when the facts were read', async () => {
    const { requests, now } = await withSession((session) => listRequests({ session }));
    expect(requests.map((request) => [request.id, request.title, request.requester ?? null, request.changeset?.bump, request.environments])).toEqual([
      ['A', 'CSV export', 'Kim', 'minor', []],
      ['B', 'Grid layout', 'Test Author <author@example.com>', 'patch', []],
      ['D', 'New sender', 'Test Author <author@example.com>', 'patch', []],
    ]);
    expect(now).toBeGreaterThan(0);
    expect(scratch.events).toEqual([]);
  });

  it('demote: takes B off test and rebuilds it without B', async () => {
    await withSession((session) => promote({ session, requestIds: ['A', 'B'], to: 'test' }));
    const { env, plan, result } = await withSession((session) => demote({ session, requestIds: ['B'], from: 'test' }));
    expect(env.name).toBe('test');
    expect(plan.command).toBe('demote B --from test');
    expect(result).not.toBeNull();
    expect(types()).toContain('step');
    const held = scratch.repo.git(['log', '--format=%(trailers:key=Relctl-Request,valueonly)', 'main..env/test']).split('\n').filter(Boolean);
    expect(held).toEqual(['A']);
  });

  it('showRequest: where a request is, and a refusal for one that does not exist', async () => {
    const shown = await withSession((session) => showRequest({ session, id: 'A' }));
    expect(shown.request.branch).toBe('req/A');
    expect(shown.environments).toEqual([
      { env: 'test', state: 'in', sha: shown.request.head },
      { env: 'prod', state: 'absent', sha: null },
    ]);
    expect(shown.approvals).toEqual([]);
    expect(shown.events.map((event) => event.type)).toEqual(['request-created', 'promoted']);
    await expect(withSession((session) => showRequest({ session, id: 'Z' }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('approve: an approval pinned to the head, in the data and the log', async () => {
    const head = scratch.repo.git(['rev-parse', 'req/A']);
    const approved = await withSession((session) => approve({ session, requestId: 'A', for: 'prod', by: 'Kim <kim@example.com>' }));
    expect(approved?.approval).toEqual({ requestId: 'A', env: 'prod', sha: head, by: 'Kim <kim@example.com>' });
    expect(approved?.request.branch).toBe('req/A');
    expect(approved?.result).not.toBeNull();
    expect(types()).toContain('step');
    const { approvals } = await withSession((session) => showRequest({ session, id: 'A' }));
    expect(approvals).toMatchObject([{ env: 'prod', by: 'Kim <kim@example.com>', sha: head, fresh: true }]);
  });

  it('previewNotes: what would ship to prod, what stays and why, the next version', async () => {
    const { target, going, staying, preview, notes } = await withSession((session) => previewNotes({ session }));
    expect(target.name).toBe('prod');
    expect(going.map((request) => request.id)).toEqual(['A']);
    expect(staying.map((request) => request.id)).toEqual(['B', 'D']);
    expect(preview?.version).toBe('1.1.0');
    expect(notes.markdown).toContain('CSV export');
    expect(notes.json).toMatchObject({ env: 'prod', version: '1.1.0' });
  });

  it('sync: B and D get the released A; a second sync has nothing to do', async () => {
    await withSession((session) => promote({ session, requestIds: ['A'], to: 'prod' }));
    // The production promotion already synced the open requests: nothing left to do.
    const idle = await withSession((session) => sync({ session }));
    expect(idle).toMatchObject({ result: null, synced: 0, conflicts: [], upToDate: ['B', 'D'] });
    expect(idle.plan?.steps).toEqual([]);
    scratch.repo.commit('Document the shop', { 'README.md': '# shop\n' });
    const main = scratch.repo.git(['rev-parse', 'main']);
    const synced = await withSession((session) => sync({ session, requestIds: ['B'] }));
    expect(synced).toMatchObject({ synced: 1, conflicts: [], upToDate: [] });
    expect(synced.plan?.command).toBe('sync B');
    expect(types()).toContain('step');
    expect(scratch.repo.git(['merge-base', '--is-ancestor', main, 'req/B'])).toBe('');
  });

  it('sync reports a conflicting request as a sync-conflict event and in the data, leaving it as it was', async () => {
    scratch.repo.commit('Hotfix: sender', { 'src/mail.js': "export const sender = 'shop@example.org';\n" });
    const headD = scratch.repo.git(['rev-parse', 'req/D']);
    const { conflicts, synced } = await withSession((session) => sync({ session, requestIds: ['D'] }));
    expect(conflicts.map((conflict) => conflict.requestId)).toEqual(['D']);
    expect(synced).toBe(0);
    expect(scratch.events.filter((event) => event.type === 'sync-conflict')).toMatchObject([{ requestId: 'D', paths: ['src/mail.js'] }]);
    expect(scratch.repo.git(['rev-parse', 'req/D'])).toBe(headD);
  });

  it('revert: takes A out of production as a patch release', async () => {
    const dry = await withSession((session) => revert({ session, requestId: 'A', reason: 'breaks checkout', dryRun: true }));
    expect(dry.result).toBeNull();
    expect(types()).toEqual(['plan-preview']);
    const { plan, result } = await withSession((session) => revert({ session, requestId: 'A', reason: 'breaks checkout' }));
    expect(plan.command).toBe('revert A');
    expect(result?.state.release?.tagName).toBe('v1.1.1');
    expect(scratch.repo.git(['show', 'main:src/orders.js'])).toBe('export const total = 0;');
    await expect(withSession((session) => revert({ session, requestId: 'B' }))).rejects.toBeInstanceOf(StateError);
  });

  it('revert refuses a revert that conflicts with later changes, with nothing changed', async () => {
    await withSession((session) => promote({ session, requestIds: ['B'], to: 'test' }));
    await withSession((session) => approve({ session, requestId: 'B', for: 'prod' }));
    await withSession((session) => promote({ session, requestIds: ['B'], to: 'prod' }));
    scratch.repo.commit('Products by hand', { 'src/products.js': "export const products = ['Coffee'];\n" });
    const before = scratch.repo.git(['for-each-ref']);
    await expect(withSession((session) => revert({ session, requestId: 'B' }))).rejects.toBeInstanceOf(MergeConflictError);
    expect(scratch.repo.git(['for-each-ref'])).toBe(before);
  });

  it('readStatus: every request against every environment', async () => {
    const report = await withSession((session) => readStatus({ session }));
    expect(report.environments.map((env) => env.name)).toEqual(['test', 'prod']);
    expect(report.requests.map((request) => request.id).sort()).toEqual(['A', 'B', 'D']);
    expect(scratch.events).toEqual([]);
  });

  it('readLog: the audit trail newest first, filtered and limited; readDeploymentLog: no deployments yet', async () => {
    const all = await withSession((session) => readLog({ session }));
    // The last run was B's production promotion: its last event is test's rebuild.
    expect(all[0]).toMatchObject({ type: 'promoted', env: 'test', data: { rebuild: true } });
    expect(all.map((event) => event.at)).toEqual([...all.map((event) => event.at)].sort((a, b) => b - a));
    const aboutA = await withSession((session) => readLog({ session, request: 'A', limit: 3 }));
    expect(aboutA.map((event) => event.type)).toEqual(['synced', 'released', 'reverted']); // B's promotion synced the reverted A
    const onTest = await withSession((session) => readLog({ session, env: 'test' }));
    expect(onTest.every((event) => event.env === 'test')).toBe(true);
    await expect(withSession((session) => readLog({ session, env: 'staging' }))).rejects.toThrow('There is no environment "staging"; use one of: test, prod.');
    expect(await withSession((session) => readDeploymentLog({ session, env: 'prod' }))).toEqual([]);
  });
});
