import { git } from '@relctl/testing';

/** Commit ids and refs of the repository {@link buildContractFixture} makes. */
export interface ContractFixture {
  /** `main`: m1 (root, +0900) ← m2 (−0530, message without final newline) ← m3. */
  m1: string;
  m2: string;
  m3: string;
  /** `req/A`: a1 on m2 (edits dir/b.txt; merges cleanly into main). */
  a1: string;
  /** `req/B`: b1 on m2 (adds new.txt). */
  b1: string;
  /** `req/C`: c1 on m2 (edits dir/sub/c.txt against m3, adds new.txt against b1). */
  c1: string;
  /** `req/D`: d1 on m2 (deletes dir/sub/c.txt, which m3 edits). */
  d1: string;
  /** `env/test`: t1 = merge(m2, a1), t2 = merge(t1, b1). */
  t1: string;
  t2: string;
  /** Criss-cross: x1, y1 on m1; x2 = merge(x1, y1); y2 = merge(y1, x1). */
  x1: string;
  y1: string;
  x2: string;
  y2: string;
  /** `orphan`: an unrelated root commit. */
  o1: string;
  /** Annotated tag object of `refs/tags/v1.0.0` (→ m2). */
  tag: string;
}

/**
 * Build the shared, read-only history of the GitPort contract suite in the (empty, initialised)
 * repository `dir` with one `git fast-import`, then pack its refs and add loose and symbolic
 * ones: `refs/heads/req/P` (packed at m1, loose at m2), `refs/remotes/origin/HEAD` →
 * `refs/remotes/origin/main` (m3), `refs/tags/light` (m1).
 *
 * @example
 * ```ts
 * const repo = createTempRepo();
 * const fx = buildContractFixture(repo.dir);
 * ```
 */
export function buildContractFixture(dir: string): ContractFixture {
  const blobs: Record<string, Buffer> = {
    a1: Buffer.from('alpha\n'),
    a2: Buffer.from('alpha two\n'),
    b: Buffer.from('bravo\n'),
    b2: Buffer.from('bravo from A\n'),
    c: Buffer.from('one\ntwo\nthree\n'),
    c3: Buffer.from('one\nTWO on main\nthree\n'),
    cC: Buffer.from('one\ntwo from C\nthree\n'),
    exec: Buffer.from('#!/bin/sh\necho hi\n'),
    bin: Buffer.from([0, 1, 2, 255, 0, 10, 13, 0]),
    newB: Buffer.from('new from B\n'),
    newC: Buffer.from('new from C\n'),
    x: Buffer.from('x\n'),
    y: Buffer.from('y\n'),
    o: Buffer.from('orphan\n'),
    link: Buffer.from('a.txt'),
  };
  const chunks: Buffer[] = [];
  const out = (text: string) => chunks.push(Buffer.from(text, 'utf8'));
  const data = (content: Buffer | string) => {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    out(`data ${bytes.length}\n`);
    chunks.push(bytes);
    out('\n');
  };
  const marks = new Map<string, number>();
  let next = 1;
  for (const [name, content] of Object.entries(blobs)) {
    marks.set(`blob:${name}`, next);
    out(`blob\nmark :${next++}\n`);
    data(content);
  }
  const blob = (name: string) => `:${marks.get(`blob:${name}`)}`;
  let time = 1_767_225_600;
  const commit = (name: string, ref: string, message: string, options: { from?: string; merge?: string[]; tz?: string; ops: string[] }) => {
    marks.set(name, next);
    const tz = options.tz ?? '+0000';
    out(`commit ${ref}\nmark :${next++}\n`);
    out(`author Ann Author <ann@example.com> ${time} ${tz}\n`);
    out(`committer Cid Committer <cid@example.com> ${time + 7} ${tz}\n`);
    time += 60;
    data(message);
    if (options.from) out(`from :${marks.get(options.from)}\n`);
    for (const merge of options.merge ?? []) out(`merge :${marks.get(merge)}\n`);
    for (const op of options.ops) out(`${op}\n`);
    out('\n');
  };
  commit('m1', 'refs/heads/main', 'm1: root\n\nWith a body.\n', {
    tz: '+0900',
    ops: [
      `M 100644 ${blob('a1')} a.txt`,
      `M 100755 ${blob('exec')} exec.sh`,
      `M 120000 ${blob('link')} link`,
      `M 100644 ${blob('b')} dir/b.txt`,
      `M 100644 ${blob('c')} dir/sub/c.txt`,
      `M 100644 ${blob('bin')} bin.dat`,
    ],
  });
  commit('m2', 'refs/heads/main', 'm2: Unicode ✓ — no final newline', { from: 'm1', tz: '-0530', ops: [`M 100644 ${blob('a2')} a.txt`] });
  commit('a1', 'refs/heads/req/A', 'a1\n', { from: 'm2', ops: [`M 100644 ${blob('b2')} dir/b.txt`] });
  commit('b1', 'refs/heads/req/B', 'b1\n', { from: 'm2', ops: [`M 100644 ${blob('newB')} new.txt`] });
  commit('c1', 'refs/heads/req/C', 'c1\n', { from: 'm2', ops: [`M 100644 ${blob('cC')} dir/sub/c.txt`, `M 100644 ${blob('newC')} new.txt`] });
  commit('d1', 'refs/heads/req/D', 'd1\n', { from: 'm2', ops: ['D dir/sub/c.txt'] });
  commit('m3', 'refs/heads/main', 'm3\n', { from: 'm2', ops: [`M 100644 ${blob('c3')} dir/sub/c.txt`] });
  commit('t1', 'refs/heads/env/test', 'Merge A\n\nRelctl-Request: A\n', { from: 'm2', merge: ['a1'], ops: [`M 100644 ${blob('b2')} dir/b.txt`] });
  commit('t2', 'refs/heads/env/test', 'Merge B\n\nRelctl-Request: B\n', { from: 't1', merge: ['b1'], ops: [`M 100644 ${blob('newB')} new.txt`] });
  commit('x1', 'refs/heads/cross/x', 'x1\n', { from: 'm1', ops: [`M 100644 ${blob('x')} x.txt`] });
  commit('y1', 'refs/heads/cross/y', 'y1\n', { from: 'm1', ops: [`M 100644 ${blob('y')} y.txt`] });
  commit('x2', 'refs/heads/cross/x', 'x2\n', { from: 'x1', merge: ['y1'], ops: [`M 100644 ${blob('y')} y.txt`] });
  commit('y2', 'refs/heads/cross/y', 'y2\n', { from: 'y1', merge: ['x1'], ops: [`M 100644 ${blob('x')} x.txt`] });
  out(`reset refs/heads/orphan\n`);
  commit('o1', 'refs/heads/orphan', 'o1\n', { ops: [`M 100644 ${blob('o')} o.txt`] });
  out(`tag v1.0.0\nfrom :${marks.get('m2')}\ntagger Tia Tagger <tia@example.com> ${time} +0200\n`);
  data('Release 1.0.0\n\n- notes\n');
  out(`reset refs/heads/req/P\nfrom :${marks.get('m1')}\n\n`);

  git(dir, ['fast-import', '--quiet', '--date-format=raw'], { input: Buffer.concat(chunks) });
  git(dir, ['pack-refs', '--all']);
  const resolve = (rev: string) => git(dir, ['rev-parse', rev]);
  const fx: ContractFixture = {
    m3: resolve('refs/heads/main'),
    m2: resolve('refs/heads/main~1'),
    m1: resolve('refs/heads/main~2'),
    a1: resolve('refs/heads/req/A'),
    b1: resolve('refs/heads/req/B'),
    c1: resolve('refs/heads/req/C'),
    d1: resolve('refs/heads/req/D'),
    t2: resolve('refs/heads/env/test'),
    t1: resolve('refs/heads/env/test~1'),
    x2: resolve('refs/heads/cross/x'),
    x1: resolve('refs/heads/cross/x~1'),
    y2: resolve('refs/heads/cross/y'),
    y1: resolve('refs/heads/cross/y~1'),
    o1: resolve('refs/heads/orphan'),
    tag: resolve('refs/tags/v1.0.0'),
  };
  git(dir, ['update-ref', 'refs/heads/req/P', fx.m2]);
  git(dir, ['update-ref', 'refs/remotes/origin/main', fx.m3]);
  git(dir, ['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);
  git(dir, ['update-ref', 'refs/tags/light', fx.m1]);
  return fx;
}
