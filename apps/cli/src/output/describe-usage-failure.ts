import { closestName } from '@relctl/core';

/** What yargs knew when it refused the command line (see `main.ts`). */
export interface UsageFailure {
  /** yargs' own message (English: the parser's locale is fixed). */
  message: string;
  /** The words the person typed (without `node relctl`). */
  argv: readonly string[];
  /** The command yargs was in (`['promote']`), empty before one was chosen. */
  commands: readonly string[];
  /** The usage of that command (`promote <ids..>`), if one was chosen. */
  usage?: string;
  /** The option keys yargs knew there (global and the command's, positionals included). */
  keys: readonly string[];
  /** Each key's aliases. */
  aliases: Readonly<Record<string, readonly string[]>>;
  /** Keys that are positionals of the command (never typed as `--key`). */
  positionals: readonly string[];
  /** Every top-level command name, for "did you mean" on a mistyped command. */
  commandNames: readonly string[];
  /** The word typed where the command goes, if any. */
  typedCommand?: string;
}

/** The one line a person reads, and the data a script reads with `--json`. */
export interface UsageFailureDescription {
  message: string;
  data: Record<string, unknown>;
}

/**
 * Turn yargs' refusal of a command line into one line that says what is wrong and how to fix
 * it: the unknown option and the closest real one (`Unknown option --dryrun; did you mean
 * --dry-run?`), the unknown action with the ones that exist, the missing option. An unknown
 * option is named even when yargs stopped at something else first (a missing `--to` in
 * `promote A --dryrun`): the typo is what the person needs to see.
 *
 * @example
 * ```ts
 * describeUsageFailure({ message: 'Unknown argument: dryrun', argv: ['promote', 'A', '--dryrun'], commands: ['promote'],
 *   usage: 'promote <ids..>', keys: ['json', 'to', 'dry-run'], aliases: {}, positionals: ['ids'], commandNames: ['promote'] });
 * // { message: 'Unknown option --dryrun; did you mean --dry-run?', data: { option: '--dryrun', suggestion: '--dry-run', command: 'promote' } }
 * ```
 */
export function describeUsageFailure(failure: UsageFailure): UsageFailureDescription {
  const typed = failure.typedCommand;
  // An option before the command word (`relctl --bogus status`) is refused before yargs enters it.
  const command = failure.commands.join(' ') || (typed !== undefined && typed !== 'completion' && failure.commandNames.includes(typed) ? typed : '');
  const help = command ? `"relctl ${command} --help"` : '"relctl --help"';
  const base = command ? { command } : {};
  if (!command && typed !== undefined && !failure.commandNames.includes(typed)) {
    // No command was chosen: the options after an unknown command word are not the problem.
    const suggestion = closestName({ name: typed, candidates: failure.commandNames });
    return {
      message: `Unknown command ${JSON.stringify(typed)}; ${suggestion ? `did you mean "${suggestion}"?` : '"relctl --help" lists the commands.'}`,
      data: { commandName: typed, ...(suggestion ? { suggestion } : {}) },
    };
  }
  const unknown = unknownOptions(failure);
  if (unknown.length > 0) {
    const [first] = unknown as [string, ...string[]];
    const suggestion = closestOption(failure, first);
    const named = unknown.join(', ');
    const hint = suggestion ? `did you mean ${suggestion}?` : `${help} lists the options`;
    const what = unknown.length === 1 ? 'option' : 'options';
    return {
      message: `Unknown ${what} ${named}; ${hint}${suggestion ? '' : '.'}`,
      data: { ...base, option: first, options: unknown, ...(suggestion ? { suggestion } : {}) },
    };
  }
  const message = failure.message.trim();
  const lines = message.split('\n').map((line) => line.trim());

  const unknownArgument = /^Unknown arguments?: (.*)$/.exec(lines[0] ?? '');
  if (unknownArgument) {
    const words = (unknownArgument[1] ?? '').split(', ');
    return {
      message: `Unexpected argument${words.length > 1 ? 's' : ''} ${words.map((item) => JSON.stringify(item)).join(' ')}${command ? ` for "relctl ${command}"` : ''}; ${help} shows what it takes.`,
      data: { ...base, arguments: words },
    };
  }

  if (lines[0] === 'Invalid values:') {
    const choice = /^Argument: (.*), Given: (.*), Choices: (.*)$/.exec(lines[1] ?? '');
    if (choice) {
      const name = choice[1] ?? '';
      const given = parseQuoted(choice[2] ?? '');
      const choices = (choice[3] ?? '').split(', ').map(parseQuoted);
      const suggestion = closestName({ name: given, candidates: choices });
      const isPositional = failure.positionals.includes(name);
      const what = isPositional ? `${name} ${JSON.stringify(given)} for "relctl ${command}"` : `value ${JSON.stringify(given)} for --${name}`;
      const hint = suggestion ? `did you mean "${suggestion}"?` : `use one of: ${choices.join(', ')}.`;
      return {
        message: `${isPositional ? 'Unknown' : 'Invalid'} ${what}; ${hint}`,
        data: { ...base, argument: name, given, choices, ...(suggestion ? { suggestion } : {}) },
      };
    }
  }

  const missing = /^Missing required arguments?: (.*)$/.exec(lines[0] ?? '');
  if (missing) {
    const names = (missing[1] ?? '').split(', ');
    const shown = names.map((name) => `--${name}`).join(', ');
    return {
      message: `Missing required option${names.length > 1 ? 's' : ''} ${shown}; see ${help}.`,
      data: { ...base, missing: names.map((name) => `--${name}`) },
    };
  }

  const tooFew = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(lines[0] ?? '');
  if (tooFew && failure.usage) {
    const demanded = (failure.usage.match(/<[^>]+>/g) ?? []).slice(Number(tooFew[1]));
    return {
      message: `"relctl ${command}" needs ${demanded.join(' ')}; see ${help}.`,
      data: { ...base, missing: demanded },
    };
  }

  const noValue = /^Missing argument values?: (.*)$/.exec(lines[0] ?? '');
  if (noValue) {
    const names = (noValue[1] ?? '').split(', ').map((name) => `--${name}`);
    return { message: `${names.join(', ')} needs a value; see ${help}.`, data: { ...base, options: names } };
  }

  // Anything else (a message of our own, like demandCommand's): one sentence, one hint.
  const text = lines
    .filter((line) => line !== '')
    .join(' ')
    .replace(/[.\s]+$/, '');
  const hinted = /--help/.test(text) ? `${text}.` : `${text}; see ${help}.`;
  return { message: hinted, data: base };
}

/**
 * Options typed on the command line that yargs does not know in this command, as typed
 * (`--dryrun`, `-x`). Words after `--` are arguments, not options; a negative number is a value.
 */
function unknownOptions(failure: UsageFailure): string[] {
  const known = new Set<string>();
  for (const key of failure.keys) {
    if (failure.positionals.includes(key)) continue;
    for (const name of [key, ...(failure.aliases[key] ?? [])]) {
      known.add(name);
      known.add(camelCase(name));
      known.add(kebabCase(name));
    }
  }
  const found: string[] = [];
  for (const word of failure.argv) {
    if (word === '--') break;
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) continue;
    if (word.startsWith('--')) {
      const name = word.slice(2).split('=')[0] ?? '';
      const plain = name.startsWith('no-') && !known.has(name) ? name.slice(3) : name;
      if (!known.has(plain) && !found.includes(`--${name}`)) found.push(`--${name}`);
      continue;
    }
    // Short flags can be grouped (`-hC dir`): each letter up to the first that takes a value.
    for (const letter of word.slice(1).split('=')[0] ?? '') {
      if (!known.has(letter)) {
        if (!found.includes(`-${letter}`)) found.push(`-${letter}`);
        break;
      }
    }
  }
  return found;
}

/** The real option closest to a mistyped one (`--dryrun` → `--dry-run`), if one is close. */
function closestOption(failure: UsageFailure, typed: string): string | undefined {
  const name = typed.replace(/^-+/, '');
  const candidates = failure.keys.filter((key) => !failure.positionals.includes(key) && key.length > 1 && !/[A-Z]/.test(key));
  const found = closestName({ name, candidates }) ?? candidates.find((key) => key.replace(/-/g, '') === name.replace(/-/g, '').toLowerCase());
  return found ? `--${found}` : undefined;
}

function parseQuoted(text: string): string {
  try {
    return JSON.parse(text) as string;
  } catch {
    return text;
  }
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
