import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './run-git.js';

/**
 * Write blobs with the system git, no filters applied (bytes are stored as given): one
 * `git hash-object -w --stdin` for a single blob, one `git hash-object -w --stdin-paths
 * --no-filters` over temp files for several. Returns the ids in input order.
 *
 * @example
 * ```ts
 * const [id] = await systemWriteBlobs({ cwd: '/repo', contents: [new TextEncoder().encode('hi\n')] });
 * ```
 */
export async function systemWriteBlobs(options: { cwd: string; contents: Uint8Array[]; env?: Record<string, string | undefined> }): Promise<string[]> {
  const { cwd, contents } = options;
  if (contents.length === 0) return [];
  if (contents.length === 1) {
    const { stdout } = await runGit({ cwd, args: ['hash-object', '-w', '--stdin'], input: contents[0]!, env: options.env });
    return [stdout.toString('utf8').trim()];
  }
  const dir = await mkdtemp(join(tmpdir(), 'relctl-blobs-'));
  try {
    const paths = await Promise.all(
      contents.map(async (content, index) => {
        const path = join(dir, String(index));
        await writeFile(path, content);
        return path;
      }),
    );
    const { stdout } = await runGit({
      cwd,
      args: ['hash-object', '-w', '--no-filters', '--stdin-paths'],
      input: `${paths.join('\n')}\n`,
      env: options.env,
    });
    const ids = stdout.toString('utf8').trim().split('\n');
    if (ids.length !== contents.length) throw new Error(`git hash-object returned ${ids.length} ids for ${contents.length} blobs`);
    return ids;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
