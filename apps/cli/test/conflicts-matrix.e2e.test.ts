import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Several CLI runs per test, each starting node: give a loaded machine room.
const SLOW = { timeout: 120_000 };
import { createStoryRepo, type Backend, type StoryRepo } from './story-repo.js';

interface MatrixJson {
  scope: string;
  requests: Array<{ id: string; sha: string }>;
  base: { env: string; tip: string } | null;
  cells: Array<{ a: string; b: string; clean: boolean; paths: string[] }>;
  conflicts: Array<{ a: string; b: string; clean: boolean; paths: string[] }>;
  stats: { pairs: number; computed: number; cached: number };
}

const line = (text: string) => `export const value = '${text}';\n`;

// Six requests made by hand (a branch under req/ is a request). R1 and R2 change the same line of
// src/products.js, R3 and R5 the same line of src/mail.js; everything else merges cleanly.
const WORK: Record<string, Record<string, string>> = {
  R1: { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" },
  R2: { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'list' }];\n" },
  R3: { 'src/mail.js': "export const sender = 'orders@example.com';\n" },
  R4: { 'src/r4.js': line('r4') },
  R5: { 'src/mail.js': "export const sender = 'noreply@example.com';\n" },
  R6: { 'README.md': '# shop-web, the web shop\n' },
};

describe.each<Backend>(['isomorphic', 'system'])('relctl conflicts (%s backend)', SLOW, (backend) => {
  let repo: StoryRepo;
  const matrix = (args: string[] = ['--all']): MatrixJson => JSON.parse(repo.ok(['conflicts', ...args, '--json']).stdout) as MatrixJson;
  const pairs = (json: MatrixJson) => json.conflicts.map((cell) => `${cell.a}|${cell.b}|${cell.paths.join(',')}`);

  beforeAll(async () => {
    repo = await createStoryRepo({ backend });
    for (const [id, files] of Object.entries(WORK)) {
      repo.git(['branch', `req/${id}`, 'main']);
      repo.commitOn(`req/${id}`, `Work on ${id}`, files);
    }
  }, 120_000);
  afterAll(async () => repo?.remove());

  it('reports exactly the two conflicting pairs, merging all 15 pairs and each request with prod', () => {
    const json = matrix();
    expect(json.requests.map((request) => request.id)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6']);
    expect(json.requests.map((request) => request.sha)).toEqual(Object.keys(WORK).map((id) => repo.sha(`req/${id}`)));
    expect(json.base).toEqual({ env: 'prod', tip: repo.sha('main') });
    expect(json.cells).toHaveLength(21);
    expect(pairs(json)).toEqual(['R1|R2|src/products.js', 'R3|R5|src/mail.js']);
    expect(json.stats).toEqual({ pairs: 21, computed: 21, cached: 0, elapsedMs: expect.any(Number) });
  });

  it('prints the matrix and the conflicts for people, and as markdown', () => {
    const table = repo.ok(['conflicts', '--all']).stdout;
    expect(table).toMatch(/^R1 +- +CONFLICT +ok +ok +ok +ok +ok$/m);
    expect(table).toContain('2 conflict(s):');
    expect(table).toContain('  R1 x R2: src/products.js');
    expect(table).toContain('  R3 x R5: src/mail.js');
    const md = repo.ok(['conflicts', '--all', '--format', 'md']).stdout;
    expect(md).toContain('| **R1** | — | ❌ | ✅ | ✅ | ✅ | ✅ | ✅ |');
    expect(md).toContain('- **R3** × **R5**: `src/mail.js`');
  });

  it('status shows the conflicts the matrix found, without merging anything itself', () => {
    const status = JSON.parse(repo.ok(['status', '--json']).stdout) as { requests: Array<{ id: string; conflicts: Array<{ a: string; b: string; paths: string[] }> }> };
    const of = (id: string) => status.requests.find((row) => row.id === id)?.conflicts;
    expect(of('R1')).toEqual([{ a: 'R1', b: 'R2', paths: ['src/products.js'] }]);
    expect(of('R5')).toEqual([{ a: 'R3', b: 'R5', paths: ['src/mail.js'] }]);
    expect(of('R4')).toEqual([]);
    expect(repo.ok(['status']).stdout).toMatch(/^R1 .*conflicts R2: src\/products\.js/m);
  });

  it('a second run takes every pair from the cache', () => {
    expect(matrix().stats).toMatchObject({ computed: 0, cached: 21 });
  });

  it('after one request moved, only its row is merged again', () => {
    repo.commitOn('req/R4', 'More on R4', { 'src/r4.js': line('r4 again') });
    const json = matrix();
    expect(json.stats).toMatchObject({ computed: 6, cached: 15 });
    expect(pairs(json)).toEqual(['R1|R2|src/products.js', 'R3|R5|src/mail.js']);
  });

  it('after production moved, only the production column is merged again, and a conflict with it shows', () => {
    repo.commitOnMain('Retitle the README', { 'README.md': '# shop-web (live)\n' });
    const json = matrix();
    expect(json.stats).toMatchObject({ computed: 6, cached: 15 });
    expect(pairs(json)).toEqual(['R1|R2|src/products.js', 'R3|R5|src/mail.js', 'R6|env:prod|README.md']);
  });

  it('by default compares the requests the integration environment holds', () => {
    repo.ok(['promote', 'R1', 'R3', 'R4', '--to', 'test']);
    const json = matrix([]);
    expect(json.scope).toBe('test');
    expect(json.requests.map((request) => request.id)).toEqual(['R1', 'R3', 'R4']);
    expect(json.conflicts).toEqual([]);
    expect(json.stats).toMatchObject({ pairs: 6, computed: 0 });
    expect(repo.relctl(['conflicts', '--env', 'prod']).code).toBe(2);
  });
});
