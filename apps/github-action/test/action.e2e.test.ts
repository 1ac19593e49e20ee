import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSession, promote, RELEASE_NOTES_MARKER } from '@relctl/engine';
import { createTempRepo, git, GIT_TEST_ENV, makeTempDir, startFakeGithub, type FakeGithub, type TempRepo } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle', 'index.mjs');
const TOKEN = 'ghs_action_e2e_marker_8Wd';

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What the action wrote to GITHUB_OUTPUT, by name. */
  outputs: Record<string, string>;
}

/** Read a GITHUB_OUTPUT file (`name<<delimiter` … `delimiter` blocks). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[index] ?? '');
    if (!match?.[1] || !match[2]) continue;
    const end = lines.indexOf(match[2], index + 1);
    outputs[match[1]] = lines.slice(index + 1, end).join('\n');
    index = end;
  }
  return outputs;
}

// The action's entry as the runner starts it: `node bundle/index.mjs` with INPUT_* variables, an
// event payload file and GITHUB_OUTPUT, against the loopback GitHub, whose repository is the
// scratch repository's origin (so its pull requests have real shas).
describe('the GitHub Action (built bundle) keeps one release-notes comment', { timeout: 120_000 }, () => {
  let repo: TempRepo;
  let scratch: string;
  let github: FakeGithub;
  let runs = 0;

  /** Run the bundle as the runner would, for an event about pull request `pull` (or `event`). */
  const runAction = (options: { inputs?: Record<string, string>; env?: Record<string, string>; event?: { name: string; payload: unknown } } = {}): Promise<ActionRun> => {
    runs += 1;
    const eventPath = join(scratch, `event-${runs}.json`);
    const outputPath = join(scratch, `output-${runs}.txt`);
    const event = options.event ?? { name: 'pull_request', payload: { action: 'synchronize', number: 1, pull_request: { number: 1 } } };
    writeFileSync(eventPath, JSON.stringify(event.payload));
    writeFileSync(outputPath, '');
    const inputs = { 'github-token': TOKEN, 'pull-request': '', 'comment-marker': RELEASE_NOTES_MARKER, 'working-directory': '.', 'dry-run': 'false', ...options.inputs };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: scratch,
      ...GIT_TEST_ENV,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: github.url,
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
      ...options.env,
    };
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BUNDLE], { cwd: repo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({
          code: code ?? -1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
        }),
      );
    });
  };
  /** `relctl promote A --to prod --via-pr`, through the engine: pushes the promotion branch and opens or updates its pull request. */
  const promoteA = async () => {
    const session = await openSession({
      cwd: repo.dir,
      env: {
        ...GIT_TEST_ENV,
        PATH: process.env.PATH,
        HOME: scratch,
        RELCTL_GIT_BACKEND: 'system',
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_API_URL: github.url,
      },
    });
    try {
      await promote({ session, requestIds: ['A'], to: 'prod', viaPr: true });
    } finally {
      session.close();
    }
  };
  const comments = () => github.comments.filter((comment) => comment.issue === 1);
  const writes = () => github.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npx nx run github-action:bundle" (npm run build does) first.`);
    scratch = makeTempDir('action');
    repo = createTempRepo();
    const origin = join(scratch, 'origin.git');
    git(scratch, ['init', '-q', '--bare', '--initial-branch=main', origin]);
    const config = {
      requestPrefix: 'req/',
      tagPrefix: 'v',
      remote: 'origin',
      environments: [
        { name: 'test', kind: 'integration', branch: 'env/test' },
        { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: [] },
      ],
    };
    // No package.json: the version comes from tags (none yet: 0.0.0 → 0.1.0).
    const main = repo.commit('main', { 'relctl.config.json': `${JSON.stringify(config, null, 2)}\n`, 'index.php': '<?php echo "shop";\n' });
    repo.git(['branch', 'env/test', main]);
    repo.git(['checkout', '-q', '-b', 'req/A', main]);
    repo.commit('request A', { 'a.php': '<?php\n', '.changeset/A.md': '---\n"shop": minor\n---\n\nA: CSV export of orders\n' });
    repo.git(['checkout', '-q', 'main']);
    repo.git(['remote', 'add', 'origin', origin]);
    repo.git(['push', '-q', 'origin', 'main', 'env/test', 'req/A']);
    github = await startFakeGithub({ owner: 'acme', repo: 'shop', token: TOKEN, gitDir: origin });
    await promoteA();
    expect(github.pulls.map((pull) => [pull.number, pull.base])).toEqual([[1, 'main']]);
  }, 120_000);
  afterAll(async () => {
    await github?.close();
    repo?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('first run: creates exactly one comment, the marker then the notes; outputs say so', async () => {
    github.requests.length = 0;
    const run = await runAction();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(comments()).toHaveLength(1);
    const comment = comments()[0];
    expect(comment?.body.startsWith(`${RELEASE_NOTES_MARKER}\n`)).toBe(true);
    expect(comment?.body).toContain('A: CSV export of orders');
    expect(writes()).toEqual(['POST /repos/acme/shop/issues/1/comments']);
    for (const request of github.requests) expect(request.headers.authorization).toBe(`token ${TOKEN}`);
    expect(run.stdout).toBe(`Created the release-notes comment on pull request #1: ${run.outputs['comment-url']}\n`);
    expect(run.outputs).toEqual({
      action: 'created',
      'comment-id': String(comment?.id),
      'comment-url': expect.stringMatching(/^https:\/\/github\.com\/acme\/shop\/pull\/1#issuecomment-\d+$/),
      'pull-request': '1',
      requests: 'A',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('unchanged notes: no edit', async () => {
    github.requests.length = 0;
    const run = await runAction();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.action).toBe('unchanged');
    expect(writes()).toEqual([]);
    expect(comments()).toHaveLength(1);
  });

  it('after a new push to the promotion: edits that same comment (still one)', async () => {
    repo.git(['checkout', '-q', 'req/A']);
    repo.commit('A: say what the export holds', { '.changeset/A.md': '---\n"shop": minor\n---\n\nA: CSV export of orders, with taxes\n' });
    repo.git(['checkout', '-q', 'main']);
    repo.git(['push', '-q', 'origin', 'req/A']);
    await promoteA();
    const before = comments()[0];
    github.requests.length = 0;
    const run = await runAction();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ action: 'updated', 'comment-id': String(before?.id) });
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain('A: CSV export of orders, with taxes');
    expect(writes()).toEqual([`PATCH /repos/acme/shop/issues/comments/${before?.id}`]);
  });

  it('a missing token: one ::error:: line, exit code 2, nothing asked of GitHub', async () => {
    github.requests.length = 0;
    const run = await runAction({ inputs: { 'github-token': '' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('::error::relctl: no GitHub token; set the github-token input (default: ${{ github.token }}) and give the job "permissions: pull-requests: write".\n');
    expect(run.stderr).toBe('');
    expect(run.outputs).toEqual({});
    expect(github.requests).toEqual([]);
  });

  it('a push event: one ::error:: line naming the event, exit code 2', async () => {
    github.requests.length = 0;
    const run = await runAction({ event: { name: 'push', payload: { ref: 'refs/heads/main' } } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('::error::relctl: this run was started by a push event, not a pull request; run the action "on: pull_request" (or give the pull-request input).\n');
    expect(github.requests).toEqual([]);
    expect(comments()).toHaveLength(1);
  });

  it('a token GitHub rejects: one ::error:: line naming the input, never the token', async () => {
    const run = await runAction({ inputs: { 'github-token': `${TOKEN}-revoked` } });
    expect(run.code).toBe(2);
    // (Before it, octokit's log of the failed request, as a warning.)
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/^::error::relctl: GitHub rejected the token from the github-token input \(401: Bad credentials\); set the github-token input to a valid token/),
    ]);
    expect(run.stdout).not.toContain(TOKEN);
  });
});
