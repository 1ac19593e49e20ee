import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link generateHistory}. */
export interface GenerateHistoryOptions {
  /** An existing git repository (worktree or bare) to import into. */
  dir: string;
  /** How many commits to create (merges included). */
  commits: number;
  /** PRNG seed: the same options always produce the same object ids. Default 1. */
  seed?: number;
  /** Committer date of the first new commit, epoch seconds. Default 1,700,000,000. */
  startTime?: number;
  /**
   * Every n-th commit gets a committer date about a day in the past (clock skew), so date order
   * and topological order disagree. Dates stay distinct. Default 0 (never): dates increase
   * along every parent link, as git's date-based walks assume.
   */
  skewEvery?: number;
  /** Branch heads to continue from (short names as returned in `heads`); default: a new root on `main`. */
  heads?: Record<string, string>;
}

/** What {@link generateHistory} made. */
export interface GeneratedHistory {
  /** Every branch head after the import, by short branch name (`main`, `feature/17`, …). */
  heads: Record<string, string>;
  /** Every new commit id, oldest first. */
  commits: string[];
  /** Ids of the new merge commits (two or more parents). */
  merges: string[];
  /** Pairs of criss-cross merges (each merged the other's previous head): two merge bases each. */
  crissCrosses: Array<[string, string]>;
  /** Committer date of the last commit, epoch seconds (continue after it with `startTime`). */
  lastTime: number;
}

/**
 * Build a deterministic synthetic history with `git fast-import` (thousands of commits per
 * second): a `main` line, feature branches cut from it, `--no-ff` merges back, syncs of `main`
 * into features, criss-cross merges between features and an occasional octopus. Each commit
 * changes one of 50 small files. A fixture for tests and benchmarks; needs the `git` binary.
 *
 * @example
 * ```ts
 * const history = generateHistory({ dir: repo.dir, commits: 2_000, seed: 7 });
 * console.log(history.heads.main, history.merges.length);
 * ```
 */
export function generateHistory(options: GenerateHistoryOptions): GeneratedHistory {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let time = options.startTime ?? 1_700_000_000;
  const skewEvery = options.skewEvery ?? 0;

  // A head is either an existing commit id or a mark (`:n`) of this import.
  const heads = new Map<string, string>(Object.entries(options.heads ?? {}));
  const live: string[] = [...heads.keys()].filter((name) => name !== 'main');
  let nextFeature = 1 + Math.max(0, ...live.map((name) => Number(name.split('/')[1] ?? 0)));
  const chunks: string[] = [];
  const merges: number[] = [];
  const crissCrosses: Array<[number, number]> = [];
  let mark = 0;

  const commit = (branch: string, parents: string[], subject: string): void => {
    mark += 1;
    const date = skewEvery > 0 && mark % skewEvery === 0 ? time - 86_399 : time;
    time += 60;
    const message = `${subject}\n\nCommit ${mark} of a synthetic history.\n`;
    const file = `src/f${mark % 50}.txt`;
    const content = `${branch} ${mark}\n`;
    let text = `commit refs/heads/${branch}\nmark :${mark}\n`;
    text += `author Synthetic Author <author@example.com> ${date} +0000\n`;
    text += `committer Synthetic Committer <committer@example.com> ${date} +0900\n`;
    text += `data ${Buffer.byteLength(message)}\n${message}`;
    const [first, ...rest] = parents;
    if (first !== undefined) text += `from ${first}\n`;
    for (const other of rest) text += `merge ${other}\n`;
    text += `M 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
    chunks.push(text);
    if (parents.length > 1) merges.push(mark);
    heads.set(branch, `:${mark}`);
  };
  const head = (branch: string): string[] => {
    const value = heads.get(branch);
    return value === undefined ? [] : [value];
  };

  for (let i = 0; i < options.commits; i += 1) {
    const roll = random();
    const mainHead = head('main');
    if (mainHead.length === 0 || roll < 0.4) {
      commit('main', mainHead, `main: change ${i}`);
    } else if (roll < 0.78 || live.length === 0) {
      if (live.length < 8 && (live.length === 0 || random() < 0.15)) {
        const name = `feature/${nextFeature++}`;
        live.push(name);
        commit(name, mainHead, `${name}: start`);
      } else {
        const name = pick(live);
        commit(name, head(name), `${name}: work ${i}`);
      }
    } else if (roll < 0.9) {
      const name = pick(live);
      commit('main', [...mainHead, ...head(name)], `Merge ${name} into main`);
      if (random() < 0.7) live.splice(live.indexOf(name), 1);
    } else if (roll < 0.95) {
      const name = pick(live);
      commit(name, [...head(name), ...mainHead], `Merge main into ${name}`);
    } else if (roll < 0.985 && live.length >= 2) {
      // Criss-cross: x and y each merge the other's previous head.
      const x = pick(live);
      const y = pick(live.filter((name) => name !== x));
      const [xHead, yHead] = [head(x), head(y)];
      commit(x, [...xHead, ...yHead], `Merge ${y} into ${x}`);
      if (i + 1 < options.commits) {
        i += 1;
        commit(y, [...yHead, ...xHead], `Merge ${x} into ${y}`);
        crissCrosses.push([mark - 1, mark]);
      }
    } else if (live.length >= 2) {
      const [x, y] = [live[0] as string, live[1] as string];
      commit('main', [...mainHead, ...head(x), ...head(y)], `Octopus ${x} ${y}`);
    } else {
      commit('main', mainHead, `main: change ${i}`);
    }
  }

  const work = mkdtempSync(join(tmpdir(), 'relctl-fast-import-'));
  try {
    const marksFile = join(work, 'marks');
    execFileSync('git', ['fast-import', '--quiet', '--force', '--active-branches=1000', `--export-marks=${marksFile}`], {
      cwd: options.dir,
      input: chunks.join('') + 'done\n',
      // A large heap pad: fast-import grows its heap in tiny steps, and brk is slow on some VMs.
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', MALLOC_TOP_PAD_: '268435456' },
      stdio: ['pipe', 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
    });
    const byMark = new Map<string, string>();
    if (mark > 0) {
      for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
        const [key, oid] = line.split(' ');
        if (key && oid) byMark.set(key, oid);
      }
    }
    const resolve = (value: string): string => (value.startsWith(':') ? (byMark.get(value) ?? value) : value);
    const commits: string[] = [];
    for (let n = 1; n <= mark; n += 1) commits.push(resolve(`:${n}`));
    return {
      heads: Object.fromEntries([...heads].map(([name, value]) => [name, resolve(value)])),
      commits,
      merges: merges.map((n) => resolve(`:${n}`)),
      crissCrosses: crissCrosses.map(([x, y]) => [resolve(`:${x}`), resolve(`:${y}`)]),
      lastTime: time - 60,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
