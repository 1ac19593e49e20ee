/**
 * `relctl`: the command-line interface. Also importable, to run commands in-process.
 *
 * @packageDocumentation
 */
export { run, type RunOutcome } from './main.js';
export { processIo, type Io } from './io.js';
