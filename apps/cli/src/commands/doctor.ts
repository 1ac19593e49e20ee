import { RelctlError } from '@relctl/core';
import { doctor, type DoctorCheck as Check } from '@relctl/engine';
import { colorsFor } from '../output/colors.js';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

/** `relctl doctor`: check config, branches, remote, changesets and run state, and say what to fix. */
export const doctorCommand = defineCommand<Record<string, never>>({
  command: 'doctor',
  describe: 'Check config, branches, remote, changesets and unfinished runs, and say what to fix',
  builder: (yargs) => yargs.example('$0 doctor', 'After a crash: see what was interrupted'),
  run: async (args, io) => {
    let checks: Check[];
    try {
      checks = await withContext(args, io, (context) => doctor({ session: context }));
    } catch (error) {
      if (!(error instanceof RelctlError)) throw error;
      checks = [{ name: 'setup', ok: false, detail: error.message }];
    }
    const failed = checks.filter((check) => !check.ok && !check.warning);
    if (args.json) io.stdout(toJson({ ok: failed.length === 0, checks }));
    else {
      const colors = colorsFor(io);
      for (const check of checks) {
        const mark = check.ok ? colors.green('ok  ') : check.warning ? colors.yellow('warn') : colors.red('FAIL');
        io.stdout(`${mark} ${check.name}: ${check.detail}\n`);
      }
      io.stdout(failed.length === 0 ? 'Everything relctl needs is in order.\n' : `${failed.length} problem(s) to fix.\n`);
    }
    return failed.length === 0 ? 0 : 2;
  },
});
