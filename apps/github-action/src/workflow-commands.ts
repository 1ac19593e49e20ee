/**
 * GitHub Actions workflow commands (`::warning::…`), written to stdout where the runner reads them.
 * The message is escaped as the runner expects (`%`, CR, LF), so text from a repository can never
 * end a line early and start a command of its own.
 *
 * @example
 * ```ts
 * process.stdout.write(workflowCommand('warning', 'A moved since the promotion branch was prepared'));
 * // ::warning::A moved since the promotion branch was prepared
 * ```
 */
export function workflowCommand(command: 'error' | 'warning' | 'notice' | 'debug', message: string): string {
  return `::${command}::${escapeData(message)}\n`;
}

/** The runner's escaping of a command's message (as @actions/core does it). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
