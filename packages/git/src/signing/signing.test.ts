import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { CommitData, GitPort } from '@relctl/core';
import { createTempRepo, git, gitResult, makeTempDir, type TempRepo } from '@relctl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsomorphicGitPort } from '../isomorphic/create-isomorphic-git-port.js';
import { openRepository } from '../repo/open-repository.js';
import { createSystemGitPort } from '../system/create-system-git-port.js';
import { parseAllowedSigners } from './parse-allowed-signers.js';
import { signedCommit } from './signed-commit.js';
import { verifyCommitSignature } from './verify-commit-signature.js';

const identity = { name: 'Kim', email: 'kim@example.com', timestamp: 1_767_225_600, timezoneOffset: 0 };

function sshKey(dir: string, name: string): { file: string; pub: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return { file, pub: readFileSync(`${file}.pub`, 'utf8').trim() };
}

describe('signed commits: written by either port, checked against an allowed-signers file', () => {
  let keys: string;
  let repo: TempRepo;
  let kim: { file: string; pub: string };
  let lee: { file: string; pub: string };
  let allowed: string;
  let allowedFile: string;
  let tree: string;

  beforeAll(() => {
    keys = makeTempDir('keys');
    kim = sshKey(keys, 'kim');
    lee = sshKey(keys, 'lee');
    allowed = `kim@example.com namespaces="git" ${kim.pub}\n`;
    allowedFile = join(keys, 'allowed_signers');
    writeFileSync(allowedFile, allowed);
    repo = createTempRepo();
    repo.commit('base', { 'f.txt': 'f\n' });
    tree = repo.git(['rev-parse', 'HEAD^{tree}']);
  });
  afterAll(() => {
    repo?.remove();
    if (keys) rmSync(keys, { recursive: true, force: true });
  });

  /** `git verify-commit` with the allowed-signers file: the oracle. */
  const gitVerifies = (sha: string): boolean => gitResult(repo.dir, ['-c', `gpg.ssh.allowedSignersFile=${allowedFile}`, 'verify-commit', sha], { allowFailure: true }).status === 0;

  async function ports(): Promise<Array<[string, GitPort]>> {
    const opened = await openRepository({ cwd: repo.dir });
    return [
      ['isomorphic', createIsomorphicGitPort({ repo: opened })],
      ['system', createSystemGitPort({ cwd: repo.dir })],
    ];
  }

  it.each(['isomorphic', 'system'])('the %s port writes a commit signed with an SSH key that git verifies, and so does relctl', async (name) => {
    const port = (await ports()).find(([label]) => label === name)?.[1] as GitPort;
    try {
      const data: CommitData = { tree, parents: [], message: `approve A (${name})\n`, author: identity, committer: identity };
      const sha = await port.writeCommit(await signedCommit({ commit: data, signingKey: { format: 'ssh', key: kim.file }, env: process.env }));
      expect(gitVerifies(sha)).toBe(true);
      const opened = await openRepository({ cwd: repo.dir });
      expect(await verifyCommitSignature({ repo: opened, commit: sha, allowedSigners: allowed })).toEqual({ status: 'verified', signer: 'kim@example.com' });
      // The port reads it back as the commit it was (the signature is a header, not the message).
      expect((await port.readCommit(sha)).message).toBe(data.message);
    } finally {
      (port as GitPort & { close?: () => void }).close?.();
    }
  });

  it('a key that is not allowed, no signature, or a changed commit do not verify', async () => {
    const opened = await openRepository({ cwd: repo.dir });
    const port = createIsomorphicGitPort({ repo: opened });
    const data: CommitData = { tree, parents: [], message: 'approve A\n', author: identity, committer: identity };
    const byLee = await port.writeCommit(await signedCommit({ commit: data, signingKey: { format: 'ssh', key: `${lee.file}.pub` }, env: process.env }));
    expect(gitVerifies(byLee)).toBe(false);
    expect(await verifyCommitSignature({ repo: opened, commit: byLee, allowedSigners: allowed })).toMatchObject({ status: 'unknown-key' });
    const unsigned = await port.writeCommit(data);
    expect(await verifyCommitSignature({ repo: opened, commit: unsigned, allowedSigners: allowed })).toMatchObject({ status: 'unsigned' });
    expect(await verifyCommitSignature({ repo: opened, commit: unsigned, allowedSigners: null })).toMatchObject({ status: 'unsigned' });
    // Kim's signature moved onto another message: the bytes no longer match what was signed.
    const signed = await signedCommit({ commit: data, signingKey: { format: 'ssh', key: kim.file }, env: process.env });
    const forged = await port.writeCommit({ ...signed, message: 'approve B\n' });
    expect(gitVerifies(forged)).toBe(false);
    expect(await verifyCommitSignature({ repo: opened, commit: forged, allowedSigners: allowed })).toMatchObject({ status: 'invalid' });
    // No allowed-signers file: nothing verifies.
    const good = await port.writeCommit(signed);
    expect(await verifyCommitSignature({ repo: opened, commit: good, allowedSigners: null })).toMatchObject({ status: 'unknown-key' });
  });

  it('verification reads no repository configuration: a gpg.ssh.program set there never runs', async () => {
    const marker = join(keys, 'program-ran');
    const program = join(keys, 'evil-ssh-keygen');
    writeFileSync(program, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\nexit 0\n`);
    chmodSync(program, 0o755);
    repo.git(['config', 'gpg.ssh.program', program]);
    repo.git(['config', 'gpg.ssh.allowedSignersFile', join(keys, 'nonexistent')]);
    try {
      const opened = await openRepository({ cwd: repo.dir });
      const port = createIsomorphicGitPort({ repo: opened });
      const data: CommitData = { tree, parents: [], message: 'approve C\n', author: identity, committer: identity };
      const byLee = await port.writeCommit(await signedCommit({ commit: data, signingKey: { format: 'ssh', key: lee.file }, env: process.env }));
      expect(await verifyCommitSignature({ repo: opened, commit: byLee, allowedSigners: allowed })).toMatchObject({ status: 'unknown-key' });
      expect(existsSync(marker)).toBe(false);
    } finally {
      repo.git(['config', '--unset', 'gpg.ssh.program']);
      repo.git(['config', '--unset', 'gpg.ssh.allowedSignersFile']);
    }
  });

  it('OpenPGP: signs with gpg as git does (git verifies it); relctl reports it as not checkable against SSH allowed signers', async () => {
    const home = makeTempDir('gnupg');
    chmodSync(home, 0o700);
    const env = { ...process.env, GNUPGHOME: home };
    try {
      execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Kim <kim@example.com>', 'ed25519', 'sign', 'never'], { env, stdio: 'ignore' });
      const opened = await openRepository({ cwd: repo.dir });
      const port = createIsomorphicGitPort({ repo: opened });
      const data: CommitData = { tree, parents: [], message: 'approve D\n', author: identity, committer: identity };
      const sha = await port.writeCommit(await signedCommit({ commit: data, signingKey: { format: 'openpgp', key: 'kim@example.com' }, env }));
      expect(git(repo.dir, ['verify-commit', sha], { env: { GNUPGHOME: home } })).toBe('');
      expect(await verifyCommitSignature({ repo: opened, commit: sha, allowedSigners: allowed })).toMatchObject({ status: 'unsupported' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('parses allowed-signers lines: principals, options, key; comments and junk are skipped', () => {
    expect(
      parseAllowedSigners({ text: `# team\nkim@example.com,k@example.org namespaces="git",valid-after="20260101" ${kim.pub}\n\nnot a line\n"lee@example.com" ${lee.pub}\n` }),
    ).toEqual([
      { principals: ['kim@example.com', 'k@example.org'], options: 'namespaces="git",valid-after="20260101"', keyType: 'ssh-ed25519', key: kim.pub.split(' ')[1] },
      { principals: ['lee@example.com'], options: '', keyType: 'ssh-ed25519', key: lee.pub.split(' ')[1] },
    ]);
  });
});
