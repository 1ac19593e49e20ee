import { describe, expect, it } from 'vitest';
import type { EngineEvent, PromotionBranchEvent, PullRequestToOpenEvent } from '@relctl/engine';
import type { Io } from '../io.js';
import { printEngineEvent } from './print-engine-event.js';

/** What the CLI prints for `events`, stream by stream. */
function print(...events: EngineEvent[]): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  const io: Io = { cwd: '/', env: {}, stdout: (text) => (out.stdout += text), stderr: (text) => (out.stderr += text), isTTY: false, now: () => 0 };
  const listener = printEngineEvent(io);
  events.forEach((event) => listener(event));
  return out;
}

// The expected texts are the lines the engine wrote itself before it reported events (issue 17):
// the CLI must print them byte for byte.
describe('printEngineEvent', () => {
  it('prints warnings and progress notes on stderr, deploy lines on their stream, a result as JSON', () => {
    expect(print({ type: 'warning', message: 'could not reach origin (timeout).' })).toEqual({ stdout: '', stderr: 'warning: could not reach origin (timeout).\n' });
    expect(print({ type: 'progress', message: 'origin moved; retrying in 0.5 s (attempt 2, 29 s left).' })).toEqual({
      stdout: '',
      stderr: 'note: origin moved; retrying in 0.5 s (attempt 2, 29 s left).\n',
    });
    expect(print({ type: 'deploy-output', stream: 'stdout', line: '[deploy prod] up' }, { type: 'deploy-output', stream: 'stderr', line: '[deploy prod] oops' })).toEqual({
      stdout: '[deploy prod] up\n',
      stderr: '[deploy prod] oops\n',
    });
    expect(print({ type: 'result', value: { dryRun: true, plan: null } }).stdout).toBe('{\n  "dryRun": true,\n  "plan": null\n}\n');
  });

  it('prints a candidate approval', () => {
    expect(print({ type: 'candidate-approved', candidate: 'rc1', requestIds: ['A', 'C'], env: 'prod', tree: 'abc123', by: 'Kim' }).stdout).toBe(
      'Approved candidate rc1 (A, C) for prod: tree abc123 (by Kim). Promoting exactly these requests ships this tree; any change refuses it.\n',
    );
  });

  it('prints the --via-pr lines: branch kept, prepared, opened, waiting', () => {
    expect(print({ type: 'promotion-branch-kept', branch: 'relctl-promote/1.2.0', sha: '0123456789abcdef' }).stdout).toBe(
      'relctl-promote/1.2.0 already holds this promotion at 0123456; it is left as it is.\n',
    );
    const branch: Omit<PromotionBranchEvent, 'pushedTo' | 'dryRun' | 'upToDate'> = {
      type: 'promotion-branch',
      branch: 'relctl-promote/1.2.0',
      base: 'main',
      requestIds: ['A', 'C'],
      version: '1.2.0',
    };
    expect(print({ ...branch, pushedTo: 'origin', dryRun: false, upToDate: false }).stdout).toBe(
      'Prepared relctl-promote/1.2.0: main + A, C + release 1.2.0 (pushed to origin); main does not move until the pull request is merged.\n',
    );
    expect(print({ ...branch, pushedTo: null, dryRun: true, upToDate: false }).stdout).toBe(
      'Would prepare relctl-promote/1.2.0: main + A, C + release 1.2.0 (dry run: nothing written); main does not move until the pull request is merged.\n',
    );
    expect(print({ ...branch, pushedTo: null, dryRun: false, upToDate: true }).stdout).toBe(
      'Ready: relctl-promote/1.2.0: main + A, C + release 1.2.0 (local only: this repository has no remote); main does not move until the pull request is merged.\n',
    );
    expect(print({ type: 'pull-request-opened', action: 'updated', number: 7, url: 'https://github.com/o/r/pull/7', afterMerge: { base: 'main', tag: 'v1.2.0' } }).stdout).toBe(
      'Updated the notes of pull request #7: https://github.com/o/r/pull/7\nOnce it is merged, run "relctl after-merge" on main (e.g. in CI) to tag v1.2.0, rebuild the other environments and sync the other requests.\n',
    );
    expect(
      print({ type: 'pull-request-waiting', number: 7, missing: 'prod needs an approval of A.', command: 'promote A --to prod --via-pr', status: 'relctl/rules' }).stdout,
    ).toBe(
      'Waiting for approval on pull request #7: prod needs an approval of A. An approving review there counts; run "relctl promote A --to prod --via-pr" again after it to mark the pull request ready (relctl/rules).\n',
    );
  });

  it('prints how to open a pull request by hand, with the link and the body', () => {
    const event: Omit<PullRequestToOpenEvent, 'reason' | 'link' | 'afterMerge'> = {
      type: 'pull-request-to-open',
      remote: 'origin',
      base: 'main',
      head: 'relctl-promote/1.2.0',
      title: 'Release 1.2.0 to prod: A',
      requestIds: ['A'],
      env: 'prod',
      body: '## 1.2.0\n',
    };
    expect(
      print({ ...event, reason: 'no-token', link: 'https://github.com/o/r/compare/main...relctl-promote/1.2.0?expand=1', afterMerge: { base: 'main', tag: 'v1.2.0' } }).stdout,
    ).toBe(
      'No GitHub token (set RELCTL_GIT_TOKEN, GITHUB_TOKEN or GH_TOKEN to let relctl open it); open the pull request yourself:\n' +
        '  base:  main\n  head:  relctl-promote/1.2.0\n  title: Release 1.2.0 to prod: A\n' +
        '  link:  https://github.com/o/r/compare/main...relctl-promote/1.2.0?expand=1\n' +
        'Once it is merged, run "relctl after-merge" on main (e.g. in CI) to tag v1.2.0, rebuild the other environments and sync the other requests.\n' +
        'The pull request body (relctl notes A --to prod):\n\n## 1.2.0\n',
    );
    expect(print({ ...event, reason: 'dry-run', link: null, afterMerge: null }).stdout).toBe(
      'Dry run: no pull request opened.\n  base:  main\n  head:  relctl-promote/1.2.0\n  title: Release 1.2.0 to prod: A\nThe pull request body (relctl notes A --to prod):\n\n## 1.2.0\n',
    );
    expect(print({ ...event, reason: 'not-github', link: null, afterMerge: { base: 'main', tag: 'v1.2.0' } }).stdout).toMatch(
      /^origin is not a GitHub repository relctl recognizes \(set RELCTL_GITHUB_REPOSITORY=owner\/repo if it is\); open the pull request yourself:\n/,
    );
    expect(print({ ...event, reason: 'not-pushed', link: null, afterMerge: { base: 'main', tag: 'v1.2.0' } }).stdout).toMatch(
      /^Push relctl-promote\/1\.2\.0 \(git push <remote> relctl-promote\/1\.2\.0\), then open the pull request:\n/,
    );
  });

  it('prints where a squashed or rebased promotion branch landed', () => {
    const landed = {
      type: 'release-landed',
      branch: 'relctl-promote/1.2.0',
      base: 'main',
      version: '1.2.0',
      releaseCommit: 'abcdef0123456789',
      commit: '0123456789abcdef',
    } as const;
    expect(print({ ...landed, how: 'same-tree' }).stdout).toBe(
      "relctl-promote/1.2.0 landed on main as 0123456 (squashed or rebased): its tree is the release's (release commit abcdef0).\n",
    );
    expect(print({ ...landed, how: 'merged-tree' }).stdout).toBe(
      "relctl-promote/1.2.0 landed on main as 0123456 (squashed or rebased): its tree is the release's plus what landed on main meanwhile (release commit abcdef0).\n",
    );
  });
});
