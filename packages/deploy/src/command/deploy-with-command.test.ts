import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemGitPort, type SystemGitPort } from '@relctl/git';
import { makeTempDir } from '@relctl/testing';
import type { CommandDeploySettings } from '../settings/deploy-settings-schema.js';
import { lsTree } from '../test-support/ls-tree.js';
import { buildStoryRepo, type StoryRepo } from '../test-support/story-repo.js';
import { treeListing } from '../test-support/tree-listing.js';
import { deployWithCommand, type DeployWithCommandOptions } from './deploy-with-command.js';

let story: StoryRepo;
let git: SystemGitPort;
let work: string;
const baseEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent', RELCTL_SHA: 'stale-from-parent', RELCTL_STALE: 'x' };

beforeAll(() => {
  story = buildStoryRepo();
  git = createSystemGitPort({ cwd: story.repo.dir });
  work = makeTempDir('cmd');
});
afterAll(() => {
  git.close();
  story.repo.remove();
  rmSync(work, { recursive: true, force: true });
});

function settings(command: CommandDeploySettings['command'], extra: Partial<CommandDeploySettings> = {}): CommandDeploySettings {
  return { strategy: 'command', command, timeoutSeconds: 20, ...extra };
}

async function deploy(options: Partial<DeployWithCommandOptions> & Pick<DeployWithCommandOptions, 'settings'>) {
  const lines: string[] = [];
  const result = await deployWithCommand({
    git,
    env: 'prod',
    sha: story.v110,
    version: '1.1.0',
    baseDir: work,
    baseEnv,
    tmpDir: work,
    output: (line) => lines.push(line),
    ...options,
  });
  return { result, lines };
}

describe('deployWithCommand', () => {
  it('gives the command the RELCTL_* variables and a source folder holding exactly the SHA tree', async () => {
    const outDir = join(work, 'capture');
    mkdirSync(outDir);
    const script = ['env | grep "^RELCTL_" | sort > "$0/env.txt"', 'cp -a "$RELCTL_SOURCE_DIR" "$0/source"', 'echo "deploying $RELCTL_VERSION"'].join('\n');
    const { result, lines } = await deploy({
      settings: settings(['sh', '-c', script, outDir]),
      requests: [{ id: 'A', title: 'Search' }, { id: 'B' }],
    });
    expect(result).toMatchObject({ ok: true, exitCode: 0, timedOut: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const env = Object.fromEntries(
      readFileSync(join(outDir, 'env.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(env).toEqual({
      RELCTL_ENV: 'prod',
      RELCTL_SHA: story.v110,
      RELCTL_VERSION: '1.1.0',
      RELCTL_REQUESTS: 'A,B',
      RELCTL_REQUESTS_JSON: '[{"id":"A","title":"Search"},{"id":"B"}]',
      RELCTL_SOURCE_DIR: result.sourceDir,
    });
    expect(treeListing(join(outDir, 'source'))).toEqual(lsTree(story.repo.dir, story.v110));
    expect(lines).toContain('[deploy prod] deploying 1.1.0');
    expect(existsSync(result.sourceDir)).toBe(false);
  });

  it('passes shell metacharacters in request ids and titles as data only: nothing but the command runs', async () => {
    const marker = join(work, 'pwned');
    const victim = join(work, 'victim');
    mkdirSync(victim);
    const nasty = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `x; touch ${marker}; rm -rf ${victim}`,
      `a' && touch ${marker} && echo '`,
      `b" && touch ${marker} && echo "`,
      `line1\ntouch ${marker}`,
      `| touch ${marker} &`,
    ];
    const captured = join(work, 'captured.txt');
    for (const command of [
      // A configured string runs through sh -c; request data is only ever in variables.
      `printf '%s\\n' "$RELCTL_REQUESTS" > ${captured}; printf '%s' "$RELCTL_REQUESTS_JSON" > ${captured}.json`,
      ['sh', '-c', `printf '%s\\n' "$RELCTL_REQUESTS" > ${captured}; printf '%s' "$RELCTL_REQUESTS_JSON" > ${captured}.json`],
    ]) {
      const { result } = await deploy({
        settings: settings(command),
        requests: nasty.map((text, index) => ({ id: text, title: `${text} title ${index}` })),
        version: `$(touch ${marker})`,
      });
      expect(result.ok).toBe(true);
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(victim)).toBe(true);
      expect(readFileSync(captured, 'utf8')).toBe(`${nasty.join(',')}\n`);
      expect(JSON.parse(readFileSync(`${captured}.json`, 'utf8'))).toEqual(nasty.map((text, index) => ({ id: text, title: `${text} title ${index}` })));
    }
  });

  it('records a failing command with its exit status and resolves a relative cwd against the config folder', async () => {
    mkdirSync(join(work, 'tools'), { recursive: true });
    const { result, lines } = await deploy({ settings: settings(['sh', '-c', 'pwd; exit 3'], { cwd: 'tools' }) });
    expect(result).toMatchObject({ ok: false, exitCode: 3, timedOut: false });
    expect(lines[0]).toBe(`[deploy prod] ${join(work, 'tools')}`);
    expect(lines.at(-1)).toBe('[deploy prod] failed: exit status 3');
  });

  it('enforces the time limit and cleans up the source folder', async () => {
    const before = readdirSync(work).filter((name) => name.startsWith('relctl-deploy-')).length;
    const started = performance.now();
    const { result } = await deploy({ settings: settings(['sleep', '30'], { timeoutSeconds: 0.3 }) });
    expect(result).toMatchObject({ ok: false, timedOut: true, exitCode: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(readdirSync(work).filter((name) => name.startsWith('relctl-deploy-')).length).toBe(before);
  });
});
