import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_ENVIRONMENTS, type Policy } from '@relctl/core';
import { makeTempDir } from '@relctl/testing';
import { allCommands } from '../commands/all-commands.js';
import { githubWorkflows } from './github-workflows.js';
import { writeCiWorkflows } from './write-ci-workflows.js';

const policy: Policy = {
  requestPrefix: 'req/',
  tagPrefix: 'v',
  remote: 'origin',
  environments: [
    { name: 'test', kind: 'integration', branch: 'env/test', rules: [] },
    { name: 'staging', kind: 'integration', branch: "env/it's-staging", rules: [] },
    { name: 'prod', kind: 'release', branch: 'live', source: 'test', rules: [] },
  ],
};

/** A version no real relctl has, so the test sees it came from the option. */
const VERSION = '7.8.9-test.1';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, { branches?: string[] }>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { if?: string; steps: Step[]; environment?: string }>;
}

const parsed = (content: string) => parse(content) as Workflow;

/** Every `relctl <command>` a workflow's `run` steps start. */
function relctlCommands(workflow: Workflow): string[] {
  const found: string[] = [];
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps) {
      for (const match of (step.run ?? '').matchAll(/\brelctl\s+([a-z][a-z-]*)/g)) if (match[1]) found.push(match[1]);
    }
  }
  return found;
}

/** Command names as the CLI registers them (first word of each yargs command string). */
const cliCommandNames = new Set(allCommands.flatMap((command) => (Array.isArray(command.command) ? command.command : [command.command]).map((text) => text.split(' ')[0] ?? '')));

describe('githubWorkflows', () => {
  const files = githubWorkflows({ policy, relctlVersion: VERSION });

  it('writes three workflow files that parse as YAML', () => {
    expect(files.map((file) => file.path)).toEqual(['.github/workflows/relctl-deploy.yml', '.github/workflows/relctl-notes.yml', '.github/workflows/relctl-after-merge.yml']);
    for (const file of files) {
      const workflow = parsed(file.content);
      expect(workflow.name, file.path).toMatch(/^relctl /);
      expect(Object.keys(workflow.jobs).length, file.path).toBeGreaterThan(0);
      expect(file.content, file.path).toContain('# Written by "relctl init --ci github"');
    }
  });

  it('runs only commands the CLI has (read from all-commands.ts)', () => {
    const used = files.flatMap((file) => relctlCommands(parsed(file.content)));
    expect(new Set(used)).toEqual(new Set(['deploy', 'after-merge']));
    for (const command of used) expect(cliCommandNames, `relctl ${command}`).toContain(command);
  });

  it('deploys each environment when its own branch moves, from a checkout of the production branch', () => {
    const deploy = parsed(files[0]?.content ?? '');
    expect(deploy.on.push?.branches).toEqual(['env/test', "env/it's-staging", 'live']);
    const jobs = Object.values(deploy.jobs);
    expect(jobs.map((job) => job.if)).toEqual(["github.ref == 'refs/heads/env/test'", "github.ref == 'refs/heads/env/it''s-staging'", "github.ref == 'refs/heads/live'"]);
    expect(jobs.map((job) => job.steps.at(-1)?.run)).toEqual(['relctl deploy test', 'relctl deploy staging', 'relctl deploy prod']);
    expect(jobs.map((job) => job.environment)).toEqual(['test', 'staging', 'prod']);
    for (const job of jobs) expect(job.steps.find((step) => step.uses?.startsWith('actions/checkout'))?.with).toMatchObject({ ref: 'live', 'fetch-depth': 0 });
  });

  it('keeps the notes comment of promotion pull requests with the relctl GitHub Action of this version, and runs after-merge on pushes', () => {
    const notes = parsed(files[1]?.content ?? '');
    expect(notes.on.pull_request?.branches).toEqual(['live']);
    expect(notes.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(notes.concurrency).toEqual({ group: 'relctl-notes-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const job = notes.jobs.notes;
    expect(job?.if).toBe("startsWith(github.head_ref, 'relctl-promote/')");
    const action = job?.steps.at(-1);
    expect(action?.uses).toBe(`relctl/relctl/apps/github-action@action-v${VERSION}`);
    expect(action?.with).toEqual({ 'github-token': '${{ secrets.GITHUB_TOKEN }}' });
    // A JavaScript action: no Node.js, no npm, no package.json, no CLI, no gh.
    expect(job?.steps.map((step) => step.uses ?? step.run)).toEqual([
      'actions/checkout@v4',
      expect.stringMatching(/^git fetch origin '\+refs\/heads\/req\/\*:refs\/heads\/req\/\*' /),
      `relctl/relctl/apps/github-action@action-v${VERSION}`,
    ]);
    expect(job?.steps[0]?.with).toMatchObject({ ref: 'live', 'fetch-depth': 0 });
    expect(files[1]?.content).toContain(`It runs the relctl GitHub Action of relctl ${VERSION}, the version that wrote this file`);
    const afterMerge = parsed(files[2]?.content ?? '');
    expect(afterMerge.on.push?.branches).toEqual(['live']);
  });

  it('installs the pinned relctl in every CLI job and needs no package.json in the repository', () => {
    for (const file of [files[0], files[2]].filter((file) => file !== undefined)) {
      const jobs = Object.values(parsed(file.content).jobs);
      for (const job of jobs) {
        const runs = job.steps.map((step) => step.run ?? '');
        const install = runs.findIndex((run) => run.startsWith('npm install --global'));
        expect(runs[install], file.path).toBe(`npm install --global "relctl@${VERSION}"`);
        // Installed before the first relctl command; nothing reads a package.json or a lock file.
        expect(install, file.path).toBeLessThan(runs.findIndex((run) => /^relctl /.test(run)));
        expect(
          runs.filter((run, index) => index !== install && /\bnpm\b|\bnpx\b|package(-lock)?\.json/.test(run)),
          file.path,
        ).toEqual([]);
        const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
        expect(setupNode?.with, file.path).not.toHaveProperty('cache');
      }
      expect(file.content, file.path).toContain(`installs relctl ${VERSION}, the version that wrote this file`);
    }
  });

  it('uses the default environments when the config names none', () => {
    const files = githubWorkflows({
      relctlVersion: VERSION,
      policy: { ...policy, environments: DEFAULT_ENVIRONMENTS.map((env) => ({ name: env.name, kind: env.kind, branch: env.branch, rules: [] })) },
    });
    expect(parsed(files[0]?.content ?? '').on.push?.branches).toEqual(['env/test', 'main']);
  });
});

describe('writeCiWorkflows', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('writes the files, and never overwrites an existing workflow', () => {
    const root = makeTempDir('ci');
    dirs.push(root);
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    const mine = join(root, '.github', 'workflows', 'relctl-notes.yml');
    writeFileSync(mine, 'name: ours\n');
    const dry = writeCiWorkflows({ root, policy, relctlVersion: VERSION, dryRun: true });
    expect(dry.skipped).toEqual([mine]);
    expect(dry.written).toHaveLength(2);
    expect(() => readFileSync(join(root, '.github', 'workflows', 'relctl-deploy.yml'))).toThrow();

    const outcome = writeCiWorkflows({ root, policy, relctlVersion: VERSION, dryRun: false });
    expect(outcome).toEqual(dry);
    expect(readFileSync(mine, 'utf8')).toBe('name: ours\n');
    expect(readFileSync(join(root, '.github', 'workflows', 'relctl-deploy.yml'), 'utf8')).toBe(githubWorkflows({ policy, relctlVersion: VERSION })[0]?.content);
    const all = githubWorkflows({ policy, relctlVersion: VERSION }).map((file) => join(root, file.path));
    expect(writeCiWorkflows({ root, policy, relctlVersion: VERSION, dryRun: false })).toEqual({ written: [], skipped: all });
  });
});
