import { UsageError, type Environment, type Policy } from '@relctl/core';

/**
 * The environment named `name`, or a usage error listing the ones that exist.
 *
 * @example
 * ```ts
 * findEnvironment(session.policy, 'prod').branch; // 'main'
 * findEnvironment(session.policy, 'prd'); // throws: There is no environment "prd"; use one of: test, prod.
 * ```
 */
export function findEnvironment(policy: Policy, name: string): Environment {
  const env = policy.environments.find((candidate) => candidate.name === name);
  if (!env) {
    const known = policy.environments.map((candidate) => candidate.name).join(', ');
    throw new UsageError(`There is no environment "${name}"; use one of: ${known}.`, { env: name, known });
  }
  return env;
}
