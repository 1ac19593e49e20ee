import type { DeployCommand } from '@relctl/deploy';

/**
 * A configured command as a person would type it, for dry runs and messages (shown only; relctl
 * runs an argv list without a shell and a string with `sh -c`).
 *
 * @example
 * ```ts
 * formatDeployCommand(['./ship.sh', 'two words']); // './ship.sh "two words"'
 * formatDeployCommand('npm run deploy');          // 'sh -c "npm run deploy"'
 * ```
 */
export function formatDeployCommand(command: DeployCommand): string {
  if (typeof command === 'string') return `sh -c ${JSON.stringify(command)}`;
  return command.map((part) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(part) ? part : JSON.stringify(part))).join(' ');
}
