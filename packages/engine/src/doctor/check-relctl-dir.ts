import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DoctorCheck } from './doctor-check.js';

/**
 * Whether relctl can write `<commonDir>/relctl`, where it keeps run state (for continue and undo),
 * ref-transaction journals and caches: it must be a writable folder, or be creatable in a
 * writable git folder. Writes nothing.
 *
 * @example
 * ```ts
 * const check = await checkRelctlDir({ commonDir: repo.commonDir }); // { name: 'state folder', ok: true, … }
 * ```
 */
export async function checkRelctlDir(options: { commonDir: string }): Promise<DoctorCheck> {
  const dir = join(options.commonDir, 'relctl');
  const name = 'state folder';
  const fix = `relctl keeps its run state (for "relctl continue" and "relctl undo") and its ref journals there; fix it (e.g. "chmod u+w ${dir}"), then run relctl again`;
  let found: Awaited<ReturnType<typeof stat>> | null = null;
  try {
    found = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { name, ok: false, detail: `cannot read ${dir} (${(error as NodeJS.ErrnoException).code}); ${fix}` };
  }
  if (found && !found.isDirectory())
    return { name, ok: false, detail: `${dir} is not a folder, so relctl cannot write there; ${fix.replace(/ \(e\.g\. .*\)/, ' (move the file away)')}` };
  const target = found ? dir : options.commonDir;
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    return { name, ok: false, detail: `cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? 'not writable'}); ${fix}` };
  }
  return { name, ok: true, detail: found ? `${dir} is writable` : `${dir} can be created` };
}
