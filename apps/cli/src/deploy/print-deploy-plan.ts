import type { Io } from '../io.js';
import { toJson } from '../output/format.js';
import { printable } from '../output/printable.js';

/** Options of {@link printDeployPlan}. */
export interface PrintDeployPlanOptions {
  io: Io;
  json: boolean;
  /** The command as typed. */
  command: string;
  notes: string[];
  steps: string[];
  /** Extra fields of the JSON answer. */
  data: Record<string, unknown>;
}

/**
 * Print a deploy's or rollback's `--dry-run`: the same shape as every other writing command's
 * dry run (`Plan for "relctl …" (dry run, nothing changed):`, notes, numbered steps), or JSON.
 *
 * @example
 * ```ts
 * printDeployPlan({ io, json: false, command: 'deploy prod', notes: [], steps: describeDeploy(…), data: {} });
 * ```
 */
export function printDeployPlan(options: PrintDeployPlanOptions): void {
  const { io } = options;
  if (options.json) {
    io.stdout(toJson({ dryRun: true, command: options.command, ...options.data, notes: options.notes, steps: options.steps }));
    return;
  }
  io.stdout(`Plan for "relctl ${options.command}" (dry run, nothing changed):\n`);
  for (const note of options.notes) io.stdout(`  note: ${printable(note)}\n`);
  options.steps.forEach((line, index) => io.stdout(`  ${index + 1}. ${printable(line)}\n`));
}
