import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoryRepo, startFourRequests, type StoryRepo } from './story-repo.js';

// Several CLI runs per test, each starting node: give a loaded machine room.
const SLOW = { timeout: 180_000 };

/** The team's policy: unit tests on the request head gate test; unit and e2e on the tree that ships gate prod. */
const CONFIG = `requestPrefix: req/
tagPrefix: v
remote: origin
environments:
  - name: test
    kind: integration
    branch: env/test
    rules:
      - rule: checks
        options: { required: [unit] }
  - name: prod
    kind: release
    branch: main
    source: test
    rules:
      - tested-in
      - changeset
      - depends-on
      - clean-merge
      - rule: checks
        options: { required: [unit, e2e] }
`;

interface StatusJson {
  requests: Array<{ id: string; head: string; checks?: Array<{ name: string; result: string; sha: string; url?: string }> }>;
}

const short = (sha: string): string => sha.slice(0, 7);

// The seed story with CI: A, B, C and D; B's unit tests are red. B cannot reach production, the
// others can, and status says why.
describe('CI results gate promotion, pinned to the exact code (checks rule, relctl check record)', SLOW, () => {
  let repo: StoryRepo;
  let heads: Record<'A' | 'B' | 'C' | 'D', string>;
  const state = () => `${repo.fingerprint()}\n--origin--\n${repo.originRefs()}`;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    writeFileSync(join(repo.dir, 'relctl.config.yaml'), CONFIG);
    repo.git(['commit', '-q', '-am', 'CI results gate promotion']);
    repo.git(['push', '-q', 'origin', 'main']);
    heads = startFourRequests(repo);
    // What each request's CI job reports at its end.
    for (const id of ['A', 'C', 'D'] as const) repo.ok(['check', 'record', 'unit', '--sha', heads[id], '--result', 'pass', '--url', `https://ci.example.com/${id}`]);
    repo.ok(['check', 'record', 'unit', '--sha', heads.B, '--result', 'fail', '--url', 'https://ci.example.com/B']);
  }, 240_000);
  afterAll(async () => repo?.remove());

  it('check record appends one checked event per result to the shared audit log', () => {
    const log = repo.originGit(['log', '--format=%s', 'refs/relctl/log']).split('\n');
    expect(log.filter((subject) => subject.startsWith('relctl: check unit'))).toHaveLength(4);
    expect(log[0]).toBe(`relctl: check unit fail on ${heads.B.slice(0, 12)}`);
    expect(repo.ok(['log']).stdout).toMatch(new RegExp(`checked .* ${heads.B.slice(0, 7)} +check unit fail https://ci\\.example\\.com/B`));
  });

  it('bad input is refused with exit 2 and changes nothing', () => {
    const before = state();
    for (const [args, message] of [
      [['check', 'record', 'unit', '--sha', heads.A, '--result', 'green'], /Invalid value "green" for --result|--result/],
      [['check', 'record', 'unit', '--sha', short(heads.A), '--result', 'pass'], /is not a full commit SHA/],
      [['check', 'record', 'unit', '--sha', 'f'.repeat(40), '--result', 'pass'], /There is no commit f{40}/],
      [['check', 'record', 'unit', '--sha', heads.A, '--result', 'pass', '--url', 'javascript:alert(1)'], /--url must be an http\(s\) link/],
    ] as const) {
      const result = repo.relctl([...args]);
      expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(state()).toBe(before);
  });

  it('a red check keeps B off test: exit 3 naming the rule, the check and the commit; nothing changes', () => {
    const before = state();
    const result = repo.relctl(['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/B\s+checks\s+fail/);
    expect(result.stderr).toContain(`B is denied by rule "checks": B: check unit failed on B's head ${short(heads.B)} (https://ci.example.com/B)`);
    expect(state()).toBe(before);
    repo.ok(['promote', 'A', 'C', 'D', '--to', 'test']);
  });

  it('status shows why B waits: its red check, with the commit and the link (table and --json)', () => {
    const table = repo.ok(['status']).stdout;
    const rowB = table.split('\n').find((line) => /^\s*B\s/.test(line)) ?? '';
    expect(rowB).toContain(`checks on ${short(heads.B)}: unit failed (https://ci.example.com/B)`);
    const json = JSON.parse(repo.ok(['status', '--json']).stdout) as StatusJson;
    expect(json.requests.find((row) => row.id === 'B')?.checks).toEqual([expect.objectContaining({ name: 'unit', result: 'fail', sha: heads.B, url: 'https://ci.example.com/B' })]);
    expect(json.requests.find((row) => row.id === 'A')?.checks).toEqual([expect.objectContaining({ name: 'unit', result: 'pass', sha: heads.A })]);
  });

  it('prod counts only results about the tree that ships: green heads are not enough', () => {
    const before = state();
    const result = repo.relctl(['promote', 'A', 'C', 'D', '--to', 'prod', '--dry-run']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/A\s+checks\s+fail/);
    expect(result.stderr).toMatch(
      /check unit has no result for tree [0-9a-f]{7} that prod would get from A, C, D \(results for [0-9a-f]{7}.* are about another commit and do not count\)/,
    );
    expect(result.stderr).toContain('build a candidate of exactly these requests (relctl candidate A C D), run unit, e2e on its commit and record the result');
    expect(state()).toBe(before);
  });

  it('a candidate of A, C, D tested green ships; a result for another combination never counts', () => {
    const other = JSON.parse(repo.ok(['candidate', 'A', 'C', '--json']).stdout) as { commit: string };
    repo.ok(['check', 'record', 'unit', '--sha', other.commit, '--result', 'pass']);
    repo.ok(['check', 'record', 'e2e', '--sha', other.commit, '--result', 'pass']);
    const stillDenied = repo.relctl(['promote', 'A', 'C', 'D', '--to', 'prod', '--dry-run']);
    expect(stillDenied.code, stillDenied.stdout + stillDenied.stderr).toBe(3);

    const candidate = JSON.parse(repo.ok(['candidate', 'A', 'C', 'D', '--json']).stdout) as { commit: string };
    repo.ok(['check', 'record', 'unit', '--sha', candidate.commit, '--result', 'pass']);
    repo.ok(['check', 'record', 'e2e', '--sha', candidate.commit, '--result', 'fail', '--url', 'https://ci.example.com/e2e/1']);
    const red = repo.relctl(['promote', 'A', 'C', 'D', '--to', 'prod', '--dry-run']);
    expect(red.code).toBe(3);
    expect(red.stderr).toMatch(/check e2e failed on tree [0-9a-f]{7} that prod would get from A, C, D \(https:\/\/ci\.example\.com\/e2e\/1\)/);

    // The rerun passed: the latest result for that commit wins.
    repo.ok(['check', 'record', 'e2e', '--sha', candidate.commit, '--result', 'pass']);
    const dry = repo.ok(['promote', 'A', 'C', 'D', '--to', 'prod', '--dry-run']);
    expect(dry.stdout).toMatch(/A\s+checks\s+pass/);
    repo.ok(['promote', 'A', 'C', 'D', '--to', 'prod']);
    for (const id of ['A', 'C', 'D'] as const) expect(repo.isAncestor(heads[id], 'main')).toBe(true);
    expect(repo.isAncestor(heads.B, 'main')).toBe(false);
  });

  it('B cannot reach production: denied with its check named, nothing changes', () => {
    const before = state();
    const result = repo.relctl(['promote', 'B', '--to', 'prod']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/B\s+checks\s+fail/);
    expect(state()).toBe(before);
  });
});
