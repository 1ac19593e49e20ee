import type { DeploySettings } from '@relctl/deploy';

/**
 * How long an environment's deploy lock lasts unless released: long enough for the slowest
 * deploy the settings allow (a `directory` deploy may run two hooks, each up to the time limit)
 * plus ten minutes for exporting and recording, so a live deploy never loses its lock and a
 * crashed one frees the environment by itself.
 *
 * @example
 * ```ts
 * deployLockTtl({ strategy: 'command', command: ['./ship.sh'], timeoutSeconds: 600 }); // 1_200_000
 * ```
 */
export function deployLockTtl(settings: DeploySettings): number {
  const runs = settings.strategy === 'directory' ? 2 : 1;
  return (settings.timeoutSeconds * runs + 600) * 1000;
}
