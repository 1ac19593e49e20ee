import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeAuditEvent } from '@relctl/core';
import { git, makeTempDir } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createStoryRepo, type Backend, type StoryRepo } from './story-repo.js';

const SLOW = { timeout: 240_000 };

interface Person {
  name: string;
  email: string;
  /** Private key file, or `null` for someone without a signing key. */
  key: string | null;
}

/** The environment a person runs relctl with: their identity and their own git config (signing key). */
function as(person: Person, home: string): Record<string, string> {
  const config = join(home, `${person.name}.gitconfig`);
  writeFileSync(config, person.key === null ? '' : `[user]\n\tsigningKey = ${person.key}.pub\n[gpg]\n\tformat = ssh\n`);
  return { GIT_AUTHOR_NAME: person.name, GIT_AUTHOR_EMAIL: person.email, GIT_COMMITTER_NAME: person.name, GIT_COMMITTER_EMAIL: person.email, GIT_CONFIG_GLOBAL: config };
}

function sshKey(dir: string, name: string): string {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return file;
}

// Issue 15, finding 3. With `approved: { by: [kim, lee], count: 2 }`, any user ran `approve A --for
// prod --by "Kim <kim@example.com>"` and `--by lee@example.com` and the rule passed; a hand-made
// Relctl-Event commit pushed to refs/relctl/log counted too. With requireSignatures, an approval
// counts only as the allowed signer its signature proves.
describe.each<Backend>(['isomorphic', 'system'])('signed approvals (%s backend)', SLOW, (backend) => {
  let repo: StoryRepo;
  let home: string;
  let attacker: string;
  let kim: Person;
  let lee: Person;
  let mallory: Person;
  let keyless: Person;
  const run = (person: Person, args: string[]) => repo.relctl(args, as(person, home));

  beforeAll(async () => {
    repo = await createStoryRepo({ backend, origin: true });
    home = makeTempDir('signers');
    kim = { name: 'Kim', email: 'kim@example.com', key: sshKey(home, 'kim') };
    lee = { name: 'Lee', email: 'lee@example.com', key: sshKey(home, 'lee') };
    mallory = { name: 'Mallory', email: 'mallory@example.com', key: sshKey(home, 'mallory') };
    keyless = { name: 'Max', email: 'max@example.com', key: null };
    const pub = (person: Person) => readFileSync(`${person.key}.pub`, 'utf8').trim();
    const config = parse(readFileSync(join(repo.dir, 'relctl.config.yaml'), 'utf8')) as { environments: Array<Record<string, unknown>> };
    const prod = config.environments[1] as Record<string, unknown>;
    prod['requireSignatures'] = true;
    prod['rules'] = ['tested-in', { rule: 'approved', options: { by: ['kim@example.com', 'lee@example.com'], count: 2 } }];
    repo.commitOnMain('Signed approvals for prod', {
      'relctl.config.yaml': stringify(config),
      '.relctl/allowed_signers': `kim@example.com namespaces="git" ${pub(kim)}\nlee@example.com namespaces="git" ${pub(lee)}\n`,
    });
    repo.ok(['request', 'new', 'A', '--title', 'CSV export', '--bump', 'minor']);
    repo.commitOn('req/A', 'CSV export', { 'src/csv.js': '// csv\n' });
    repo.ok(['promote', 'A', '--to', 'test']);
    attacker = makeTempDir('attacker');
    git(attacker, ['clone', '-q', repo.origin ?? '', '.']);
  }, 240_000);
  afterAll(async () => {
    await repo?.remove();
    for (const dir of [home, attacker]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the attack: "approve --by Kim" and "--by lee@…" by someone else are refused and change nothing', () => {
    const before = repo.fingerprint();
    const noKey = run(keyless, ['approve', 'A', '--for', 'prod', '--by', 'Kim <kim@example.com>']);
    expect(noKey.code, noKey.stderr).toBe(2);
    expect(noKey.stderr).toMatch(/prod counts only signed approvals, and you have no git signing key; set your git signing key/);
    const unlisted = run(mallory, ['approve', 'A', '--for', 'prod', '--by', 'lee@example.com']);
    expect(unlisted.code, unlisted.stderr).toBe(2);
    expect(unlisted.stderr).toMatch(/Your signing key .* is not in \.relctl\/allowed_signers on main/);
    const impersonated = run(lee, ['approve', 'A', '--for', 'prod', '--by', 'Kim <kim@example.com>']);
    expect(impersonated.code, impersonated.stderr).toBe(2);
    expect(impersonated.stderr).toContain('--by "Kim <kim@example.com>" names someone else than the signer: your key signs as lee@example.com');
    expect(repo.fingerprint()).toBe(before);
  });

  it('hand-made approvals pushed to refs/relctl/log (unsigned, signed by an unknown key, or claiming another approver) do not count; status says why', () => {
    git(attacker, ['fetch', '-q', 'origin', '+refs/relctl/*:refs/relctl/*', '+refs/heads/*:refs/remotes/origin/*']);
    const head = git(attacker, ['rev-parse', 'origin/req/A']);
    const tree = git(attacker, ['mktree'], { input: '' });
    let tip = git(attacker, ['rev-parse', 'refs/relctl/log']);
    const forge = (who: Person, claims: string, key: string | null) => {
      const message = encodeAuditEvent({
        type: 'approved',
        at: 1_767_225_600_000,
        actor: `${who.name} <${who.email}>`,
        requestIds: ['A'],
        env: 'prod',
        sha: head,
        data: { by: claims },
      });
      const env = { GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email };
      const args = ['-c', 'gpg.format=ssh', ...(key ? ['-c', `user.signingKey=${key}`] : []), 'commit-tree', tree, '-p', tip, ...(key ? ['-S'] : []), '-F', '-'];
      tip = git(attacker, args, { input: message, env });
    };
    forge(kim, 'Kim <kim@example.com>', null);
    forge(lee, 'lee@example.com', null);
    forge(mallory, 'Kim <kim@example.com>', mallory.key);
    forge(lee, 'Kim <kim@example.com>', lee.key);
    git(attacker, ['push', '-q', 'origin', `${tip}:refs/relctl/log`]);

    const before = repo.originRefs();
    const denied = repo.relctl(['promote', 'A', '--to', 'prod']);
    expect(denied.code, denied.stdout + denied.stderr).toBe(3);
    expect(denied.stdout).toMatch(/approved\s+fail\s+A needs 2 approvals for prod .* and has 1/);
    expect(denied.stdout).toContain('does not count: it carries no signature');
    expect(denied.stdout).toContain('does not count: it is signed by a key that is not in the allowed-signers file');
    expect(repo.show('main', 'src/csv.js')).toBeNull();
    expect(repo.originRefs()).toBe(before);
  });

  it('approvals made by Kim and Lee with their own keys count, and A ships', () => {
    const byKim = run(kim, ['approve', 'A', '--for', 'prod']);
    expect(byKim.code, byKim.stderr).toBe(0);
    expect(byKim.stdout).toContain('signed with your SSH key');
    // The approve fetched the team's log: status shows the forged approvals, and why they do not count.
    const status = repo.ok(['status']);
    expect(status.stdout).toContain('prod: Kim <kim@example.com> (does not count: it carries no signature)');
    expect(status.stdout).toContain('prod: Kim <kim@example.com> (signed by lee@example.com)');
    expect(status.stdout).toContain('prod: Kim <kim@example.com> (signed by kim@example.com)');
    const byLee = run(lee, ['approve', 'A', '--for', 'prod', '--by', 'lee@example.com']);
    expect(byLee.code, byLee.stderr).toBe(0);
    // The oracle: git itself verifies the approval commit against the same allowed signers.
    const allowed = join(home, 'allowed');
    writeFileSync(allowed, repo.show('main', '.relctl/allowed_signers') ?? '');
    expect(repo.git(['-c', `gpg.ssh.allowedSignersFile=${allowed}`, 'log', '-2', '--first-parent', '--format=%G? %GS', 'refs/relctl/log'])).toBe(
      'G lee@example.com\nG kim@example.com',
    );
    const shipped = repo.ok(['promote', 'A', '--to', 'prod']);
    expect(shipped.stdout).toMatch(/approved\s+pass\s+approved for prod at [0-9a-f]{7} by (kim@example\.com, lee@example\.com|lee@example\.com, kim@example\.com)/);
    expect(repo.show('main', 'src/csv.js')).toBe('// csv');
  });

  it('a resolution Kim records is signed with her key; resolutions list shows who is proven', () => {
    repo.git(['branch', 'left', 'main']);
    repo.git(['branch', 'right', 'main']);
    repo.commitOn('left', 'left', { 'README.md': '# shop-web (left)\n' });
    repo.commitOn('right', 'right', { 'README.md': '# shop-web (right)\n' });
    repo.git(['switch', '-q', 'left']);
    expect(() => repo.git(['merge', '-q', 'right'])).toThrow();
    writeFileSync(join(repo.dir, 'README.md'), '# shop-web (left and right)\n');
    repo.git(['commit', '-q', '-am', 'Resolve left with right']);
    repo.git(['switch', '-q', 'main']);
    expect(run(kim, ['resolutions', 'learn', 'left']).code).toBe(0);
    expect(repo.ok(['resolutions', 'list']).stdout).toMatch(/README\.md\s+Kim <kim@example\.com>\s+verified: kim@example\.com\s/);
  });
});
