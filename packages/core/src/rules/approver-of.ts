import type { Environment } from '../model/environment.js';
import type { SignatureCheck } from '../model/facts.js';

/**
 * Who an approval counts as, or why it does not count.
 *
 * @example
 * ```ts
 * const who: ApproverOf = approverOf({ env, by: approval.by, signature: approval.signature });
 * if ('refused' in who) console.log(`does not count: ${who.refused}`);
 * ```
 */
export type ApproverOf = { approver: string } | { refused: string };

/**
 * Who an approval for `env` counts as. Without `requireSignatures` on the environment: the
 * identity the record names (`by`). With it: only the principal its verified signature proves
 * (the record's claims do not matter: anyone can write any name into the audit log), and an
 * approval without such a signature does not count — `refused` says why.
 *
 * @example
 * ```ts
 * approverOf({ env: prod, by: 'Kim <kim@example.com>', signature: { status: 'unsigned', reason: 'it carries no signature' } });
 * // { refused: 'it carries no signature' } when prod requires signatures
 * ```
 */
export function approverOf(options: { env: Environment; by: string; signature?: SignatureCheck | undefined }): ApproverOf {
  if (options.env.requireSignatures !== true) return { approver: options.by };
  const { signature } = options;
  if (signature === undefined) return { refused: 'its signature was not checked' };
  return signature.status === 'verified' ? { approver: signature.signer } : { refused: signature.reason };
}
