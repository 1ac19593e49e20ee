import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAuditEvent } from '@relctl/core';
import { git, gitResult, startGitHttpServer, type GitHttpServer } from '@relctl/testing';
import { readEvents, eventLine } from './support/audit.js';
import { keepLog, report, saveCounts } from './support/mode.js';
import { relctlAsync, relctlSync, show } from './support/run-relctl.js';
import { worktreeStatus } from './support/snapshot.js';
import { SHOP_FILES, commitFiles, createTeam, makeRequest, reliabilityConfig, writeFiles, type Team } from './support/team.js';

/** Where a case runs: a fresh copy of the shop clone and its own HTTP origin. */
interface Where {
  clone: string;
  origin: string;
  /** A folder outside the repository for config files and the like. */
  outside: string;
  /** Served URL of this copy's origin. */
  url: string;
  /** The same origin behind a server that wants a token. */
  tokenUrl: string;
}

/** One row of the table. */
interface BadInput {
  name: string;
  /** Arguments of relctl (run in `cwd`, default the clone). */
  args: (where: Where) => string[];
  /** The documented exit code (2 usage/config/state, 3 denied by a rule, 4 conflict, 5 race). */
  code: 2 | 3 | 4 | 5;
  /** What the one error line must say (a word or two of it). */
  says: RegExp;
  /** Prepare the copy before the "before" snapshot. */
  setup?: (where: Where) => void;
  /** Run somewhere else than the clone (an empty repository, a shallow clone…). */
  cwd?: (where: Where) => string;
  /** Compare only refs under these prefixes (when a fetch may legitimately update remote-tracking refs). */
  refs?: string[];
  env?: Record<string, string>;
}

const bad = (name: string, id: string, command: 'promote' | 'approve' | 'new' | 'show' | 'demote' = 'promote'): BadInput => ({
  name: `${command} with id ${name}`,
  args: () =>
    command === 'promote'
      ? ['promote', id, '--to', 'test']
      : command === 'approve'
        ? ['approve', id, '--for', 'prod']
        : command === 'demote'
          ? ['demote', id, '--from', 'test']
          : ['request', command, id],
  code: 2,
  says: /request id|id/i,
});

const configCase = (name: string, text: string, says: RegExp, file = 'relctl.config.yaml'): BadInput => ({
  name: `config: ${name}`,
  setup: (where) => writeFileSync(join(where.outside, file), text),
  args: (where) => ['promote', 'B', '--to', 'test', '--config', join(where.outside, file)],
  code: 2,
  says,
});

const CASES: BadInput[] = [
  // Invalid request ids, on every command that takes one.
  bad('empty', ''),
  bad('".."', '..'),
  bad('with a space', 'A B'),
  bad('with a tab', 'A\tB'),
  bad('with a newline', 'A\nB'),
  bad('with an escape sequence', 'A\u001b[31mred'),
  bad('with a bell control character', 'A\u0007'),
  bad('of 300 characters', 'x'.repeat(300)),
  bad('of 65 characters', `A${'b'.repeat(64)}`),
  bad('non-ASCII (ü)', 'ünïcode'),
  bad('non-ASCII (CJK)', '日本'),
  bad('"A..B"', 'A..B'),
  bad('"A.lock"', 'A.lock'),
  bad('with a slash', 'A/B'),
  bad('starting with a dot', '.hidden'),
  bad('"A@{1}"', 'A@{1}'),
  bad('"A~1"', 'A~1'),
  bad('"A:B"', 'A:B'),
  bad('".." (approve)', '..', 'approve'),
  bad('with a space (request new)', 'A B', 'new'),
  bad('non-ASCII (request show)', 'ünïcode', 'show'),
  bad('".." (demote)', '..', 'demote'),
  {
    name: 'sync with an id after "--" (must not sync every request instead)',
    args: () => ['sync', '--', 'C'],
    code: 2,
    says: /C|--|argument/,
  },
  {
    name: 'promote -rf as an option',
    args: () => ['promote', '-rf', '--to', 'test'],
    code: 2,
    says: /unknown|argument/i,
  },
  { name: 'a request that does not exist', args: () => ['promote', 'Nope', '--to', 'test'], code: 2, says: /Nope/ },
  { name: 'approve a request that does not exist', args: () => ['approve', 'Nope', '--for', 'prod'], code: 2, says: /Nope/ },
  { name: 'request new with an existing id', args: () => ['request', 'new', 'A'], code: 2, says: /A/ },
  // Environments.
  { name: 'an unknown environment', args: () => ['promote', 'B', '--to', 'staging'], code: 2, says: /staging/ },
  { name: 'an environment name in the wrong case', args: () => ['promote', 'B', '--to', 'TEST'], code: 2, says: /TEST/ },
  { name: 'an empty environment', args: () => ['promote', 'B', '--to', ''], code: 2, says: /environment|--to/i },
  { name: 'approve for an unknown environment', args: () => ['approve', 'A', '--for', 'nowhere'], code: 2, says: /nowhere/ },
  { name: 'demote from the release environment', args: () => ['demote', 'A', '--from', 'prod'], code: 2, says: /prod/ },
  { name: 'missing --to', args: () => ['promote', 'B'], code: 2, says: /to/ },
  { name: 'an unknown option', args: () => ['promote', 'B', '--to', 'test', '--frobnicate'], code: 2, says: /frobnicate/ },
  { name: 'an unknown command', args: () => ['frobnicate'], code: 2, says: /frobnicate|command/i },
  { name: '--override without --reason', args: () => ['promote', 'B', '--to', 'prod', '--override', 'approved'], code: 2, says: /reason/ },
  // Rules.
  { name: 'a request not approved for prod (denied)', args: () => ['promote', 'B', '--to', 'prod'], code: 3, says: /approved/ },
  { name: 'a request never tested (denied)', args: () => ['promote', 'C', '--to', 'prod'], code: 3, says: /tested-in|not in test/ },
  {
    name: 'a denied promotion while origin moved ahead (local fast-forwards are taken back)',
    setup: (where) => {
      const other = join(where.outside, 'other');
      git(where.outside, ['clone', '-q', where.url, other]);
      makeRequest(other, 'E', { base: 'origin/main' });
      git(other, ['push', '-q', 'origin', 'req/E']);
    },
    args: () => ['promote', 'C', '--to', 'prod'],
    code: 3,
    says: /tested-in|not in test/,
    // The fetch updates refs/remotes/origin/*, as any fetch does; local refs must not move.
    refs: ['refs/heads', 'refs/tags', 'refs/relctl'],
  },
  {
    name: 'a dependency cycle (X needs Y needs X, as two people recorded it)',
    setup: (where) => {
      for (const args of [
        ['request', 'new', 'X'],
        ['request', 'new', 'Y', '--depends-on', 'X'],
        ['promote', 'X', 'Y', '--to', 'test'],
      ]) {
        const run = relctlSync(where.clone, args);
        if (run.code !== 0) throw new Error(show(run, args));
      }
      // A second "request-created X" naming Y (e.g. from a clone that made X at the same time).
      const tip = git(where.clone, ['rev-parse', 'refs/relctl/log']);
      const message = encodeAuditEvent({
        type: 'request-created',
        at: Date.UTC(2026, 0, 3),
        actor: 'Other <other@example.com>',
        requestIds: ['X'],
        data: { title: 'X', dependsOn: ['Y'] },
      });
      const tree = git(where.clone, ['hash-object', '-t', 'tree', '-w', '--stdin'], { input: '' });
      const cycle = git(where.clone, ['commit-tree', tree, '-p', tip, '-m', message]);
      git(where.clone, ['update-ref', 'refs/relctl/log', cycle, tip]);
      git(where.clone, ['push', '-q', 'origin', 'refs/relctl/log']);
      git(where.clone, ['fetch', '-q', 'origin', '+refs/relctl/*:refs/remotes/origin/relctl/*']);
    },
    args: () => ['promote', 'X', '--to', 'prod', '--with-deps', '--override', 'approved', '--reason', 'cycle test'],
    code: 3,
    says: /cycle/i,
  },
  {
    name: 'a request that depends on itself',
    args: () => ['request', 'new', 'Z', '--depends-on', 'Z'],
    code: 2,
    says: /Z/,
  },
  {
    name: 'a malformed changeset (no front matter)',
    setup: (where) => {
      commitFiles(where.clone, 'req/A', { '.changeset/A.md': 'just some text, no front matter\n' }, 'Break the changeset');
      git(where.clone, ['push', '-q', 'origin', 'req/A']);
    },
    args: () => ['promote', 'A', '--to', 'prod'],
    code: 3,
    says: /changeset|tested-in/,
  },
  {
    name: 'a malformed changeset (unknown bump)',
    setup: (where) => {
      commitFiles(where.clone, 'req/B', { '.changeset/B.md': '---\n"shop-web": huge\n---\n\nB\n' }, 'Break the changeset');
      git(where.clone, ['push', '-q', 'origin', 'req/B']);
      const run = relctlSync(where.clone, ['promote', 'B', '--to', 'test']);
      if (run.code !== 0) throw new Error(show(run));
      const approve = relctlSync(where.clone, ['approve', 'B', '--for', 'prod']);
      if (approve.code !== 0) throw new Error(show(approve));
    },
    args: () => ['promote', 'B', '--to', 'prod'],
    code: 3,
    says: /changeset/,
  },
  // Config.
  configCase('malformed YAML', 'environments: [\n  - name: test\n', /config/i),
  configCase('malformed JSON', '{ "environments": [ }', /config/i, 'relctl.config.json'),
  configCase('an unknown top-level key', `${reliabilityConfig()}colour: blue\n`, /colour/),
  configCase('an unknown key in an environment', reliabilityConfig().replace('    branch: env/test\n', '    branch: env/test\n    brnach: x\n'), /brnach/),
  configCase('an unknown rule', reliabilityConfig().replace('      - tested-in\n', '      - tested-on\n'), /tested-on/),
  configCase('bad rule options', reliabilityConfig().replace('      - changeset\n', '      - rule: soak\n        options: { hours: -3 }\n'), /hours|soak/),
  configCase('environments is not a list', 'environments: 5\n', /environments/),
  configCase('two release environments', `${reliabilityConfig()}  - name: prod2\n    kind: release\n    branch: live\n`, /release/),
  configCase('an invalid branch name', reliabilityConfig().replace('branch: env/test', 'branch: "env/..test"'), /branch/),
  configCase('an invalid request prefix', reliabilityConfig().replace('requestPrefix: req/', 'requestPrefix: "re q/"'), /requestPrefix|prefix/),
  configCase('an environment that is its own source', reliabilityConfig().replace('    branch: env/test\n', '    branch: env/test\n    source: test\n'), /own source/),
  configCase('a source cycle (test <- prod <- test)', reliabilityConfig().replace('    branch: env/test\n', '    branch: env/test\n    source: prod\n'), /cycle/),
  configCase('duplicate environment names', reliabilityConfig().replace('  - name: prod\n', '  - name: test\n'), /test/),
  configCase('remote is a number', reliabilityConfig().replace('remote: origin', 'remote: 5'), /remote/),
  configCase('a config that is a list', '- a\n- b\n', /object|config/i),
  {
    name: 'config: a malformed relctl.config.yaml in the checkout',
    setup: (where) => writeFileSync(join(where.clone, 'relctl.config.yaml'), 'environments: [\n'),
    args: () => ['promote', 'B', '--to', 'test'],
    code: 2,
    says: /config/i,
  },
  { name: 'config: --config names a missing file', args: (where) => ['status', '--config', join(where.outside, 'missing.yaml')], code: 2, says: /config|missing/i },
  {
    name: 'a request branch deleted here and on origin while it is still on test',
    setup: (where) => {
      git(where.clone, ['push', '-q', 'origin', ':refs/heads/req/B']);
      git(where.clone, ['branch', '-q', '-D', 'req/B']);
      git(where.clone, ['update-ref', '-d', 'refs/remotes/origin/req/B']);
    },
    args: () => ['approve', 'B', '--for', 'prod'],
    code: 2,
    says: /B/,
  },
  {
    name: 'a release branch that is missing',
    setup: (where) => writeFileSync(join(where.outside, 'live.yaml'), reliabilityConfig().replace('branch: main', 'branch: live')),
    args: (where) => ['promote', 'A', '--to', 'prod', '--config', join(where.outside, 'live.yaml')],
    code: 2,
    says: /live/,
  },
  // Repository state.
  {
    name: 'a dirty worktree on the checked-out branch that would move',
    setup: (where) => writeFileSync(join(where.clone, 'package.json'), '{ "name": "shop-web", "version": "9.9.9" }\n'),
    args: () => ['promote', 'A', '--to', 'prod'],
    code: 2,
    says: /local changes|package\.json/,
  },
  {
    name: 'an untracked file in the way of the checked-out branch that would move',
    setup: (where) => writeFileSync(join(where.clone, 'src', 'A.js'), 'mine\n'),
    args: () => ['promote', 'A', '--to', 'prod'],
    code: 2,
    says: /src\/A\.js|local changes/,
  },
  {
    name: 'a dirty linked worktree of env/test, in a file the rebuild removes',
    setup: (where) => {
      const linked = join(where.outside, 'test-wt');
      git(where.clone, ['worktree', 'add', '-q', linked, 'env/test']);
      writeFileSync(join(linked, 'src', 'B.js'), 'edited on the test server\n');
    },
    args: () => ['demote', 'B', '--from', 'test'],
    code: 2,
    says: /local changes|src\/B\.js/,
  },
  {
    name: 'a detached HEAD (a denied promotion leaves HEAD where it was)',
    setup: (where) => git(where.clone, ['checkout', '-q', '--detach', 'HEAD~0']),
    args: () => ['promote', 'B', '--to', 'prod'],
    code: 3,
    says: /approved/,
  },
  {
    name: 'a rebase in progress on the branch that would move',
    setup: (where) => {
      // Stops at a "break" before the first pick: main is the branch being rebased, and is untouched.
      git(where.clone, ['rebase', '-i', '--root'], { env: { GIT_SEQUENCE_EDITOR: "sed -i '1i break'" } });
      if (!existsSync(join(where.clone, '.git', 'rebase-merge'))) throw new Error('no rebase in progress');
    },
    args: () => ['promote', 'A', '--to', 'prod'],
    code: 2,
    says: /rebase/,
  },
  {
    name: 'an unfinished-run command with nothing to continue',
    args: () => ['continue'],
    code: 2,
    says: /no unfinished run/i,
  },
  {
    name: 'undo with nothing (left) to undo',
    setup: (where) => {
      const run = relctlSync(where.clone, ['undo']);
      if (run.code !== 0) throw new Error(show(run, ['undo']));
    },
    args: () => ['undo'],
    code: 2,
    says: /nothing to undo/i,
  },
  {
    name: 'an empty repository',
    setup: (where) => git(where.outside, ['init', '-q', join(where.outside, 'empty')]),
    cwd: (where) => join(where.outside, 'empty'),
    args: () => ['promote', 'A', '--to', 'test'],
    code: 2,
    says: /main|commit|branch/i,
  },
  {
    name: 'not a git repository',
    setup: (where) => mkdirSync(join(where.outside, 'plain')),
    cwd: (where) => join(where.outside, 'plain'),
    args: () => ['status'],
    code: 2,
    says: /git|repository/i,
  },
  {
    name: 'a shallow clone',
    setup: (where) => git(where.outside, ['clone', '-q', '--depth', '1', '--no-single-branch', where.url, join(where.outside, 'shallow')]),
    cwd: (where) => join(where.outside, 'shallow'),
    args: () => ['promote', 'A', '--to', 'prod'],
    code: 2,
    says: /shallow/,
    // Its first fetch adds refs/remotes/origin/relctl/log (git clone does not fetch refs/relctl/*).
    refs: ['refs/heads', 'refs/tags', 'refs/relctl'],
  },
  {
    name: 'a SHA-256 repository',
    setup: (where) => {
      const dir = join(where.outside, 'sha256');
      git(where.outside, ['init', '-q', '--object-format=sha256', '--initial-branch=main', dir]);
      writeFiles(dir, { ...SHOP_FILES, 'relctl.config.yaml': reliabilityConfig({ remote: null }) });
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '-m', 'shop']);
      git(dir, ['branch', 'env/test']);
      makeRequest(dir, 'A');
    },
    cwd: (where) => join(where.outside, 'sha256'),
    args: () => ['promote', 'A', '--to', 'test'],
    code: 2,
    says: /SHA-256/,
  },
  {
    name: 'a remote that refuses the push',
    setup: (where) => {
      const hook = join(where.origin, 'hooks', 'pre-receive');
      writeFileSync(hook, '#!/bin/sh\necho "protected: pushes are closed" >&2\nexit 1\n', { mode: 0o755 });
    },
    args: () => ['promote', 'C', '--to', 'test'],
    code: 2,
    says: /refused|protected|declined/i,
  },
  {
    name: 'a remote that does not answer',
    setup: (where) => git(where.clone, ['remote', 'set-url', 'origin', 'http://127.0.0.1:9/nothing.git']),
    args: () => ['promote', 'C', '--to', 'test'],
    code: 2,
    says: /origin|127\.0\.0\.1|connect/i,
  },
  {
    name: 'an SSH remote that does not answer (the system git backend)',
    setup: (where) => git(where.clone, ['remote', 'set-url', 'origin', 'ssh://git@127.0.0.1:9/nothing.git']),
    args: () => ['promote', 'C', '--to', 'test'],
    code: 2,
    says: /origin.*(connect|refused)/i,
    env: { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no' },
  },
  {
    name: 'a remote that wants a token nobody gave',
    setup: (where) => git(where.clone, ['remote', 'set-url', 'origin', where.tokenUrl]),
    args: () => ['promote', 'C', '--to', 'test'],
    code: 2,
    says: /token|RELCTL_GIT_TOKEN/i,
  },
  {
    name: 'a remote that rejects the token given',
    setup: (where) => git(where.clone, ['remote', 'set-url', 'origin', where.tokenUrl]),
    args: () => ['promote', 'C', '--to', 'test'],
    code: 2,
    says: /token|RELCTL_GIT_TOKEN/i,
    env: { RELCTL_GIT_TOKEN: 'wrong-token-123' },
  },
];

const counts = { cases: 0, passed: 0 };

/**
 * Bad input, nothing changed: each row runs relctl once on a fresh copy of a shop with an HTTP
 * origin (A approved and on test, B on test, C not on test) and expects one `relctl: …` line on
 * stderr, the documented exit code, and byte-identical `git for-each-ref`, audit log and
 * `git status --porcelain` (plus origin's refs) before and after.
 */
describe(`bad input changes nothing (${CASES.length} cases)`, () => {
  let team: Team;
  let template = '';
  let tokenServer: GitHttpServer | null = null;

  beforeAll(async () => {
    team = await createTeam({ config: reliabilityConfig({ approved: true }) });
    template = team.seed;
    for (const id of ['A', 'B', 'C']) makeRequest(template, id);
    git(template, ['push', '-q', 'origin', 'req/A', 'req/B', 'req/C']);
    for (const args of [
      ['promote', 'A', 'B', '--to', 'test'],
      ['approve', 'A', '--for', 'prod'],
    ]) {
      const run = relctlSync(template, args);
      expect(run.code, show(run, args)).toBe(0);
    }
    git(template, ['fetch', '-q', 'origin']);
    tokenServer = await startGitHttpServer({ root: join(team.root, 'served'), token: 'the-right-token-42' });
  });
  afterAll(async () => {
    report(`bad input: ${counts.cases} cases tried, ${counts.passed} refused cleanly with nothing changed`);
    saveCounts('bad-input', counts);
    await tokenServer?.close();
    await team?.close();
  });

  let n = 0;
  const copy = (name: string): Where => {
    const origin = join(team.root, 'served', `${name}.git`);
    const clone = join(team.root, 'cases', name);
    const outside = join(team.root, 'outside', name);
    mkdirSync(join(team.root, 'cases'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    execFileSync('cp', ['-a', team.origin, origin]);
    execFileSync('cp', ['-a', template, clone]);
    const url = team.server.url(`${name}.git`);
    git(clone, ['remote', 'set-url', 'origin', url]);
    return { clone, origin, outside, url, tokenUrl: tokenServer?.url(`${name}.git`) ?? url };
  };

  it.concurrent.each(CASES.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    counts.cases += 1;
    n += 1;
    const k = n;
    const where = copy(`case-${k}`);
    row.setup?.(where);
    const cwd = row.cwd?.(where) ?? where.clone;
    const snapshot = (dir: string): string => {
      const refs = gitResult(dir, ['for-each-ref', '--format=%(refname) %(objectname)', ...(row.refs ?? [])], { allowFailure: true }).stdout;
      const head = gitResult(dir, ['rev-parse', '--symbolic-full-name', 'HEAD'], { allowFailure: true }).stdout;
      const headId = gitResult(dir, ['rev-parse', 'HEAD'], { allowFailure: true }).stdout;
      let log = '';
      try {
        log = readEvents(dir)
          .map((event) => `${event.id} ${eventLine(event)}`)
          .join('\n');
      } catch (error) {
        log = String(error);
      }
      let status = '';
      try {
        status = worktreeStatus(dir);
      } catch {
        status = '(no worktree)';
      }
      return `refs:\n${refs}\nHEAD: ${head} ${headId}\nlog:\n${log}\nstatus:\n${status}`;
    };
    const beforeClone = snapshot(cwd);
    const beforeOrigin = snapshot(where.origin);
    const args = row.args(where);
    const run = await relctlAsync(cwd, args, { env: { ...(row.env ?? {}) } });
    const errorLines = run.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('note: '));
    const verdict = {
      code: run.code,
      oneLine: errorLines.length === 1 && errorLines[0]?.startsWith('relctl: '),
      says: row.says.test(errorLines[0] ?? ''),
      clone: snapshot(cwd) === beforeClone,
      origin: snapshot(where.origin) === beforeOrigin,
    };
    const want = { code: row.code, oneLine: true, says: true, clone: true, origin: true };
    if (JSON.stringify(verdict) !== JSON.stringify(want)) {
      const path = keepLog(`bad-input-${k}`, `${row.name}\n${show(run, args)}\n--- before ---\n${beforeClone}\n--- after ---\n${snapshot(cwd)}\n`);
      expect({ ...verdict, stderr: run.stderr.trim(), log: path }).toEqual({ ...want, stderr: run.stderr.trim(), log: path });
    }
    counts.passed += 1;
  });
});
