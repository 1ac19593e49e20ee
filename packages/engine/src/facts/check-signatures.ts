import type { AuditEvent, Request, SignatureCheck } from '@relctl/core';
import { verifyCommitSignature } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { readAllowedSigners } from './read-allowed-signers.js';

/**
 * Check the signatures of the approvals that can still count — candidate approvals, and approvals
 * of a request's current head — and of recorded check results, against the production branch's allowed-signers file, by the
 * audit-log commit that holds each. `undefined` when no environment requires signatures and
 * there is no allowed-signers file (nothing to check against: no process is started).
 */
export async function checkSignatures(
  context: CliContext,
  events: readonly AuditEvent[],
  requests: readonly Request[],
  releaseTip: string | null,
): Promise<Record<string, SignatureCheck> | undefined> {
  const allowedSigners = await readAllowedSigners(context, releaseTip);
  if (allowedSigners === null && !context.policy.environments.some((env) => env.requireSignatures === true)) return undefined;
  const heads = new Set(requests.map((request) => request.head));
  const checks: Record<string, SignatureCheck> = {};
  for (const event of events) {
    if (event.id === undefined) continue;
    // A recorded check result counts for a request head or a candidate's tree: check them all.
    if (event.type === 'checked') {
      checks[event.id] = await verifyCommitSignature({ repo: context.repo, commit: event.id, allowedSigners });
      continue;
    }
    if (event.type !== 'approved') continue;
    const candidate = typeof event.data?.['candidate'] === 'string';
    if (!candidate && (event.sha === undefined || !heads.has(event.sha))) continue;
    checks[event.id] = await verifyCommitSignature({ repo: context.repo, commit: event.id, allowedSigners });
  }
  return checks;
}
