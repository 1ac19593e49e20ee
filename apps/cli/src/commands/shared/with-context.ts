import type { Io } from '../../io.js';
import { openContext, type CliContext } from '../../context/open-context.js';
import type { GlobalOptions } from '../command.js';

/** Open the context for a command, run `body`, and always release the context's resources. */
export async function withContext<T>(args: GlobalOptions, io: Io, body: (context: CliContext) => Promise<T>): Promise<T> {
  const context = await openContext({ io, ...(args.cwd ? { cwd: args.cwd } : {}), ...(args.config ? { config: args.config } : {}) });
  try {
    return await body(context);
  } finally {
    context.close();
  }
}
