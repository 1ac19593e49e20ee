import { createTempRepo, makeTempDir, openTempRepo, type TempRepo } from '@relctl/testing';

/** A bare origin and a `--depth=3` bare clone of it; `sha` names every commit written. */
export interface ShallowClone {
  origin: TempRepo;
  clone: TempRepo;
  /** `m1` … `m<n>` on main, `side` (forked at m2, never merged), `feature` (one commit on the last m) when asked for. */
  sha: Record<string, string>;
  remove(): void;
}

/**
 * Build with one `git fast-import` an origin whose main is `m1` … `m<mainCommits>`, with `side`
 * forking at m2 (behind the boundary of a depth-3 clone) and optionally `feature` on main's tip,
 * then clone it shallow (`--depth=3`, every branch).
 */
export function createShallowClone(options: { mainCommits: number; feature?: boolean }): ShallowClone {
  const { mainCommits } = options;
  const origin = createTempRepo({ bare: true });
  let stream = '';
  let mark = 0;
  const marks: Record<string, string> = {};
  const commit = (branch: string, name: string, from?: string): void => {
    mark += 1;
    const message = `${name}\n`;
    stream += `commit refs/heads/${branch}\nmark :${mark}\ncommitter C <c@example.com> ${1_700_000_000 + mark * 60} +0000\n`;
    stream += `data ${message.length}\n${message}${from ? `from ${from}\n` : ''}M 100644 inline ${name}.txt\ndata 2\n${mark}\n\n`;
    marks[name] = `:${mark}`;
  };
  for (let i = 1; i <= mainCommits; i += 1) {
    commit('main', `m${i}`);
    if (i === 2) commit('side', 'side', marks.m2);
  }
  if (options.feature) commit('feature', 'feature', marks[`m${mainCommits}`]);
  origin.git(['fast-import', '--quiet'], `${stream}done\n`);
  const names = Object.keys(marks);
  const revisions = names.map((name) => (name === 'side' || name === 'feature' ? name : `main~${mainCommits - Number(name.slice(1))}`));
  const ids = origin.git(['rev-parse', ...revisions]).split('\n');
  const sha: Record<string, string> = {};
  names.forEach((name, i) => (sha[name] = ids[i] as string));
  const dir = makeTempDir('shallow');
  origin.git(['clone', '-q', '--bare', '--depth=3', '--no-single-branch', `file://${origin.dir}`, dir]);
  const clone = openTempRepo(dir);
  return {
    origin,
    clone,
    sha,
    remove() {
      origin.remove();
      clone.remove();
    },
  };
}
