import type { CliContext } from '../context/open-context.js';
import { branchRef, releaseEnvironment } from './gather-facts.js';

/**
 * The allowed-signers file committed on the production branch (`allowedSigners` in the config,
 * default `.relctl/allowed_signers`), as text; `null` when there is none. Never the checkout's
 * copy: who may sign is policy, and policy comes from the production branch.
 */
export async function readAllowedSigners(context: CliContext, tip?: string | null): Promise<string | null> {
  const at = tip === undefined ? await context.git.readRef(branchRef(releaseEnvironment(context.policy).branch)) : tip;
  if (at === null) return null;
  const bytes = await context.git.readFile(at, context.policy.allowedSigners ?? '.relctl/allowed_signers');
  return bytes === null ? null : new TextDecoder().decode(bytes);
}
