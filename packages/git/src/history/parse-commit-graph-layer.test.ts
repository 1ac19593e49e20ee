import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, gitResult, type TempRepo } from '@relctl/testing';
import { openRepository } from '../repo/open-repository.js';
import { parseCommitGraphLayer } from './parse-commit-graph-layer.js';
import { isAncestor } from './is-ancestor.js';
import { mergeBases } from './merge-bases.js';
import { openHistory } from './open-history.js';
import { saveHistory } from './save-history.js';
import { writeCommitGraphLayer } from './write-commit-graph-layer.js';

// Dates git's format stores specially: beyond 32 bits (the 33rd and 34th bit live in CDAT), and a
// commit older than its parent by more than 2^31 seconds (its corrected date offset overflows
// into the GDO2 chunk). Plus an octopus merge (EDGE chunk).

let repo: TempRepo;
const sha: Record<string, string> = {};
const FUTURE = 5_000_000_000; // year 2128: needs 33 bits

beforeAll(() => {
  repo = createTempRepo({ bare: true });
  const commits: Array<[string, string, number, string[]]> = [
    ['root', 'main', FUTURE, []],
    ['old', 'main', 1, ['root']],
    ['a', 'a', 2, ['old']],
    ['b', 'b', 3, ['old']],
    ['c', 'c', 4, ['old']],
    ['octopus', 'main', 5, ['old', 'a', 'b', 'c']],
  ];
  let stream = '';
  commits.forEach(([name, branch, date, parents], i) => {
    stream += `commit refs/heads/${branch}\nmark :${i + 1}\ncommitter C <c@example.com> ${date} +0000\ndata ${name.length}\n${name}\n`;
    parents.forEach((parent, p) => {
      const mark = commits.findIndex(([other]) => other === parent) + 1;
      stream += `${p === 0 ? 'from' : 'merge'} :${mark}\n`;
    });
    stream += `M 100644 inline ${name}.txt\ndata ${name.length}\n${name}\n\n`;
  });
  repo.git(['fast-import', '--quiet'], `${stream}done\n`);
  const names = ['root', 'old', 'a', 'b', 'c', 'octopus'];
  const ids = repo.git(['rev-parse', 'main~1~1', 'main~1', 'a', 'b', 'c', 'main']).split('\n');
  names.forEach((name, i) => (sha[name] = ids[i] as string));
});
afterAll(() => repo.remove());

describe('commit-graph files', () => {
  it("parses git's commit-graph with 34-bit dates, overflowing corrected dates and an octopus", async () => {
    rmSync(join(repo.dir, 'relctl'), { recursive: true, force: true });
    repo.git(['commit-graph', 'write', '--reachable']);
    const buffer = readFileSync(join(repo.dir, 'objects', 'info', 'commit-graph'));
    const layer = parseCommitGraphLayer({ buffer, hashLength: 20 });
    expect(layer).not.toBeNull();
    expect(layer?.count).toBe(6);
    expect(layer?.overflowCount).toBe(5); // every commit below the future root
    expect(layer?.edgesCount).toBe(3);
    const handle = await openRepository({ cwd: repo.dir });
    const { index } = openHistory({ repo: handle });
    expect(index.corrected).toBe(true);
    const [root, old, octopus] = index.ensure([sha.root as string, sha.old as string, sha.octopus as string]) as [number, number, number];
    expect(index.size).toBe(index.layeredCount); // all from the graph
    expect(index.date(root)).toBe(FUTURE);
    expect(index.date(old)).toBe(1);
    expect(index.correctedDate(old)).toBe(FUTURE + 1);
    expect(index.generation(octopus)).toBe(FUTURE + 3);
    expect(index.parents(octopus).map((id) => index.oid(id))).toEqual([sha.old, sha.a, sha.b, sha.c]);
    expect(index.level(octopus)).toBe(4);
    expect(await isAncestor({ repo: handle, ancestor: sha.root as string, descendant: sha.octopus as string })).toBe(true);
    expect(await mergeBases({ repo: handle, a: sha.a as string, b: sha.c as string })).toEqual([sha.old]);
  });

  it('writes the same dates and overflow chunk, and git commit-graph verify accepts it', async () => {
    rmSync(join(repo.dir, 'objects', 'info', 'commit-graph'), { force: true });
    rmSync(join(repo.dir, 'relctl'), { recursive: true, force: true });
    const handle = await openRepository({ cwd: repo.dir });
    expect(await isAncestor({ repo: handle, ancestor: sha.root as string, descendant: sha.octopus as string })).toBe(true);
    const state = openHistory({ repo: handle });
    saveHistory({ state, minimum: 1 });
    expect(state.cacheLayers).toHaveLength(1);
    const mine = state.cacheLayers[0];
    expect(mine?.overflowCount).toBe(5);
    copyFileSync(join(repo.dir, 'relctl', 'commit-index', `${mine?.checksum}.graph`), join(repo.dir, 'objects', 'info', 'commit-graph'));
    expect(gitResult(repo.dir, ['commit-graph', 'verify'], { allowFailure: true }).status).toBe(0);
    rmSync(join(repo.dir, 'objects', 'info', 'commit-graph'), { force: true });
  });

  it('finds no merge base for unrelated histories, like git', async () => {
    const orphan = repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], 'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter C <c@example.com> 9 +0000\n\norphan\n');
    const handle = await openRepository({ cwd: repo.dir });
    expect(gitResult(repo.dir, ['merge-base', '--all', orphan, sha.octopus as string], { allowFailure: true })).toEqual({ stdout: '', status: 1 });
    expect(await mergeBases({ repo: handle, a: orphan, b: sha.octopus as string })).toEqual([]);
    expect(await isAncestor({ repo: handle, ancestor: orphan, descendant: sha.octopus as string })).toBe(false);
  });

  it('refuses files that are not commit-graphs', () => {
    const entries = [{ oid: 'ab'.repeat(20), tree: 'cd'.repeat(20), parents: [], level: 1, date: 10, corrected: 10 }];
    const good = writeCommitGraphLayer({ entries, hashLength: 20, withGeneration: false });
    expect(parseCommitGraphLayer({ buffer: good, hashLength: 20 })?.count).toBe(1);
    expect(parseCommitGraphLayer({ buffer: good, hashLength: 32 })).toBeNull();
    expect(parseCommitGraphLayer({ buffer: good.subarray(0, 40), hashLength: 20 })).toBeNull();
    const wrongSignature = Buffer.from(good);
    wrongSignature[0] = 0x58;
    expect(parseCommitGraphLayer({ buffer: wrongSignature, hashLength: 20 })).toBeNull();
  });
});
