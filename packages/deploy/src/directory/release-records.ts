import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What relctl remembers about one release folder (kept outside it, in `<root>/.relctl/releases/<name>.json`).
 *
 * @example
 * ```ts
 * await records.write('1.4.0', { sha, version: '1.4.0', env: 'prod', createdAt: Date.now(), activatedSeq: 7 });
 * ```
 */
export interface ReleaseRecord {
  sha: string;
  version: string | null;
  env: string;
  /** Epoch ms the folder was filled. */
  createdAt: number;
  /** Increases each time a deploy makes this release `current` successfully; 0 until then. */
  activatedSeq: number;
}

/**
 * Reads and writes the release records of one deploy root.
 *
 * @example
 * ```ts
 * const records: ReleaseRecords = releaseRecords({ root: '/srv/app' });
 * for (const [name, record] of await records.all()) console.log(name, record.sha);
 * ```
 */
export interface ReleaseRecords {
  read(name: string): Promise<ReleaseRecord | null>;
  /** Atomically (temp file, then rename). */
  write(name: string, record: ReleaseRecord): Promise<void>;
  remove(name: string): Promise<void>;
  all(): Promise<Map<string, ReleaseRecord>>;
}

/**
 * Options of {@link releaseRecords}.
 *
 * @example
 * ```ts
 * const records = releaseRecords({ root: '/srv/app' });
 * ```
 */
export interface ReleaseRecordsOptions {
  /** Deploy root. */
  root: string;
}

/**
 * The release records of a deploy root: one small JSON file per release folder, stored
 * outside the folder (under `<root>/.relctl/releases/`) so each release holds exactly its tree.
 *
 * @example
 * ```ts
 * const records = releaseRecords({ root: '/srv/app' });
 * (await records.read('1.4.0'))?.sha;
 * ```
 */
export function releaseRecords(options: ReleaseRecordsOptions): ReleaseRecords {
  const dir = join(options.root, '.relctl', 'releases');
  const read = async (name: string): Promise<ReleaseRecord | null> => {
    try {
      return JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as ReleaseRecord;
    } catch {
      return null;
    }
  };
  return {
    read,
    async write(name, record) {
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
      await rename(temp, join(dir, `${name}.json`));
    },
    async remove(name) {
      await rm(join(dir, `${name}.json`), { force: true });
    },
    async all() {
      const out = new Map<string, ReleaseRecord>();
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        return out;
      }
      for (const file of files) {
        if (!file.endsWith('.json') || file.startsWith('.')) continue;
        const name = file.slice(0, -'.json'.length);
        const record = await read(name);
        if (record) out.set(name, record);
      }
      return out;
    },
  };
}
