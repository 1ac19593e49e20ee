import { UsageError } from '@relctl/core';
import type { Io } from '../../io.js';
import { openContext, type CliContext, type OpenContextOptions } from '@relctl/engine';
import type { GlobalOptions } from '../command.js';
import { printEngineEvent } from '../../output/print-engine-event.js';

/**
 * Open the context for a command, run `body`, and always release the context's resources.
 * Words after `--` are refused: yargs leaves them out of the command's arguments (`relctl sync -- C`
 * would sync every request instead of C), and no relctl command takes any.
 */
export async function withContext<T>(
  args: GlobalOptions,
  io: Io,
  body: (context: CliContext<Io>) => Promise<T>,
  options: Pick<OpenContextOptions, 'worktreeConfig'> = {},
): Promise<T> {
  // `_` holds the command's own name, then whatever came after `--` (strict mode refuses other extra words).
  const extra = ((args as GlobalOptions & { _?: unknown[] })._ ?? []).slice(1).map(String);
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument(s) after "--": ${extra.map((word) => JSON.stringify(word)).join(' ')}; put request ids before any "--" (e.g. "relctl sync C").`, {
      arguments: extra,
    });
  }
  const context = await openContext({
    io,
    onEvent: printEngineEvent(io),
    ...options,
    ...(args.cwd ? { cwd: args.cwd } : {}),
    ...(args.config ? { config: args.config } : {}),
    offline: args.offline === true,
    json: args.json === true,
  });
  try {
    return await body(context);
  } finally {
    context.close();
  }
}
