import yargs, { type Argv } from 'yargs';
import type { ExitCode } from '@relctl/core';
import type { Io } from './io.js';
import { commandCatalog, type CatalogEntry } from './command-catalog.js';
import type { RelctlCommand } from './commands/command.js';
import { relctlVersion } from './relctl-version.js';

// Start-up cost matters (every command pays it): this module loads only yargs and the command
// catalog. The one command that runs is imported when it is chosen, with its dependencies;
// @relctl/core and the error printer only when something failed.

const OK: typeof ExitCode.ok = 0;
/** Global options that take a value (the command name is the first word that is not one). */
const VALUE_OPTIONS = new Set(['--cwd', '-C', '--config']);

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
  // Shell completion asks about any command's options: it needs every command loaded.
  let commands = argv.includes('--get-yargs-completions') ? await loadAllCommands() : await catalogWith(commandNameOf(argv));
  for (;;) {
    let exitCode: number = OK;
    /** The first failure: an error, or yargs' refusal of the command line (a usage error). */
    let first: { error: unknown } | { refused: RefusedLine } | undefined;
    const parser = buildParser(
      argv,
      io,
      commands,
      (code) => (exitCode = code),
      (error, refused) => (first ??= error !== undefined && error !== null ? { error } : { refused }),
    );
    try {
      await parser.parseAsync();
    } catch (error) {
      if (error !== STOP) first ??= { error };
    }
    if (first && 'error' in first && first.error === NOT_LOADED) {
      // yargs chose a command the first look at argv did not: run again with all of them.
      commands = await loadAllCommands();
      continue;
    }
    if (first !== undefined) {
      const failure = 'error' in first ? first.error : await usageError(first.refused, argv, commands);
      const { printError } = await import('./output/print-error.js');
      exitCode = printError(io, failure, json);
    }
    return { exitCode };
  }
}

/** What the parser knew when it refused the command line. */
interface RefusedLine {
  message: string;
  commands: string[];
  keys: string[];
  aliases: Record<string, string[]>;
}

/**
 * Thrown from yargs' fail callback to stop it. yargs calls the callback and carries on when it
 * returns: a validation failure (an unknown option, a bad choice) would be reported, and the
 * command's async handler would still run — a mistyped `--dryrun` merged, released and pushed
 * before the complaint. Throwing ends the parse before any handler starts.
 */
const STOP = Symbol('relctl: command line refused');

/** The one-line usage error for a refused command line (loaded only then). */
async function usageError(refused: RefusedLine, argv: string[], commands: Registered[]): Promise<Error> {
  const [{ UsageError }, { describeUsageFailure }] = await Promise.all([import('@relctl/core'), import('./output/describe-usage-failure.js')]);
  const usages = commands.flatMap((registered) => {
    const usage = registered.kind === 'loaded' ? registered.command.command : registered.entry.command;
    return Array.isArray(usage) ? usage : [usage];
  });
  const usage = refused.commands.length > 0 ? usages.find((candidate) => candidate.split(' ')[0] === refused.commands[0]) : undefined;
  const positionals = (usage?.match(/[<[]([^\]>.]+)(\.\.)?[\]>]/g) ?? []).map((word) => word.replace(/[<>[\].]/g, ''));
  const typedCommand = commandNameOf(argv);
  const described = describeUsageFailure({
    message: refused.message,
    argv,
    commands: refused.commands,
    ...(usage ? { usage } : {}),
    keys: refused.keys,
    aliases: refused.aliases,
    positionals,
    commandNames: [...usages.map((candidate) => candidate.split(' ')[0] ?? candidate), 'completion'],
    ...(typedCommand ? { typedCommand } : {}),
  });
  return new UsageError(described.message, described.data);
}

/** What the parser registers for one command: the command itself, or only its catalog entry. */
type Registered = { kind: 'loaded'; command: RelctlCommand } | { kind: 'listed'; entry: CatalogEntry };

/** Thrown by a command that was only listed, when yargs chooses it. */
const NOT_LOADED = Symbol('relctl: command not loaded');

/**
 * The catalog, with the command named `name` loaded. A word the catalog does not know (a typo,
 * or a command added to `allCommands` but not to the catalog) loads every command, so yargs
 * answers exactly as it would with all of them.
 */
async function catalogWith(name: string | undefined): Promise<Registered[]> {
  if (name !== undefined && name !== 'completion' && !commandCatalog.some((entry) => namesOf(entry).includes(name))) return loadAllCommands();
  return Promise.all(
    commandCatalog.map(async (entry): Promise<Registered> =>
      name !== undefined && namesOf(entry).includes(name) ? { kind: 'loaded', command: (await entry.load()) as RelctlCommand } : { kind: 'listed', entry },
    ),
  );
}

async function loadAllCommands(): Promise<Registered[]> {
  const { allCommands } = await import('./commands/all-commands.js');
  return allCommands.map((command) => ({ kind: 'loaded', command: command as RelctlCommand }));
}

/** The word yargs will take as the command: the first one that is not an option or an option's value. */
function commandNameOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (word === '--') return undefined;
    if (!word.startsWith('-')) return word;
    if (VALUE_OPTIONS.has(word)) i += 1;
  }
  return undefined;
}

/** The names (first word of each usage) a catalog entry answers to. */
function namesOf(entry: Pick<CatalogEntry, 'command'>): string[] {
  return (Array.isArray(entry.command) ? entry.command : [entry.command]).map((usage) => usage.split(' ')[0] ?? usage);
}

function buildParser(argv: string[], io: Io, commands: Registered[], setExit: (code: number) => void, fail: (error: unknown, refused: RefusedLine) => unknown): Argv {
  let parser: Argv = yargs(argv)
    .scriptName('relctl')
    .usage('$0 <command> [options]\n\nMove requests through test and production independently, with git as the database.')
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
    .option('cwd', { alias: 'C', type: 'string', describe: 'Run as if started in this folder' })
    .option('config', { type: 'string', describe: 'Use this config file instead of searching for one' })
    .option('offline', { type: 'boolean', default: false, describe: "Read this clone's refs only: no fetch before reading (read commands, --dry-run)" })
    .demandCommand(1, 'Name a command; "relctl --help" lists them.')
    .recommendCommands()
    .strict()
    // English messages whatever LANG says: the refusal is rewritten from them (describeUsageFailure).
    .detectLocale(false)
    .exitProcess(false)
    .help()
    .alias('help', 'h')
    .version(relctlVersion())
    .completion('completion', 'Print a shell completion script (bash/zsh)')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      // The options yargs knew at this point: the global ones and the chosen command's.
      // (Both are on the instance, not in yargs' types.)
      const internal = parser as unknown as {
        getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> };
        getInternalMethods(): { getContext(): { commands: string[] } };
      };
      const options = internal.getOptions();
      const context = internal.getInternalMethods().getContext();
      fail(error, { message: message ?? '', commands: [...context.commands], keys: Object.keys(options.key), aliases: options.alias });
      throw STOP;
    });
  for (const registered of commands) {
    parser = registered.kind === 'loaded' ? register(parser, registered.command, io, setExit) : list(parser, registered.entry);
  }
  return parser;
}

function register(parser: Argv, command: RelctlCommand, io: Io, setExit: (code: number) => void): Argv {
  return parser.command({
    command: command.command,
    describe: command.describe,
    builder: command.builder,
    handler: async (args) => {
      const code = await command.run(args as never, io);
      setExit(code ?? OK);
    },
  });
}

/** A command known only by its catalog entry: listed by `--help`; if yargs picks it, {@link run} loads everything and starts over. */
function list(parser: Argv, entry: CatalogEntry): Argv {
  return parser.command({
    command: entry.command,
    describe: entry.describe,
    builder: (yargs) => yargs.strict(false).help(false),
    handler: () => {
      throw NOT_LOADED;
    },
  });
}
