import yargs, { type Argv } from 'yargs';
import { ExitCode, UsageError } from '@relctl/core';
import type { Io } from './io.js';
import { printError } from './output/print-error.js';
import { allCommands } from './commands/all-commands.js';
import type { RelctlCommand } from './commands/command.js';

/** Result of {@link run}: the exit code, and anything yargs itself printed (help, version). */
export interface RunOutcome {
  exitCode: number;
}

/**
 * Run relctl with `argv` (without `node relctl`) against an {@link Io}. Never exits the process:
 * the caller decides (bin.ts does `process.exit`, tests assert on the code).
 *
 * @example
 * ```ts
 * const { exitCode } = await run(['status', '--json'], processIo());
 * ```
 */
export async function run(argv: string[], io: Io): Promise<RunOutcome> {
  const json = argv.includes('--json');
  let exitCode: number = ExitCode.ok;
  let failure: unknown;
  const parser = buildParser(argv, io, (code) => (exitCode = code), (error) => (failure ??= error));
  try {
    await parser.parseAsync();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) exitCode = printError(io, failure, json);
  return { exitCode };
}

function buildParser(argv: string[], io: Io, setExit: (code: number) => void, fail: (error: unknown) => void): Argv {
  let parser: Argv = yargs(argv)
    .scriptName('relctl')
    .usage('$0 <command> [options]\n\nMove requests through test and production independently, with git as the database.')
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
    .option('cwd', { alias: 'C', type: 'string', describe: 'Run as if started in this folder' })
    .option('config', { type: 'string', describe: 'Use this config file instead of searching for one' })
    .demandCommand(1, 'Name a command; "relctl --help" lists them.')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .help()
    .alias('help', 'h')
    .version(false)
    .completion('completion', 'Print a shell completion script (bash/zsh)')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      fail(error ?? new UsageError(`${message} See "relctl --help".`, {}));
    });
  for (const command of allCommands) parser = register(parser, command as RelctlCommand, io, setExit);
  return parser;
}

function register(parser: Argv, command: RelctlCommand, io: Io, setExit: (code: number) => void): Argv {
  return parser.command({
    command: command.command,
    describe: command.describe,
    builder: command.builder,
    handler: async (args) => {
      const code = await command.run(args as never, io);
      setExit(code ?? ExitCode.ok);
    },
  });
}
