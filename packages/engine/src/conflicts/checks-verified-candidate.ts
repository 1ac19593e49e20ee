import type { Environment } from '@relctl/core';

/** Whether an environment checks `verified-candidate`. */
export function checksVerifiedCandidate(env: Environment): boolean {
  return env.kind === 'release' && env.rules.some((spec) => spec.rule === 'verified-candidate');
}
