import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { makeTempDir } from '@relctl/testing';
import { createStoryRepo, startFourRequests, type StoryRepo } from './story-repo.js';

const ESC = '\u001b';
const RLO = '\u202e';
/** A raw control or bidi character in human output: what must never reach the terminal. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the test looks for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface StatusJson {
  environments: Array<{ name: string; version: string | null }>;
  requests: Array<{ id: string; title: string; approvals: Record<string, Array<{ by: string }>> }>;
}

// The smaller lies of issue 14, each on the same shop repository (local, no origin).
describe('the smaller lies', () => {
  let repo: StoryRepo;
  let out: string;
  const status = () => JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;

  beforeAll(async () => {
    out = makeTempDir('small-lies');
    repo = await createStoryRepo();
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    config.environments[0]!.deploy = { strategy: 'command', command: ['sh', '-c', `printf '%s' "$RELCTL_REQUESTS_JSON" > '${out}/requests.json'`] };
    repo.commitOnMain('Deploy settings', { 'relctl.config.yaml': stringify(config) });
    startFourRequests(repo);
    repo.ok(['promote', 'A', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'A', '--to', 'prod']);
  }, 240_000);
  afterAll(async () => {
    await repo?.remove();
    rmSync(out, { recursive: true, force: true });
  });

  it('status shows the version as git describe does: v1.1.0, then v1.1.0+1, never a tag off the branch', () => {
    const prod = () => status().environments.find((env) => env.name === 'prod');
    expect(prod()?.version).toBe('1.1.0');
    expect(repo.ok(['status']).stdout).toMatch(/^ {2}prod +main at [0-9a-f]{7} v1\.1\.0, /m);
    repo.commitOnMain('Hotfix the footer', { 'src/footer.js': 'export const footer = 1;\n' });
    expect(prod()?.version).toBe('1.1.0+1');
    expect(repo.ok(['status']).stdout).toMatch(/^ {2}prod +main at [0-9a-f]{7} v1\.1\.0\+1, /m);
    expect(repo.git(['describe', '--tags', 'main'])).toMatch(/^v1\.1\.0-1-g/);
    // A higher release tag on a commit main does not contain is not main's version.
    repo.git(['tag', 'v9.0.0', 'req/B']);
    try {
      expect(prod()?.version).toBe('1.1.0+1');
    } finally {
      repo.git(['tag', '-d', 'v9.0.0']);
    }
  });

  it('a config that does not parse says the line, the column and the cause (and --json carries them)', () => {
    const path = join(repo.dir, 'relctl.config.yaml');
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, `${original}\nbroken: [unclosed\n`);
      // Not committed on main, it is refused as not production's; tried explicitly (--config), it is parsed and its error named.
      expect(repo.relctl(['status']).stderr).toMatch(/differs from the one committed on main/);
      const result = repo.relctl(['status', '--config', 'relctl.config.yaml']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^relctl: Cannot read the relctl config: .*relctl\.config\.yaml line \d+, column \d+: [a-zA-Z][^;(]*; fix the file's syntax\.\n$/);
      const json = JSON.parse(repo.relctl(['status', '--json', '--config', 'relctl.config.yaml']).stdout) as {
        error: { data: { file: string; line: number; column: number; cause: string } };
      };
      expect(json.error.data).toMatchObject({ file: path });
      expect(json.error.data.line).toBeGreaterThan(original.split('\n').length - 1);
      expect(json.error.data.column).toBeGreaterThan(0);
      expect(json.error.data.cause.length).toBeGreaterThan(5);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('a --json refusal mentions no table and carries every outcome', () => {
    // Neither C nor D was tested or approved: several rules fail.
    const result = repo.relctl(['promote', 'C', 'D', '--to', 'prod', '--json']);
    expect(result.code).toBe(3);
    const { error } = JSON.parse(result.stdout) as { error: { message: string; data: { outcomes: unknown[]; decision: { outcomes: unknown[] } } } };
    expect(error.message).not.toMatch(/table/);
    expect(error.message).toMatch(/\(and \d+ more; see error\.data\.outcomes\)/);
    expect(error.data.outcomes.length).toBeGreaterThan(1);
    expect(error.data.decision.outcomes.length).toBeGreaterThanOrEqual(error.data.outcomes.length);
    expect(repo.relctl(['promote', 'C', 'D', '--to', 'prod']).stderr).toMatch(/see the table above/);
  });

  it('titles, requesters, --by and --reason are escaped in human output and exact in --json', () => {
    const title = `${ESC}[2J${ESC}[HSale ${RLO}txt.exe`;
    const forged = 'Kim\nB  New product page layout  shipped  prod: CTO';
    repo.ok(['request', 'new', 'E', '--title', title, '--requester', `Eve${ESC}[31m`]);
    repo.ok(['approve', 'B', '--for', 'prod', '--by', forged]);
    const human = [
      repo.ok(['status']).stdout,
      repo.ok(['request', 'list']).stdout,
      repo.ok(['request', 'show', 'E']).stdout,
      repo.ok(['request', 'show', 'B']).stdout,
      repo.ok(['log']).stdout,
      repo.ok(['request', 'new', 'F', '--title', title, '--dry-run']).stdout,
    ].join('\n');
    expect(human).not.toMatch(RAW_CONTROL);
    expect(human).toContain('\\033[2J\\033[HSale \\u202etxt.exe');
    expect(human).toContain('Kim\\nB  New product page layout');
    // The forged approval stays inside B's row: no line of the table starts with "B  New product".
    expect(
      repo
        .ok(['status'])
        .stdout.split('\n')
        .filter((line) => line.startsWith('B ')),
    ).toHaveLength(1);
    // --json keeps the exact strings.
    const report = status();
    expect(report.requests.find((row) => row.id === 'E')?.title).toBe(title);
    expect(report.requests.find((row) => row.id === 'B')?.approvals.prod?.[0]?.by).toBe(forged);
    // An error line escapes what it quotes too.
    const refused = repo.relctl(['deploy', 'test', '--sha', `${ESC}[2J`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(RAW_CONTROL);
  });

  it('conflicting file names are quoted the way git quotes them', () => {
    const name = `odd${ESC}[1m\nname.js`;
    repo.ok(['request', 'new', 'Q', '--title', 'Odd file']);
    repo.commitOn('req/Q', 'Odd file', { [name]: 'from Q\n' });
    repo.commitOnMain('Odd file on main', { [name]: 'from main\n' });
    const result = repo.relctl(['conflicts', '--all']);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('"odd\\033[1m\\nname.js"');
  });

  it('titles and reasons are bounded at input, cut in tables, and never overflow a deploy', () => {
    const huge = 'x'.repeat(70_000);
    const refused = repo.relctl(['request', 'new', 'G', '--title', huge]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('relctl: --title is 70000 characters long; the limit is 256 (put the details in the changeset or the commits of the request branch).\n');
    expect(repo.relctl(['approve', 'B', '--for', 'prod', '--by', 'y'.repeat(5000)]).stderr).toMatch(/--by is 5000 characters long; the limit is 200/);
    expect(repo.relctl(['revert', 'A', '--reason', 'z'.repeat(5000)]).stderr).toMatch(/--reason is 5000 characters long; the limit is 1000/);
    // A hand-made request branch whose first commit subject is 120 kB (no changeset, no event).
    repo.git(['branch', 'req/L', 'main']);
    repo.git(['switch', '-q', 'req/L']);
    writeFileSync(join(repo.dir, 'long.txt'), 'long\n');
    repo.git(['add', 'long.txt']);
    writeFileSync(join(out, 'message'), `${'L'.repeat(120_000)}\n`);
    repo.git(['commit', '-q', '-F', join(out, 'message')]);
    repo.git(['switch', '-q', 'main']);
    const widest = Math.max(
      ...repo
        .ok(['status'])
        .stdout.split('\n')
        .map((line) => line.length),
    );
    expect(widest).toBeLessThan(400);
    repo.ok(['promote', 'L', '--to', 'test']);
    repo.ok(['deploy', 'test']);
    const shipped = JSON.parse(readFileSync(join(out, 'requests.json'), 'utf8')) as Array<{ id: string; title?: string }>;
    expect(shipped.find((request) => request.id === 'L')?.title).toBe(`${'L'.repeat(199)}…`);
  });

  it('a plain-git branch req/HEAD is not a request, and HEAD cannot be made one', () => {
    repo.git(['branch', 'req/HEAD', 'main']);
    expect(status().requests.map((row) => row.id)).not.toContain('HEAD');
    expect(repo.ok(['request', 'list']).stdout).not.toMatch(/^HEAD /m);
    const refused = repo.relctl(['request', 'new', 'HEAD', '--title', 'Pointer']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('relctl: "HEAD" is not a valid request id: git reserves that name (like HEAD, FETCH_HEAD, ORIG_HEAD); choose another id.\n');
    expect(repo.relctl(['promote', 'FETCH_HEAD', '--to', 'test']).code).toBe(2);
  });
});
