import { checksFromEvents, everyRuleSpec, type AuditEvent, type CheckResult, type Policy, type SignatureCheck } from '@relctl/core';
import type { CliContext } from '../context/open-context.js';

/**
 * Whether some environment judges check results by the tree that ships (`checks` in the release
 * environment without `of: head`): then every result needs the tree of its commit.
 */
function needsTrees(policy: Policy): boolean {
  return policy.environments.some((env) => env.kind === 'release' && everyRuleSpec(env).some((spec) => spec.rule === 'checks' && (spec.options?.['of'] ?? 'tree') === 'tree'));
}

/**
 * The check results the `checks` rule sees: the ones recorded in the audit log
 * (`relctl check record`), each with the signature check of its log commit, plus `extra` ones
 * (GitHub's, when gathered). When a release environment judges results by the tree that ships,
 * each result gets the tree of its commit (read once per commit; a commit this clone does not
 * have keeps no tree, so it cannot count for a release).
 *
 * @example
 * ```ts
 * facts.checks = await gatherChecks({ context, events: facts.events, signatures: facts.signatures });
 * ```
 */
export async function gatherChecks(options: {
  context: CliContext;
  events: readonly AuditEvent[];
  signatures?: Readonly<Record<string, SignatureCheck>> | undefined;
  extra?: readonly CheckResult[];
}): Promise<CheckResult[]> {
  const { context } = options;
  const found = [...checksFromEvents({ events: options.events, signatures: options.signatures }), ...(options.extra ?? [])];
  if (found.length === 0 || !needsTrees(context.policy)) return found;
  const trees = new Map<string, string | null>();
  for (const check of found) {
    if (trees.has(check.sha)) continue;
    try {
      trees.set(check.sha, (await context.git.readCommit(check.sha)).tree);
    } catch {
      trees.set(check.sha, null);
    }
  }
  return found.map((check) => {
    const tree = trees.get(check.sha);
    return tree === null || tree === undefined ? check : { ...check, tree };
  });
}
