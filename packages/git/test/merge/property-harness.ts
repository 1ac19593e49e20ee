/**
 * Random small histories for the merge property suite: many cases in ONE repository, created by a
 * single `git fast-import` stream, checked by a single `git merge-tree --stdin` process.
 *
 * Every text file draws its lines from its own vocabulary, so unrelated files are never similar
 * while a file and its edits are: renames move a file unchanged (exact), with an edit (inexact,
 * or no rename at all when the edit is big), or take a whole directory along (directory rename,
 * while the other side may add to or rename into the old directory); copies with edits make
 * several candidates compete for one source.
 */
import { gitResult } from '@relctl/testing';

/** Deterministic PRNG (mulberry32). */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A file of a generated tree. */
export interface GenFile {
  mode: '100644' | '100755' | '120000' | '160000';
  /** Content (for gitlinks: the commit id). */
  data: Buffer;
  /** Vocabulary id (text files). */
  voc?: number;
}

export type GenTree = Map<string, GenFile>;

interface Rng {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta'];

function rngOf(next: () => number): Rng {
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}

let vocCounter = 0;

function textLines(r: Rng, voc: number, n: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    if (roll < 0.08) lines.push('');
    else if (roll < 0.14) lines.push('}');
    else lines.push(`v${voc} ${r.pick(WORDS)}`);
  }
  return lines;
}

function joinLines(lines: string[], finalNewline: boolean): Buffer {
  return Buffer.from(lines.join('\n') + (lines.length && finalNewline ? '\n' : ''), 'utf8');
}

function newText(r: Rng): GenFile {
  const voc = ++vocCounter;
  return { mode: r.next() < 0.15 ? '100755' : '100644', data: joinLines(textLines(r, voc, 2 + r.int(10)), r.next() < 0.85), voc };
}

function newBinary(r: Rng): GenFile {
  const bytes = Buffer.alloc(8 + r.int(20));
  for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(4) === 0 ? 0 : 65 + r.int(20);
  bytes[1] = 0;
  return { mode: '100644', data: bytes };
}

function mutateText(r: Rng, file: GenFile): GenFile {
  const voc = file.voc ?? ++vocCounter;
  const text = file.data.toString('utf8');
  const hadNl = text.endsWith('\n');
  const lines = text.length ? (hadNl ? text.slice(0, -1) : text).split('\n') : [];
  const ops = 1 + r.int(3);
  for (let k = 0; k < ops; k++) {
    const at = r.int(lines.length + 1);
    const roll = r.next();
    if (roll < 0.35) lines.splice(at, 0, ...textLines(r, voc, 1 + r.int(2)));
    else if (roll < 0.6) lines.splice(at, 1 + r.int(2));
    else lines.splice(at, 1, ...textLines(r, voc, 1));
  }
  const nl = r.next() < 0.1 ? !hadNl : hadNl;
  return { ...file, data: joinLines(lines, nl), voc };
}

const randomOid = (r: Rng): Buffer => Buffer.from(Array.from({ length: 40 }, () => '0123456789abcdef'[r.int(16)]).join(''));

function newPath(r: Rng, tree: GenTree): string {
  const dirs = ['', 'src', 'src/lib', 'docs', 'a/b/c', 'pkg', 'lib', 'moved'];
  for (;;) {
    const dir = r.pick(dirs);
    const name = `${r.pick(['f', 'g', 'h', 'readme', 'x'])}${r.int(30)}${r.pick(['.txt', '.md', '', '.bin'])}`;
    const path = dir ? `${dir}/${name}` : name;
    if (!tree.has(path) && ![...tree.keys()].some((p) => p.startsWith(`${path}/`) || path.startsWith(`${p}/`))) return path;
  }
}

/** A random starting tree. */
export function randomTree(next: () => number): GenTree {
  const r = rngOf(next);
  const tree: GenTree = new Map();
  const n = 2 + r.int(8);
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    const file =
      roll < 0.75
        ? newText(r)
        : roll < 0.87
          ? newBinary(r)
          : roll < 0.95
            ? { mode: '120000' as const, data: Buffer.from(`target${r.int(5)}`) }
            : { mode: '160000' as const, data: randomOid(r) };
    tree.set(newPath(r, tree), file);
  }
  return tree;
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** One side's random change of `tree`. */
export function mutateTree(next: () => number, tree: GenTree, allowRenames: boolean, allowDirFile = true): GenTree {
  const r = rngOf(next);
  const out: GenTree = new Map(tree);
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const paths = [...out.keys()].sort();
    const path = paths.length ? r.pick(paths) : null;
    const file = path ? (out.get(path) as GenFile) : null;
    const roll = r.next();
    if (!path || !file || roll < 0.12) {
      const roll2 = r.next();
      out.set(newPath(r, out), roll2 < 0.7 ? newText(r) : roll2 < 0.85 ? newBinary(r) : { mode: '120000', data: Buffer.from(`t${r.int(9)}`) });
    } else if (roll < 0.45) {
      if (file.mode === '160000') out.set(path, { ...file, data: randomOid(r) });
      else if (file.mode === '120000') out.set(path, { ...file, data: Buffer.from(`t${r.int(9)}`) });
      else if (file.voc !== undefined) out.set(path, mutateText(r, file));
      else out.set(path, newBinary(r));
    } else if (roll < 0.53) out.delete(path);
    else if (roll < 0.59) {
      if (file.mode === '100644') out.set(path, { ...file, mode: '100755' });
      else if (file.mode === '100755') out.set(path, { ...file, mode: '100644' });
    } else if (roll < 0.72 && allowRenames && file.data.length > 0) {
      // a rename, unchanged or with an edit (inexact)
      const target = newPath(r, out);
      out.delete(path);
      out.set(target, file.voc !== undefined && r.next() < 0.5 ? mutateText(r, file) : file);
    } else if (roll < 0.78 && allowRenames && dirOf(path) !== '') {
      // a directory rename: everything below dirOf(path) moves, a file may change on the way
      const dir = dirOf(path);
      const target = r.pick(['moved', 'src/moved', 'lib', 'a/b/z', 'docs/old', 'pkg/sub']);
      const taken = [...out.keys()].some((p) => p === target || p.startsWith(`${target}/`) || target.startsWith(`${p}/`));
      if (!taken && target !== dir && !target.startsWith(`${dir}/`)) {
        for (const p of [...out.keys()].filter((q) => q.startsWith(`${dir}/`))) {
          const moved = out.get(p) as GenFile;
          out.delete(p);
          out.set(`${target}${p.slice(dir.length)}`, moved.voc !== undefined && r.next() < 0.2 ? mutateText(r, moved) : moved);
        }
      }
    } else if (roll < 0.81 && allowRenames && file.voc !== undefined) {
      // a copy with an edit: another candidate for the same source
      out.set(newPath(r, out), mutateText(r, file));
    } else if (roll < 0.86 && allowDirFile) {
      out.delete(path);
      out.set(`${path}/inner.txt`, newText(r));
    } else if (roll < 0.9) {
      const dir = dirOf(path);
      if (dir && allowDirFile) {
        for (const p of [...out.keys()]) if (p.startsWith(`${dir}/`)) out.delete(p);
        out.set(dir, newText(r));
      }
    } else if (roll < 0.95 && file.mode !== '120000') {
      out.set(path, { mode: '120000', data: Buffer.from(`t${r.int(9)}`) });
    } else {
      out.set(path, mutateText(r, file.voc !== undefined ? file : newText(r)));
    }
  }
  return out;
}

/** Builds fast-import commands. */
export class FastImport {
  private readonly chunks: Buffer[] = [];
  private mark = 0;
  private time = 1_700_000_000;

  /** Commit `tree` on `ref` with parents (marks or ids), at `time` or the next tick; returns the commit's mark. */
  commit(ref: string, tree: GenTree, parents: string[], time?: number): string {
    const mark = `:${++this.mark}`;
    const t = time ?? this.time++;
    const head = [`commit ${ref}`, `mark ${mark}`, `committer T <t@example.com> ${t} +0000`, 'data 2', 'c', ''];
    if (parents[0]) head.push(`from ${parents[0]}`);
    for (const p of parents.slice(1)) head.push(`merge ${p}`);
    head.push('deleteall');
    this.chunks.push(Buffer.from(`${head.join('\n')}\n`));
    for (const [path, file] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (file.mode === '160000') {
        this.chunks.push(Buffer.from(`M 160000 ${file.data.toString()} ${path}\n`));
      } else {
        this.chunks.push(Buffer.from(`M ${file.mode} inline ${path}\ndata ${file.data.length}\n`), file.data, Buffer.from('\n'));
      }
    }
    this.chunks.push(Buffer.from('\n'));
    return mark;
  }

  /** Runs `git fast-import` in `dir`. */
  run(dir: string): void {
    const result = gitResult(dir, ['fast-import', '--quiet', '--force'], { input: Buffer.concat(this.chunks) });
    if (result.status !== 0) throw new Error('fast-import failed');
  }
}

/** A merge to check: two refs. */
export interface MergeCase {
  ours: string;
  theirs: string;
}

/** Generates `count` cases (every 5th one criss-cross) into `dir`. */
export function generateCases(dir: string, seed: number, count: number): MergeCase[] {
  const next = makeRandom(seed);
  const r = rngOf(next);
  const fi = new FastImport();
  const cases: MergeCase[] = [];
  for (let k = 0; k < count; k++) {
    const ref = (name: string): string => `refs/heads/c${k}/${name}`;
    const base = randomTree(next);
    const baseMark = fi.commit(ref('base'), base, []);
    if (k % 5 === 4) {
      const a1 = mutateTree(next, base, true, false);
      const c1 = mutateTree(next, base, true, false);
      const a1m = fi.commit(ref('a1'), a1, [baseMark]);
      const c1m = fi.commit(ref('c1'), c1, [baseMark]);
      const a2 = mutateTree(next, r.next() < 0.5 ? a1 : c1, true, false);
      const c2 = mutateTree(next, r.next() < 0.5 ? c1 : a1, true, false);
      const a2m = fi.commit(ref('a2'), a2, [a1m, c1m]);
      const c2m = fi.commit(ref('c2'), c2, [c1m, a1m]);
      fi.commit(ref('ours'), mutateTree(next, a2, true, false), [a2m]);
      fi.commit(ref('theirs'), mutateTree(next, c2, true, false), [c2m]);
    } else {
      const ours = mutateTree(next, base, true);
      const theirs = mutateTree(next, base, true);
      if (r.next() < 0.15) {
        // the same in-place change on both sides
        for (const [path, file] of ours) {
          const before = base.get(path);
          if (before && theirs.get(path) === before && file !== before) theirs.set(path, file);
        }
      }
      fi.commit(ref('ours'), ours, [baseMark]);
      fi.commit(ref('theirs'), theirs, [baseMark]);
    }
    cases.push({ ours: `c${k}/ours`, theirs: `c${k}/theirs` });
  }
  fi.run(dir);
  return cases;
}

/** What `git merge-tree --write-tree --name-only` says about one merge. */
export interface OracleResult {
  clean: boolean;
  tree: string;
  paths: string[];
}

/** Runs all cases through one `git merge-tree --stdin` process. */
export function oracle(dir: string, cases: MergeCase[]): OracleResult[] {
  const input = cases.map((c) => `${c.ours} ${c.theirs}\n`).join('');
  const result = gitResult(dir, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '--stdin'], { input, allowFailure: true });
  const tokens = result.stdout.split('\0');
  const out: OracleResult[] = [];
  let i = 0;
  while (i < tokens.length && out.length < cases.length) {
    const clean = tokens[i++] === '1';
    const tree = tokens[i++] as string;
    const paths: string[] = [];
    while (i < tokens.length && !((tokens[i] === '0' || tokens[i] === '1') && /^[0-9a-f]{40}$/.test(tokens[i + 1] ?? ''))) {
      if (tokens[i]) paths.push(tokens[i] as string);
      i++;
    }
    out.push({ clean, tree, paths });
  }
  return out;
}
