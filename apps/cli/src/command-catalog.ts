import type { RelctlCommand } from './commands/command.js';

/** One command as `relctl --help` lists it, and how to load its module when it runs. */
export interface CatalogEntry {
  /** Exactly the command's `command` (usage with positionals). */
  command: string | string[];
  /** Exactly the command's `describe`. */
  describe: string;
  /** Import the command's module (and with it its dependencies) and return the command. */
  load: () => Promise<RelctlCommand<never>>;
}

/**
 * Every relctl command, in the order of `commands/all-commands.ts` (which `relctl --help`
 * follows), with its usage and description copied, so that the entry point lists commands and
 * routes to one without importing every command's dependencies (isomorphic-git, zod,
 * changesets, octokit: about a second of module loading). A test checks this list against
 * `allCommands` entry by entry; a command missing here still works (the entry point then loads
 * `allCommands`), but `relctl --help` would not list it.
 *
 * @example
 * ```ts
 * const status = await commandCatalog.find((entry) => entry.command === 'status')!.load();
 * ```
 */
export const commandCatalog: readonly CatalogEntry[] = [
  {
    command: 'init',
    describe: 'Set relctl up in this repository: config, integration branches, .changeset/ (safe to run twice)',
    load: async () => (await import('./commands/init.js')).initCommand as never,
  },
  {
    command: 'request <action> [id]',
    describe: 'Create a request (branch + changeset + audit event), list requests, show one; close, reopen or reship one',
    load: async () => (await import('./commands/request.js')).requestCommand as never,
  },
  {
    command: 'status',
    describe: 'Show every request in every environment: in / stale / not in, approvals, waiting time, conflicts',
    load: async () => (await import('./commands/status.js')).statusCommand as never,
  },
  {
    command: 'board',
    describe: 'Make the status board: one self-contained HTML page (requests x environments, conflicts, deployments)',
    load: async () => (await import('./commands/board.js')).boardCommand as never,
  },
  {
    command: 'promote <ids..>',
    describe: 'Promote requests into an environment (test: rebuild; prod: merge, release, rebuild test, sync the rest)',
    load: async () => (await import('./commands/promote.js')).promoteCommand as never,
  },
  {
    command: 'after-merge',
    describe: 'Finish a promotion whose pull request was merged (tag, rebuild test, sync the rest); for CI on the production branch',
    load: async () => (await import('./commands/after-merge.js')).afterMergeCommand as never,
  },
  {
    command: 'demote <ids..>',
    describe: 'Take requests off an integration environment (rebuilds it without them)',
    load: async () => (await import('./commands/demote.js')).demoteCommand as never,
  },
  {
    command: 'approve [id]',
    describe: "Record an approval of a request's current head for an environment",
    load: async () => (await import('./commands/approve.js')).approveCommand as never,
  },
  {
    command: 'check <action> [name]',
    describe: 'Record a CI result (pass, fail, pending) about one exact commit in the audit log, for the checks rule',
    load: async () => (await import('./commands/check.js')).checkCommand as never,
  },
  {
    command: 'sync [ids..]',
    describe: 'Bring the production tip into request branches (all open requests by default)',
    load: async () => (await import('./commands/sync.js')).syncCommand as never,
  },
  {
    command: 'conflicts',
    describe: 'Trial-merge every pair of pending requests, and each with production, on objects; print the matrix',
    load: async () => (await import('./commands/conflicts.js')).conflictsCommand as never,
  },
  {
    command: 'candidate <ids..>',
    describe: 'Build the exact tree production would have after promoting these requests, on branch candidate/<name>',
    load: async () => (await import('./commands/candidate.js')).candidateCommand as never,
  },
  {
    command: 'resolutions <action> [targets..]',
    describe: 'Conflict resolutions recorded once and reused by every rebuild: list, learn from a merge, forget',
    load: async () => (await import('./commands/resolutions.js')).resolutionsCommand as never,
  },
  {
    command: 'log',
    describe: 'Show the audit trail (who did what, when, to which SHA), newest first',
    load: async () => (await import('./commands/log.js')).logCommand as never,
  },
  {
    command: 'notes [ids..]',
    describe: 'Release notes for a pending promotion: what goes, what stays and why, the next version',
    load: async () => (await import('./commands/notes.js')).notesCommand as never,
  },
  {
    command: 'deploy <env>',
    describe: "Deploy an environment's branch tip (or --sha) with its deploy settings, under the environment's lock; recorded in the audit log",
    load: async () => (await import('./commands/deploy.js')).deployCommand as never,
  },
  {
    command: 'rollback <env>',
    describe: 'Deploy the previous successful deployment of an environment again (or --to one), without touching branches',
    load: async () => (await import('./commands/rollback.js')).rollbackCommand as never,
  },
  {
    command: 'revert <id>',
    describe: 'Take a shipped request out of production: revert its merge, release a patch version, rebuild test',
    load: async () => (await import('./commands/revert.js')).revertCommand as never,
  },
  {
    command: 'continue',
    describe: 'Finish the run that stopped (after a conflict was fixed, or a crash)',
    load: async () => (await import('./commands/run-control.js')).continueCommand as never,
  },
  {
    command: 'skip',
    describe: 'Skip the step the stopped run is at, then finish the run',
    load: async () => (await import('./commands/run-control.js')).skipCommand as never,
  },
  {
    command: 'undo',
    describe: 'Undo the unfinished run, or the last finished one: refs go back where they were',
    load: async () => (await import('./commands/run-control.js')).undoCommand as never,
  },
  {
    command: 'doctor',
    describe: 'Check config, branches, remote, changesets and unfinished runs, and say what to fix',
    load: async () => (await import('./commands/doctor.js')).doctorCommand as never,
  },
  {
    command: 'demo [dir]',
    describe: "Walk through the A, B, C, D story on a scratch repository (needs the git binary for the developers' part)",
    load: async () => (await import('./commands/demo.js')).demoCommand as never,
  },
];
