import { RelctlError } from '@relctl/core';
import { pendingTransactions } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { branchRef, gatherFacts } from '../facts/gather-facts.js';
import { colorsFor } from '../output/colors.js';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

/** One finding of `relctl doctor`. */
interface Check {
  name: string;
  ok: boolean;
  /** What was found, and for a problem how to fix it. */
  detail: string;
  /** A warning does not fail the doctor. */
  warning?: boolean;
}

/** `relctl doctor`: check config, branches, remote, changesets and run state, and say what to fix. */
export const doctorCommand = defineCommand<Record<string, never>>({
  command: 'doctor',
  describe: 'Check config, branches, remote, changesets and unfinished runs, and say what to fix',
  builder: (yargs) => yargs.example('$0 doctor', 'After a crash: see what was interrupted'),
  run: async (args, io) => {
    let checks: Check[];
    try {
      checks = await withContext(args, io, diagnose);
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

async function diagnose(context: CliContext): Promise<Check[]> {
  const checks: Check[] = [];
  const { policy, git } = context;
  checks.push({ name: 'config', ok: true, detail: context.configFile ? `read ${context.configFile}` : 'no config file; using the defaults ("relctl init" writes one)' });
  if (context.repo.shallow) checks.push({ name: 'history', ok: false, warning: true, detail: 'this is a shallow clone; run "git fetch --unshallow" so ancestry answers are complete' });
  for (const env of policy.environments) {
    const tip = await git.readRef(branchRef(env.branch));
    checks.push({
      name: `branch ${env.branch}`,
      ok: tip !== null,
      detail: tip ? `${env.name} (${env.kind}) at ${tip.slice(0, 7)}` : `missing; run "relctl init" to create it`,
    });
  }
  if (policy.remote) checks.push({ name: `remote ${policy.remote}`, ok: true, detail: 'configured; promotions push to it' });
  if (context.missingRemote) {
    checks.push({
      name: `remote ${context.missingRemote}`,
      ok: false,
      warning: true,
      detail: `the config names it but this clone has no such remote, so nothing is pushed; add it with "git remote add ${context.missingRemote} <url>" or set remote: null`,
    });
  }
  const pending = await context.store.loadCurrent();
  checks.push({
    name: 'run state',
    ok: pending === null,
    detail: pending
      ? `"relctl ${pending.plan.command}" stopped at step ${pending.next + 1} of ${pending.plan.steps.length}${pending.stop ? ` (${pending.stop.message})` : ' (interrupted)'}; run "relctl continue" to finish it or "relctl undo" to take it back`
      : 'no unfinished run',
  });
  const journals = await pendingTransactions({ repo: context.repo });
  checks.push({
    name: 'ref transactions',
    ok: journals.length === 0,
    detail: journals.length === 0 ? 'no interrupted transaction' : `${journals.length} interrupted ref transaction(s); the next relctl command that moves refs completes or rolls them back`,
  });
  const facts = await gatherFacts(context);
  const withoutChangeset = facts.requests.filter((request) => !request.changeset).map((request) => request.id);
  checks.push({
    name: 'changesets',
    ok: withoutChangeset.length === 0,
    warning: true,
    detail: withoutChangeset.length === 0 ? `${facts.requests.length} request(s), each with a changeset` : `no .changeset/<id>.md on: ${withoutChangeset.join(', ')}; add one on each branch before it ships`,
  });
  return checks;
}
