/**
 * Receives a deploy's output one line at a time, already prefixed (`[deploy prod] …`), without
 * the line break. `stream` says where the line came from (`relctl` for relctl's own notes).
 */
export type DeployOutput = (line: string, stream: 'stdout' | 'stderr' | 'relctl') => void;
