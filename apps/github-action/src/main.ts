import { RelctlError } from '@relctl/core';
import { readActionInputs } from './read-action-inputs.js';
import { actionOutputs, eventLine, writeOutputs } from './report-outcome.js';
import { runAction } from './run-action.js';
import { workflowCommand } from './workflow-commands.js';

/** Options of {@link main}. */
export interface MainOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Where log lines and workflow commands go (the runner reads stdout). */
  write: (text: string) => void;
}

/**
 * The action from start to end: read inputs, run, report. Returns the exit code: 0, or on failure
 * the relctl error's exit code (2: configuration or usage, 1: unexpected) after one
 * `::error::` line that says what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * process.exitCode = await main({ env: process.env, write: (text) => process.stdout.write(text) });
 * ```
 */
export async function main(options: MainOptions): Promise<number> {
  const { env, write } = options;
  try {
    const inputs = readActionInputs(env);
    const result = await runAction({ inputs, env, onEvent: (event) => write(eventLine(event)) });
    writeOutputs(env.GITHUB_OUTPUT, actionOutputs(result));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    write(workflowCommand('error', message.startsWith('relctl') ? message : `relctl: ${message}`));
    return error instanceof RelctlError ? error.exitCode : 1;
  }
}
