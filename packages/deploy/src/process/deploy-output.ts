/**
 * Receives a deploy's output one line at a time, already prefixed (`[deploy prod] …`), without
 * the line break. `stream` says where the line came from (`relctl` for relctl's own notes).
 *
 * @example
 * ```ts
 * const output: DeployOutput = (line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`${line}\n`);
 * ```
 */
export type DeployOutput = (line: string, stream: 'stdout' | 'stderr' | 'relctl') => void;
