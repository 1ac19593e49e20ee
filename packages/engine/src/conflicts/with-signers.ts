import type { PlannedResolution } from '@relctl/core';
import { verifyCommitSignature } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { readAllowedSigners } from '../facts/read-allowed-signers.js';

/**
 * The planned resolutions with the allowed signer each resolution commit's signature proves
 * (`signer: null` when none does), so messages say whether "recorded by" is proven. Unchanged when
 * there is no allowed-signers file on the production branch.
 */
export async function withSigners(context: CliContext, planned: PlannedResolution[]): Promise<PlannedResolution[]> {
  if (planned.length === 0) return planned;
  const allowedSigners = await readAllowedSigners(context);
  if (allowedSigners === null) return planned;
  const checked: PlannedResolution[] = [];
  for (const use of planned) {
    const check = await verifyCommitSignature({ repo: context.repo, commit: use.commit, allowedSigners });
    checked.push({ ...use, signer: check.status === 'verified' ? check.signer : null });
  }
  return checked;
}
