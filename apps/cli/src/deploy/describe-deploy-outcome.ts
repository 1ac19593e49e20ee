import { shortSha } from '@relctl/core';
import type { RunDeployResult } from '@relctl/engine';

/** Options of {@link describeDeployOutcome}. */
export interface DescribeDeployOutcomeOptions {
  result: RunDeployResult;
  env: string;
  sha: string;
  version: string | null;
  /** `deploy` or `rollback`. */
  action: 'deploy' | 'rollback';
  timeoutSeconds: number;
  interruptedBy: string | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/**
 * The one line that ends a deploy or rollback: what is live now, or what failed and where
 * `current` stays.
 *
 * @example
 * ```ts
 * describeDeployOutcome({ result, env: 'prod', sha, version: '1.1.0', action: 'deploy', timeoutSeconds: 600, interruptedBy: null });
 * // 'Deployed prod at 1a2b3c4 (1.1.0) in 2.1s; current is releases/1.1.0.'
 * ```
 */
export function describeDeployOutcome(options: DescribeDeployOutcomeOptions): string {
  const { result } = options;
  const what = `${shortSha(options.sha)}${options.version ? ` (${options.version})` : ''}`;
  const where = result.strategy === 'directory' ? `; current is ${result.current === null ? 'not set' : `releases/${result.current}`}` : '';
  if (result.ok) {
    return `${options.action === 'deploy' ? 'Deployed' : 'Rolled back'} ${options.env} ${options.action === 'deploy' ? 'at' : 'to'} ${what} in ${seconds(result.durationMs)}${where}.`;
  }
  const step = result.strategy === 'command' ? 'the deploy command' : result.failedStep ? `the ${result.failedStep} hook` : 'the deploy';
  const why = options.interruptedBy
    ? `was stopped by ${options.interruptedBy}`
    : result.timedOut
      ? `ran out of time (${options.timeoutSeconds}s)`
      : result.exitCode === null
        ? 'was killed or could not start'
        : `exited with status ${result.exitCode}`;
  const stays = result.strategy === 'directory' ? `; current stays on ${result.current === null ? 'nothing' : `releases/${result.current}`}` : '';
  return `${options.action} of ${options.env} at ${what} failed: ${step} ${why}${stays}. Recorded as failed in the audit log.`;
}
