import type * as nodeFs from 'node:fs';
import { join } from 'node:path';

/**
 * The identity {@link loadGitCommitGraph} gives git's current commit-graph, read cheaply (the
 * trailing checksum of `objects/info/commit-graph`, or the last line of the chain file):
 * `file:<checksum>`, `chain:<checksum>` or `none`.
 *
 * @example
 * ```ts
 * if (readGitCommitGraphId({ fs, objectsDir, hashLength: 20 }) !== state.gitGraphId) console.log('git rewrote its graph');
 * ```
 */
export function readGitCommitGraphId(options: { fs: typeof nodeFs; objectsDir: string; hashLength: number }): string {
  const { fs, objectsDir, hashLength } = options;
  try {
    const fd = fs.openSync(join(objectsDir, 'info', 'commit-graph'), 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const tail = Buffer.alloc(hashLength);
      if (size >= hashLength) fs.readSync(fd, tail, 0, hashLength, size - hashLength);
      return `file:${tail.toString('hex')}`;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // no single file
  }
  try {
    const lines = fs
      .readFileSync(join(objectsDir, 'info', 'commit-graphs', 'commit-graph-chain'), 'latin1')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const top = lines[lines.length - 1];
    return top ? `chain:${top}` : 'none';
  } catch {
    return 'none';
  }
}
