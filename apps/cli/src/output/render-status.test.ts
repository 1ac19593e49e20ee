import { describe, expect, it } from 'vitest';
import type { StatusReport, StatusRow } from '@relctl/core';
import type { Io } from '../io.js';
import { renderStatus } from './render-status.js';

const io: Io = { cwd: '/', env: { NO_COLOR: '1' }, stdout: () => {}, stderr: () => {}, isTTY: false, now: () => 0 };
const DAY = 86_400_000;
const head = 'b'.repeat(40);

const row = (overrides: Partial<StatusRow>): StatusRow => ({
  id: 'B',
  title: 'New product page layout',
  head,
  dependsOn: [],
  envs: { test: { state: 'in', sha: head, since: 0, waitedMs: 40 * DAY }, prod: { state: 'absent' } },
  approvals: { test: [], prod: [] },
  conflicts: [],
  shipped: false,
  state: 'open',
  hidden: false,
  ...overrides,
});

const report = (rows: StatusRow[]): StatusReport => ({
  now: 40 * DAY,
  requests: rows,
  environments: [
    { name: 'test', kind: 'integration', branch: 'env/test', tip: 'c'.repeat(40), version: null, requestCount: 1 },
    { name: 'prod', kind: 'release', branch: 'main', tip: 'd'.repeat(40), version: '1.0.0', requestCount: 0 },
  ],
});

describe('renderStatus: checks', () => {
  it('names the checks of the head that are not green, with their links; green ones are not noise', () => {
    const text = renderStatus(
      report([
        row({
          checks: [
            { name: 'unit', result: 'pass', sha: head },
            { name: 'e2e', result: 'fail', sha: head, url: 'https://ci.example.com/7' },
            { name: 'lint', result: 'pending', sha: head },
            { name: 'scan', result: 'missing', sha: head },
          ],
        }),
      ]),
      io,
    );
    expect(text).toContain('checks on bbbbbbb: e2e failed (https://ci.example.com/7), lint pending, scan missing');
    expect(text).not.toContain('unit');
  });

  it('says a request waiting past max-age is stuck on a red check', () => {
    const stuck = row({ maxAgeWarning: { env: 'test', days: 30, waitedMs: 40 * DAY }, checks: [{ name: 'e2e', result: 'fail', sha: head }] });
    expect(renderStatus(report([stuck]), io)).toMatch(/waiting 40d on test \(> 30d\), stuck on a red check; checks on bbbbbbb: e2e failed/);
    const waiting = row({ maxAgeWarning: { env: 'test', days: 30, waitedMs: 40 * DAY }, checks: [{ name: 'e2e', result: 'pending', sha: head }] });
    expect(renderStatus(report([waiting]), io)).not.toContain('stuck on a red check');
  });
});

describe('renderStatus: what the servers run', () => {
  it('names the live commit when it is not the branch tip (after a rollback), and nothing when it is', () => {
    const rolledBack = report([]);
    rolledBack.environments[1] = {
      ...rolledBack.environments[1]!,
      lastDeployment: { type: 'rolled-back', at: 39 * DAY, actor: 'Kim', sha: 'e'.repeat(40), version: '0.9.0' },
      live: { sha: 'e'.repeat(40), version: '0.9.0', via: 'rolled-back' },
    };
    expect(renderStatus(rolledBack, io)).toMatch(
      /prod {3}main at ddddddd v1\.0\.0, 0 request\(s\); last rolled-back 24h ago; live eeeeeee v0\.9\.0 \(rolled back\), not the branch tip/,
    );
    const atTip = report([]);
    atTip.environments[1] = { ...atTip.environments[1]!, lastDeployment: { type: 'deployed', at: 39 * DAY, actor: 'CI', sha: 'd'.repeat(40) } };
    expect(renderStatus(atTip, io)).not.toContain('live');
  });
});

describe('renderStatus: records carried across a sync', () => {
  it('shows a carried approval and a cell holding the synced-from head as carried, a stale one as stale', () => {
    const from = 'a'.repeat(40);
    const carried = row({
      envs: { test: { state: 'in', sha: from, since: 0, waitedMs: 2 * DAY, carried: { from, to: head } }, prod: { state: 'absent' } },
      approvals: { test: [], prod: [{ sha: from, by: 'Kim', at: 0, fresh: true, carried: { from, to: head } }] },
    });
    const text = renderStatus(report([carried]), io);
    expect(text).toContain('prod: Kim, carried across sync aaaaaaa → bbbbbbb');
    expect(text).toContain('in 2d (carried from aaaaaaa)');
    const stale = row({ id: 'D', approvals: { test: [], prod: [{ sha: from, by: 'Kim', at: 0, fresh: false }] } });
    expect(renderStatus(report([stale]), io)).toContain('prod: Kim (stale)');
  });
});

describe('renderStatus: shipped, closed and reverted requests', () => {
  const shipped = row({ id: 'A', shipped: true, state: 'shipped', hidden: true, envs: { test: { state: 'absent' }, prod: { state: 'in', sha: head } } });
  const closed = row({ id: 'C', state: 'closed', hidden: true, envs: { test: { state: 'absent' }, prod: { state: 'absent' } } });
  const reverted = row({ id: 'R', state: 'reverted', envs: { test: { state: 'absent' }, prod: { state: 'absent' } } });

  it('leaves shipped and closed requests out of the table and counts them; labels a reverted one', () => {
    const text = renderStatus(report([row({}), reverted, shipped, closed]), io);
    expect(text).not.toMatch(/^A /m);
    expect(text).not.toMatch(/^C /m);
    expect(text).toMatch(/^R +New product page layout +- +reverted/m);
    expect(text).toContain('(1 shipped, 1 closed not shown; relctl status --all shows them)');
  });

  it('shows them all with a state column with --all', () => {
    const text = renderStatus(report([row({}), reverted, shipped, closed]), io, { all: true });
    expect(text).toMatch(/^request +title +state +test +prod/m);
    expect(text).toMatch(/^A +New product page layout +shipped +- +shipped/m);
    expect(text).toMatch(/^C +New product page layout +closed +-/m);
    expect(text).toMatch(/^B +New product page layout +open +in/m);
    expect(text).not.toContain('not shown');
  });

  it('says there is no open request when every request is hidden', () => {
    expect(renderStatus(report([shipped]), io)).toMatch(/^No open requests\.\n\(1 shipped not shown/m);
  });
});
