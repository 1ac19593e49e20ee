import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { GIT_TEST_ENV, makeTempDir } from '@relctl/testing';
import { CLI_BIN } from './cli-harness.js';
import { createStoryRepo, startFourRequests, type StoryRepo } from './story-repo.js';

/** Debian's Chromium: playwright-core never downloads a browser. CI (`.ci/run`) installs it. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DOCS_SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'board.png');
const EVIL = '<script>alert(1)</script>';
const IDS = ['A', 'B', 'C', 'D', 'E'];

/** What one page load did: console errors, uncaught errors, dialogs, failed and all requests. */
interface Load {
  errors: string[];
  failed: string[];
  requested: string[];
  dialogs: string[];
}

/** Open `url` in a fresh page and record everything that could go wrong while it loads. */
async function load(browser: Browser, url: string): Promise<{ page: Page; load: Load }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const record: Load = { errors: [], failed: [], requested: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') record.errors.push(message.text());
  });
  page.on('pageerror', (error) => record.errors.push(error.message));
  page.on('requestfailed', (request) => record.failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('request', (request) => record.requested.push(request.url()));
  page.on('dialog', (dialog) => {
    record.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, load: record };
}

/**
 * Read caches of git data that any read command may refresh, like git's own commit-graph: the
 * decoded audit log and relctl's commit index. Everything else must stay as it was.
 */
const DERIVED_CACHES = /^(audit-log-cache\.json|commit-index)(\/|$)/;

/** Names, sizes and times of every file under `dir` but the derived caches: a read command must leave them as they were. */
function snapshot(dir: string): string {
  if (!existsSync(dir)) return '(none)';
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => !DERIVED_CACHES.test(name))
    .sort()
    .map((name) => {
      const stat = statSync(join(dir, name));
      return `${name} ${stat.size} ${stat.mtimeMs}`;
    })
    .join('\n');
}

/** Start `relctl board --serve` and wait for the line with its URL. */
function serve(cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI_BIN, 'board', '--serve', '--port', '0'], {
    cwd,
    env: { ...process.env, ...GIT_TEST_ENV, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /Serving the board at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops\)\n/.exec(stdout)?.[1];
      if (url) resolve({ child, url, output: () => stdout + stderr });
    });
    child.on('exit', (code) => reject(new Error(`relctl board --serve exited (${code}) before printing its URL:\n${stdout}\n${stderr}`)));
  });
}

/** The state of a request in each environment column, as the browser renders it. */
async function cellText(page: Page, id: string): Promise<string[]> {
  return page.locator(`#request-${id} td.cell`).allInnerTexts();
}

// The A-D story with deployments, one hostile title, a conflict and a stale request, looked at
// in headless Chromium from a file:// URL and through --serve.
// Chromium is a system package (Debian's `chromium`), not an npm dependency. CI installs it and
// sets RELCTL_REQUIRE_CHROMIUM=1, so there a missing browser fails the run; on a developer's
// machine without it the browser test is skipped with a line saying how to run it.
const REQUIRED = process.env['RELCTL_REQUIRE_CHROMIUM'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !REQUIRED) {
  console.warn(`board browser test skipped: ${CHROMIUM} is missing (install Debian's chromium: sudo apt-get install chromium).`);
}

describe.skipIf(!HAVE_CHROMIUM && !REQUIRED)('relctl board in a browser', () => {
  let repo: StoryRepo;
  let tmp: string;
  let browser: Browser;
  let boardFile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium ("sudo apt-get install chromium"; CI's .ci/run does). RELCTL_REQUIRE_CHROMIUM=1 makes the board's browser test required.`,
      );
    }
    tmp = makeTempDir('board-browser');
    boardFile = join(tmp, 'board.html');
    repo = await createStoryRepo();
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    config.environments[0]!.deploy = { strategy: 'directory', path: join(tmp, 'srv', 'test') };
    config.environments[1]!.deploy = { strategy: 'directory', path: join(tmp, 'srv', 'prod') };
    repo.commitOnMain('Deploy settings', { 'relctl.config.yaml': stringify(config) });
    startFourRequests(repo);
    // E: a hostile title, a dependency on B, and the same line of src/products.js as B (a conflict).
    repo.ok(['request', 'new', 'E', '--title', EVIL, '--requester', 'Han & "Co" <han@example.com>', '--depends-on', 'B']);
    repo.commitOn('req/E', 'List layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'list' }];\n" });
    repo.ok(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
    const lee = { GIT_AUTHOR_NAME: 'Lee', GIT_AUTHOR_EMAIL: 'lee@example.com' };
    repo.ok(['deploy', 'test'], lee);
    repo.ok(['deploy', 'prod'], lee);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['approve', 'C', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'A', 'C', '--to', 'prod']);
    repo.ok(['deploy', 'prod'], lee);
    repo.ok(['rollback', 'prod', '--reason', 'checkout is slow'], lee);
    // D moves after test took it: stale on test.
    repo.commitOn('req/D', 'Friendlier welcome', { 'src/welcome.js': "export const welcome = { subject: 'Welcome aboard!' };\n" });
    // G is closed (status hides it), H is a hotfix, and a fix pushed to main by hand leaves test
    // built on an older production tip (status's stale-base warning).
    repo.ok(['request', 'new', 'G', '--title', 'Gift wrap']);
    repo.ok(['request', 'close', 'G', '--reason', 'the customer withdrew it'], { GIT_AUTHOR_NAME: 'Kim', GIT_AUTHOR_EMAIL: 'kim@example.com' });
    repo.ok(['request', 'new', 'H', '--hotfix', '--title', 'Checkout returns 500']);
    repo.commitOnMain('Fix the footer by hand', { 'src/footer.js': 'export const footer = 2026;\n' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await repo?.remove();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('board --out writes that one file and nothing else', () => {
    const before = `${repo.fingerprint()}\n${snapshot(join(repo.dir, '.git', 'relctl'))}`;
    const result = repo.ok(['board', '--out', boardFile]);
    expect(result.stdout).toBe(`Wrote the board to ${boardFile} (7 request(s), 4 open; 1 conflict(s); 4 deployment(s)).\n`);
    expect(`${repo.fingerprint()}\n${snapshot(join(repo.dir, '.git', 'relctl'))}`).toBe(before);
    expect(readdirSync(tmp).sort()).toEqual(['board.html', 'srv']);
    const refused = repo.relctl(['board', '--serve', '--out', join(tmp, 'other.html')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('relctl: --serve and --out do not go together: serve the page, or write it to a file.\n');
    expect(readdirSync(tmp).sort()).toEqual(['board.html', 'srv']);
    // Without --out the same page goes to stdout (only the clock in it may differ).
    const printed = repo.ok(['board']).stdout;
    const clockless = (html: string) => html.replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, 'T').replace(/\d+[mhd] ago|for \d+[mhd]/g, 'AGE');
    expect(clockless(printed)).toBe(clockless(readFileSync(boardFile, 'utf8')));
  }, 120_000);

  it('shows the same data as status, conflicts --all and log --deployments (board --json)', () => {
    const board = JSON.parse(repo.ok(['board', '--json']).stdout) as Record<string, unknown> & { status: Record<string, unknown> };
    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as Record<string, unknown>;
    const { stats, ...conflicts } = JSON.parse(repo.ok(['conflicts', '--all', '--json']).stdout) as Record<string, unknown>;
    const deployments = JSON.parse(repo.ok(['log', '--deployments', '--limit', '0', '--json']).stdout) as unknown[];
    const timeless = (value: unknown) => JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'now' || key === 'waitedMs' ? undefined : item))) as unknown;
    expect(stats).toBeDefined();
    expect(timeless(board.status)).toEqual(timeless(status));
    expect(board.conflicts).toEqual(conflicts);
    expect(board.deployments).toEqual(deployments);
    expect(deployments).toHaveLength(4);
    // status's life facts, in the board's data: closed G (who, why), hotfix H, test's stale base.
    const rows = board.status['requests'] as Array<{ id: string; state: string; hidden: boolean; hotfix?: boolean; closed?: { actor: string; reason?: string } }>;
    expect(rows.map((row) => [row.id, row.state, row.hidden])).toEqual([
      ['B', 'open', false],
      ['D', 'open', false],
      ['E', 'open', false],
      ['H', 'open', false],
      ['A', 'shipped', true],
      ['C', 'shipped', true],
      ['G', 'closed', true],
    ]);
    expect(rows.find((row) => row.id === 'G')?.closed).toMatchObject({ actor: expect.stringContaining('Kim') as unknown, reason: 'the customer withdrew it' });
    expect(rows.filter((row) => row.hotfix === true).map((row) => row.id)).toEqual(['H']);
    const environments = board.status['environments'] as Array<{ name: string; staleBase?: { baseTip: string } }>;
    expect(environments.find((env) => env.name === 'test')?.staleBase).toMatchObject({ baseTip: repo.sha('main') });
    // A closed request is not in the matrix of open requests.
    expect((board['conflicts'] as { requests: Array<{ id: string }> }).requests.map((request) => request.id)).toEqual(['B', 'D', 'E', 'H']);
  }, 120_000);

  it('opens from a file:// URL with no console error and no request but the page itself', async () => {
    const url = pathToFileURL(boardFile).href;
    const { page, load: loaded } = await load(browser, url);
    try {
      expect(loaded.errors).toEqual([]);
      expect(loaded.failed).toEqual([]);
      expect(loaded.dialogs).toEqual([]);
      expect(loaded.requested.filter((requested) => !requested.startsWith('data:'))).toEqual([url]);
      expect(await page.title()).toMatch(/^relctl board · /);

      // Every request, visible, with its state per environment and its age.
      for (const id of IDS) {
        await expect.poll(() => page.locator(`#request-${id} .request-id`).isVisible()).toBe(true);
        expect(await page.locator(`#request-${id} .request-id`).innerText()).toBe(id);
      }
      expect(await cellText(page, 'A')).toEqual(['– not in', expect.stringMatching(/^✓ shipped for \d+m$/)]);
      expect(await cellText(page, 'B')).toEqual([expect.stringMatching(/^✓ in for \d+m$/), '– not in']);
      expect((await cellText(page, 'D'))[0]).toMatch(/^! stale holds [0-9a-f]{7} for \d+m$/);
      expect(await cellText(page, 'E')).toEqual(['– not in', '– not in']);

      // The hostile title is text on the page, not markup, and nothing ran.
      expect(await page.locator('#request-E td.title').innerText()).toBe(`${EVIL}\nasked by Han & "Co" <han@example.com>`);
      expect(await page.locator('script').count()).toBe(0);

      // Open requests first, then shipped ones, then closed ones (what status shows only with --all).
      const requests = page.locator('table.requests');
      expect(await requests.locator('tr.group').allInnerTexts()).toEqual(['OPEN (4)', 'SHIPPED (2)', 'CLOSED (1)']);
      expect(await requests.locator('tbody tr[id]').evaluateAll((rows) => rows.map((row) => row.id))).toEqual(['B', 'D', 'E', 'H', 'A', 'C', 'G'].map((id) => `request-${id}`));
      expect(await page.locator('#request-G th').innerText()).toMatch(/^G\n✕ closed\n/);
      expect(await page.locator('#request-G td.title').innerText()).toMatch(
        /^Gift wrap\n(asked by .*\n)?closed by Kim <kim@example\.com> at \d{4}-\d\d-\d\d \d\d:\d\d UTC: the customer withdrew it$/,
      );
      // The hotfix is marked, and nothing else is.
      expect(await page.locator('#request-H th').innerText()).toMatch(/^H\n⚑ hotfix\n/);
      expect(await page.getByText('hotfix', { exact: true }).count()).toBe(1);
      // test is built on an older production tip: its card warns, as status does.
      expect(await page.locator('#env-test .stale-base').innerText()).toBe(
        `! stale base built on ${repo.sha('main~1').slice(0, 7)}, not on prod's tip ${repo.sha('main').slice(0, 7)}: relctl sync, then relctl promote <ids> --to test, rebuilds it on the tip`,
      );
      expect(await page.locator('#env-prod .stale-base').count()).toBe(0);
      // prod was rolled back: the card says what the servers run, as status's "live … not the branch tip".
      const live = /live ([0-9a-f]{7}) \(rolled back\), not the branch tip/.exec(repo.ok(['status']).stdout)?.[1];
      expect(await page.locator('#env-prod .live').innerText()).toBe(`${live ?? 'no live line in status'} (rolled back) ! not the tip`);

      // Approvals and dependencies.
      expect(await page.locator('#request-A').innerText()).toContain('✓ prod Kim');
      expect(await page.locator('#request-E').innerText()).toContain('B ! open');

      // The conflict matrix of B, D, E (open) and prod: B and E conflict on src/products.js.
      const matrix = page.locator('#conflicts table.matrix');
      expect(await matrix.isVisible()).toBe(true);
      expect(await matrix.locator('thead th').allInnerTexts()).toEqual(['request', 'B', 'D', 'E', 'H', 'prod tip']);
      expect(await matrix.locator('tbody tr').nth(0).locator('td').allInnerTexts()).toEqual(['—', '✓ clean', '✗ conflict 1 file', '✓ clean', '✓ clean']);
      expect(await page.locator('#conflicts .conflict-list').innerText()).toBe('B × E: src/products.js');
      expect(await page.locator('#request-B').innerText()).toContain('✗ conflict with E: src/products.js');

      // The deployment timeline: test once; prod deployed twice and rolled back, newest first.
      const prod = page.locator('#deployments table.timeline').nth(1);
      const whats = await prod.locator('tbody tr').evaluateAll((rows) => rows.map((row) => `${row.children[1]?.textContent ?? ''} ${row.children[2]?.textContent ?? ''}`));
      expect(whats).toEqual(['↩ rolled back ✓ ok', '↑ deployed ✓ ok', '↑ deployed ✓ ok']);
      expect(await prod.locator('tbody tr').first().innerText()).toContain('checkout is slow');
      expect(await page.locator('#deployments table.timeline').nth(0).locator('tbody tr').count()).toBe(1);

      // Each environment's tip and version.
      expect(await page.locator('#env-prod').innerText()).toContain(`tip\n${repo.sha('main').slice(0, 7)}\nversion\nv1.1.0`);
      expect(await page.locator('#env-test').innerText()).toContain(`tip\n${repo.sha('env/test').slice(0, 7)}`);

      // Printable: the navigation goes, the tables stay.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav').isVisible()).toBe(false);
      expect(await matrix.isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      const shot = join(tmp, 'board.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      if (process.env.RELCTL_UPDATE_DOCS === '1') copyFileSync(shot, DOCS_SCREENSHOT);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('--serve serves the page on loopback, fresh on every load, until Ctrl-C', async () => {
    const { child, url, output } = await serve(repo.dir);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const first = await load(browser, url);
      expect(first.load.errors).toEqual([]);
      expect(first.load.failed).toEqual([]);
      expect(first.load.requested.filter((requested) => !requested.startsWith('data:'))).toEqual([url]);
      for (const id of IDS) expect(await first.page.locator(`#request-${id} .request-id`).isVisible()).toBe(true);
      expect(await first.page.locator('#conflicts table.matrix').isVisible()).toBe(true);
      expect(await first.page.locator('#deployments table.timeline').count()).toBe(2);
      expect(await first.page.locator('#request-F').count()).toBe(0);
      // A new request shows on the next load, without restarting the server.
      repo.ok(['request', 'new', 'F', '--title', 'Gift cards']);
      await first.page.reload({ waitUntil: 'load' });
      expect(await first.page.locator('#request-F .request-id').innerText()).toBe('F');
      expect(first.load.errors).toEqual([]);
      await first.page.close();
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output()).toContain('Stopped serving the board.\n');
  }, 120_000);
});
