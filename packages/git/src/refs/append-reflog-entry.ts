import type * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import type { GitIdentity, Sha } from '@relctl/core';

/** Options of {@link appendReflogEntry}. */
export interface AppendReflogEntryOptions {
  fs: typeof nodeFs;
  /** The log file, e.g. `<commonDir>/logs/refs/heads/main`. */
  path: string;
  old: Sha | null;
  next: Sha | null;
  actor: GitIdentity;
  message: string;
  /** Create the file when it does not exist (otherwise only existing logs are appended to). */
  create: boolean;
  /** Length of an object id (40, or 64 in SHA-256 repositories), for the all-zero id of "absent". */
  idLength: number;
  /** Skip when the last entry already records this move (recovery replaying a half-done transaction). */
  skipIfLast?: boolean;
}

/**
 * Append one line to a reflog in git's format:
 * `<old> <new> <name> <<email>> <unix-seconds> <+hhmm>\t<message>\n`, absent values as all
 * zeros, the message collapsed to one line as git does. Returns whether a line was written.
 *
 * @example
 * ```ts
 * await appendReflogEntry({ fs, path: `${commonDir}/logs/refs/heads/main`, old, next, actor, message: 'relctl: promote', create: true, idLength: 40 });
 * ```
 */
export async function appendReflogEntry(options: AppendReflogEntryOptions): Promise<boolean> {
  const { fs, path, actor, idLength } = options;
  const zero = '0'.repeat(idLength);
  const message = options.message.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
  const moves = `${options.old ?? zero} ${options.next ?? zero} `;
  let existing: string | null = null;
  try {
    existing = await fs.promises.readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT' && (error as { code?: string }).code !== 'ENOTDIR') throw error;
  }
  if (existing === null && !options.create) return false;
  if (options.skipIfLast && existing) {
    const last = existing.trimEnd().split('\n').pop() ?? '';
    const tab = last.indexOf('\t');
    if (last.startsWith(moves) && (tab < 0 ? '' : last.slice(tab + 1)) === message) return false;
  }
  const name = clean(actor.name);
  const email = clean(actor.email);
  const line = `${moves}${name} <${email}> ${Math.floor(actor.timestamp)} ${formatOffset(actor.timezoneOffset)}${message ? `\t${message}` : ''}\n`;
  await fs.promises.mkdir(dirname(path), { recursive: true });
  await fs.promises.appendFile(path, line, 'utf8');
  return true;
}

function clean(text: string): string {
  return text.replace(/[<>\n\r\0]/g, '').trim();
}

/** isomorphic-git's minutes (UTC+9 is -540) → git's `+0900`. */
function formatOffset(timezoneOffset: number): string {
  const east = -timezoneOffset;
  const sign = east < 0 ? '-' : '+';
  const abs = Math.abs(east);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
