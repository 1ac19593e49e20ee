import { describe, expect, it } from 'vitest';
import { buildStatus, type AuditEvent, type Facts, type Policy } from '@relctl/core';
import { deploymentHistory } from '@relctl/deploy';
import type { BoardData } from '@relctl/engine';
import { escapeHtml } from './escape-html.js';
import { renderBoard } from './render-board.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 2, 10, 9, 0);
const sha = (c: string) => c.repeat(40);
const EVIL = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';

const policy: Policy = {
  requestPrefix: 'req/',
  tagPrefix: 'v',
  remote: null,
  environments: [
    { name: 'test', branch: 'env/test', kind: 'integration', rules: [{ rule: 'max-age', options: { days: 1 } }] },
    { name: 'prod', branch: 'main', kind: 'release', source: 'test', rules: [] },
  ],
};

/** Four requests: A shipped, B on test and approved, C stale on test with a stale approval, D (hostile strings) nowhere. */
function fixture(): BoardData {
  const events: AuditEvent[] = [
    { type: 'deployed', at: NOW - 5 * HOUR, actor: 'Kim <kim@example.com>', env: 'prod', sha: sha('1'), requestIds: ['A'], data: { ok: true, version: '1.1.0', durationMs: 1234 } },
    { type: 'deployed', at: NOW - 4 * HOUR, actor: `Eve ${IMG}`, env: 'prod', sha: sha('2'), requestIds: ['B'], data: { ok: false, version: '1.2.0' } },
    {
      type: 'rolled-back',
      at: NOW - 3 * HOUR,
      actor: 'Kim <kim@example.com>',
      env: 'prod',
      sha: sha('1'),
      reason: `broken checkout ${EVIL}`,
      data: { ok: true, version: '1.1.0' },
    },
  ];
  const facts: Facts = {
    now: NOW,
    requests: [
      { id: 'A', branch: 'req/A', head: sha('a'), title: 'CSV export of orders', requester: 'Kim', dependsOn: [] },
      { id: 'B', branch: 'req/B', head: sha('b'), title: 'New product page layout', requester: 'Park', dependsOn: ['A'] },
      { id: 'C', branch: 'req/C', head: sha('c'), title: 'Fix rounding', dependsOn: ['B', 'Z'] },
      { id: 'D', branch: 'req/D', head: sha('d'), title: EVIL, requester: IMG, dependsOn: [] },
    ],
    environments: [
      {
        name: 'test',
        tip: sha('e'),
        members: [
          { requestId: 'B', sha: sha('b'), since: NOW - 3 * HOUR },
          { requestId: 'C', sha: sha('9'), since: NOW - 3 * 24 * HOUR },
        ],
      },
      { name: 'prod', tip: sha('f'), version: '1.1.0', members: [{ requestId: 'A', sha: sha('a'), since: NOW - 6 * HOUR }] },
    ],
    approvals: [
      { requestId: 'B', env: 'prod', sha: sha('b'), by: 'Lee', at: NOW - HOUR },
      { requestId: 'C', env: 'prod', sha: sha('9'), by: 'Lee', at: NOW - 2 * HOUR },
    ],
    events,
    conflicts: [],
  };
  const clean = (a: string, b: string) => ({ a, b, clean: true, paths: [] as string[] });
  const conflict = { a: 'C', b: 'D', clean: false, paths: ['src/orders.js', `src/${IMG}.js`] };
  return {
    repository: `shop-web ${EVIL}`,
    status: buildStatus({ policy, facts }),
    conflicts: {
      scope: 'all open requests',
      requests: ['B', 'C', 'D'].map((id) => ({ id, sha: sha(id.toLowerCase()) })),
      base: { env: 'prod', tip: sha('f') },
      cells: [clean('B', 'C'), clean('B', 'D'), conflict, clean('B', 'env:prod'), clean('C', 'env:prod'), clean('D', 'env:prod')],
      conflicts: [conflict],
    },
    deployments: deploymentHistory({ events }).reverse(),
  };
}

/** The fixture's status after D was closed by Kim (`relctl request close D --reason …`), built the way status builds it. */
function closeD(data: BoardData): BoardData['status'] {
  const d = data.status.requests.find((row) => row.id === 'D')!;
  Object.assign(d, { state: 'closed', hidden: true, closed: { at: NOW - HOUR, actor: 'Kim <kim@example.com>', reason: `duplicate of ${EVIL}` } });
  return { ...data.status, requests: [...data.status.requests.filter((row) => !row.hidden), ...data.status.requests.filter((row) => row.hidden)] };
}

/** The text of one environment card (tags removed, entities kept). */
function cardText(html: string, name: string): string {
  return (new RegExp(`<article class="env" id="env-${name}">[\\s\\S]*?</article>`).exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** The text of the table row of one request (tags removed, entities kept). */
function rowText(html: string, id: string): string {
  const match = new RegExp(`<tr id="request-${id}"[\\s\\S]*?</tr>`).exec(html);
  return (match?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('escapeHtml', () => {
  it('turns the five HTML-special characters into references and leaves the rest', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> 한국어`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; 한국어');
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});

describe('renderBoard', () => {
  const html = renderBoard(fixture());

  it('is one self-contained page: no scripts, no external resources, a print stylesheet, a strict CSP', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b(?![^>]*href="data:,")/i);
    expect(html).not.toMatch(/(src|href)="(?!#|data:)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('@media print');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('escapes every string from git: titles, requesters, actors, reasons, paths, the repository name', () => {
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain(IMG);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rowText(html, 'D')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; asked by &lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('Eve &lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('broken checkout &lt;script&gt;');
    expect(html).toContain('<code>src/&lt;img src=x onerror=alert(2)&gt;.js</code>');
    expect(html).toContain('<title>relctl board · shop-web &lt;script&gt;alert(1)&lt;/script&gt; · 2025-03-10 09:00 UTC</title>');
  });

  it('shows every request once, open ones first, with where it stands in each environment and for how long', () => {
    expect([...html.matchAll(/<tr id="request-([^"]+)"/g)].map((match) => match[1])).toEqual(['B', 'C', 'D', 'A']);
    expect(html).toContain('Open (3)');
    expect(html).toContain('Shipped (1)');
    expect(rowText(html, 'A')).toContain('A head aaaaaaa CSV export of orders asked by Kim');
    expect(rowText(html, 'A')).toContain('– not in ✓ shipped for 6h');
    expect(rowText(html, 'B')).toContain('✓ in for 3h – not in');
    expect(rowText(html, 'C')).toContain('! stale holds 9999999 for 3d');
    expect(rowText(html, 'D')).toContain('– not in – not in');
  });

  it('shows approvals (fresh or stale), dependencies with their state, and what needs attention', () => {
    expect(rowText(html, 'B')).toContain('✓ prod Lee');
    expect(rowText(html, 'C')).toContain('! prod · stale Lee');
    expect(rowText(html, 'A')).toContain('none');
    expect(rowText(html, 'B')).toContain('A ✓ shipped');
    expect(rowText(html, 'C')).toContain('B ! open Z ! unknown request');
    expect(rowText(html, 'C')).toContain('⏱ waiting too long 3d on test (limit 1d)');
    expect(rowText(html, 'C')).toContain('✗ conflict with D: src/orders.js , src/&lt;img');
    expect(rowText(html, 'D')).toContain('✗ conflict with C:');
    expect(rowText(html, 'B')).not.toContain('conflict');
  });

  it('shows an approval and a test record carried across a sync as carried', () => {
    const data = fixture();
    const b = data.status.requests.find((row) => row.id === 'B');
    if (b === undefined) throw new Error('fixture has B');
    b.envs['test'] = { state: 'in', sha: sha('8'), since: NOW - HOUR, waitedMs: HOUR, carried: { from: sha('8'), to: sha('b') } };
    b.approvals['prod'] = [{ sha: sha('8'), by: 'Lee', at: NOW - HOUR, fresh: true, carried: { from: sha('8'), to: sha('b') } }];
    const text = rowText(renderBoard(data), 'B');
    expect(text).toContain('✓ in · carried holds 8888888 , carried across sync 8888888 → bbbbbbb');
    expect(text).toContain('✓ prod · carried Lee');
  });

  it('lists closed requests last, under Closed, marked closed with who closed them and why; not among the open ones', () => {
    const data = fixture();
    data.status = closeD(data);
    const page = renderBoard(data);
    expect([...page.matchAll(/<tr id="request-([^"]+)"/g)].map((match) => match[1])).toEqual(['B', 'C', 'A', 'D']);
    expect(page).toContain('Open (2)');
    expect(page).toContain('Shipped (1)');
    expect(page).toContain('Closed (1)');
    expect(page).toContain('<tr id="request-D" class="closed">');
    expect(rowText(page, 'D')).toContain('D ✕ closed head ddddddd');
    expect(rowText(page, 'D')).toContain('closed by Kim &lt;kim@example.com&gt; at 2025-03-10 08:00 UTC: duplicate of &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain(`duplicate of ${EVIL}`);
    expect(page).toContain('4 requests (2 open)');
    // A dependency on a closed request says closed.
    data.status.requests.find((row) => row.id === 'C')!.dependsOn = ['D'];
    expect(rowText(renderBoard(data), 'C')).toContain('D ! closed');
    expect(rowText(html, 'D')).not.toContain('closed');
  });

  it('shows a reverted request among the open ones with reverted in the production column, as status does', () => {
    const data = fixture();
    const a = data.status.requests.find((row) => row.id === 'A')!;
    Object.assign(a, { state: 'reverted', hidden: false });
    data.status.requests = [...data.status.requests.filter((row) => !row.hidden), ...data.status.requests.filter((row) => row.hidden)];
    const page = renderBoard(data);
    expect(page).toContain('Open (4)');
    expect(page).not.toContain('Shipped (');
    expect(rowText(page, 'A')).toContain('– not in ↩ reverted');
    expect(rowText(page, 'A')).not.toContain('shipped');
    expect(rowText(page, 'B')).toContain('A ! reverted');
  });

  it('marks a hotfix request hotfix, and no other', () => {
    const data = fixture();
    data.status.requests.find((row) => row.id === 'B')!.hotfix = true;
    const page = renderBoard(data);
    expect(rowText(page, 'B')).toContain('B ⚑ hotfix head bbbbbbb');
    expect(page.match(/⚑<\/span> hotfix/g)).toHaveLength(1);
    expect(html).not.toContain('⚑');
  });

  it("warns on an integration environment's card when it is built on an older production tip", () => {
    const data = fixture();
    data.status.environments[0]!.staleBase = { base: sha('7'), baseEnv: 'prod', baseTip: sha('f') };
    const card = cardText(renderBoard(data), 'test');
    expect(card).toContain("warning ! stale base built on 7777777 , not on prod's tip fffffff : relctl sync , then relctl promote &lt;ids&gt; --to test , rebuilds it on the tip");
    expect(cardText(html, 'test')).not.toContain('stale base');
  });

  it("shows a request's checks that block it (red, pending, not reported) with their links, and 'stuck on a red check'", () => {
    const data = fixture();
    const row = (id: string) => data.status.requests.find((request) => request.id === id)!;
    row('B').checks = [
      { name: 'unit', result: 'fail', sha: sha('b'), source: 'relctl', url: 'https://ci.example.com/7' },
      { name: 'lint', result: 'pass', sha: sha('b'), source: 'relctl' },
    ];
    row('C').checks = [
      { name: 'e2e', result: 'fail', sha: sha('c'), source: 'github-check' },
      { name: 'build', result: 'pending', sha: sha('c'), source: 'github-check' },
      { name: 'smoke', result: 'missing', sha: sha('c') },
    ];
    const page = renderBoard(data);
    expect(rowText(page, 'B')).toContain('✗ check failed unit on bbbbbbb');
    expect(page).toContain('<a href="https://ci.example.com/7">unit</a>');
    expect(rowText(page, 'B')).not.toContain('lint');
    expect(rowText(page, 'B')).not.toContain('stuck');
    expect(rowText(page, 'C')).toContain('✗ check failed e2e on ccccccc — stuck on a red check');
    expect(rowText(page, 'C')).toContain('… check pending build on ccccccc');
    expect(rowText(page, 'C')).toContain('… check not reported smoke on ccccccc');
    expect(rowText(html, 'B')).not.toContain('check');
  });

  it('draws the conflict matrix: clean, conflict with its file count, the prod tip column, and the list of paths', () => {
    const matrix = /<table class="matrix">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const text = matrix.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('request B C D prod tip');
    expect(text).toContain('B — ✓ clean ✓ clean ✓ clean');
    expect(text).toContain('C ✓ clean — ✗ conflict 2 files ✓ clean');
    expect(html).toContain('<h3>1 conflict</h3>');
    expect(html).toContain('<li><strong>C</strong> × <strong>D</strong>: <code>src/orders.js</code>, <code>src/&lt;img');
  });

  it('lists deployments per environment, newest first, with result, version, sha, who and rollbacks', () => {
    const timeline = /<section id="deployments"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const rows = [...timeline.matchAll(/<tr class="([^"]+)">([\s\S]*?)<\/tr>/g)].map(
      (match) =>
        `${match[1]}: ${(match[2] ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()}`,
    );
    expect(rows).toEqual([
      'rolled-back ok: 2025-03-10 06:00 UTC 3h ago ↩ rolled back ✓ ok v1.1.0 1111111 Kim &lt;kim@example.com&gt; - - broken checkout &lt;script&gt;alert(1)&lt;/script&gt;',
      'deployed failed: 2025-03-10 05:00 UTC 4h ago ↑ deployed ✗ FAILED v1.2.0 2222222 Eve &lt;img src=x onerror=alert(2)&gt; B - -',
      'deployed ok: 2025-03-10 04:00 UTC 5h ago ↑ deployed ✓ ok v1.1.0 1111111 Kim &lt;kim@example.com&gt; A 1.2s -',
    ]);
    expect(timeline).toContain('<h3>test</h3><p class="empty">Never deployed.</p>');
  });

  it("shows each environment's branch, tip, version, what runs when it is not the tip, request count and last deployment", () => {
    const card = (name: string) => (new RegExp(`<article class="env" id="env-${name}">[\\s\\S]*?</article>`).exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(card('test')).toContain('branch env/test tip eeeeeee version - requests 2 last deployment never deployed');
    // The rollback left 1111111 on the servers, not the tip: the card says what runs, as status does.
    expect(card('prod')).toContain(
      'branch main tip fffffff version v1.1.0 live 1111111 v1.1.0 (rolled back) ! not the tip requests 1 last deployment ↩ rolled back v1.1.0 1111111 by Kim &lt;kim@example.com&gt;',
    );
    expect(card('test')).not.toContain('live');
  });

  it('says so when there is nothing yet: no requests, nothing to merge, no deployments', () => {
    const data = fixture();
    const empty = renderBoard({
      ...data,
      status: { ...data.status, requests: [] },
      conflicts: { scope: 'all open requests', requests: [], base: null, cells: [], conflicts: [] },
      deployments: [],
    });
    expect(empty).toContain('No requests yet. Start one with <code>relctl request new &lt;id&gt; --title …</code>.');
    expect(empty).toContain('No pending request (all open requests); nothing to merge.');
    expect(empty).toContain('No deployments recorded yet.');
    expect(empty).not.toContain('<table class="requests">');
    expect(empty).not.toContain('<table class="matrix">');
  });

  it('says every pair merges cleanly when there is no conflict', () => {
    const data = fixture();
    const cells = data.conflicts.cells.map((cell) => ({ ...cell, clean: true, paths: [] }));
    const page = renderBoard({ ...data, conflicts: { ...data.conflicts, cells, conflicts: [] } });
    expect(page).toContain('✓</span> all clean</span> Every pair merges cleanly.');
    expect(page).not.toContain('✗</span> conflict');
  });
});
