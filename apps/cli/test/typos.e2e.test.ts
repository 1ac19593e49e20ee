import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCatalog } from '../src/command-catalog.js';
import { createStoryRepo, startFourRequests, type StoryRepo } from './story-repo.js';

/**
 * For each command of the catalog: a command line that would act (merge, release, push, write a
 * file, record an event) in the repository below, and one real option of that command to mistype.
 * A command added to the catalog fails the first test until it is listed here.
 */
const ACTING: Record<string, { args: string[]; option: string }> = {
  init: { args: ['init', '--ci', 'github'], option: 'dry-run' },
  request: { args: ['request', 'new', 'E', '--title', 'Gift cards'], option: 'dry-run' },
  status: { args: ['status'], option: 'json' },
  board: { args: ['board', '--out', 'board.html'], option: 'out' },
  promote: { args: ['promote', 'C', '--to', 'test'], option: 'dry-run' },
  'after-merge': { args: ['after-merge'], option: 'dry-run' },
  demote: { args: ['demote', 'B', '--from', 'test'], option: 'dry-run' },
  approve: { args: ['approve', 'B', '--for', 'prod', '--by', 'Kim'], option: 'dry-run' },
  // HEAD_OF_B: B's head, filled in once the repository exists.
  check: { args: ['check', 'record', 'unit', '--sha', 'HEAD_OF_B', '--result', 'pass'], option: 'dry-run' },
  sync: { args: ['sync', 'B'], option: 'dry-run' },
  conflicts: { args: ['conflicts'], option: 'format' },
  candidate: { args: ['candidate', 'C', 'D'], option: 'dry-run' },
  resolutions: { args: ['resolutions', 'list'], option: 'dry-run' },
  log: { args: ['log'], option: 'deployments' },
  notes: { args: ['notes', 'B'], option: 'format' },
  deploy: { args: ['deploy', 'test'], option: 'dry-run' },
  rollback: { args: ['rollback', 'test'], option: 'dry-run' },
  revert: { args: ['revert', 'A'], option: 'dry-run' },
  continue: { args: ['continue'], option: 'json' },
  skip: { args: ['skip'], option: 'json' },
  undo: { args: ['undo'], option: 'dry-run' },
  doctor: { args: ['doctor'], option: 'json' },
  demo: { args: ['demo', 'scratch-demo'], option: 'json' },
};

/** `dry-run` → `dry-rnu`, `json` → `jsno`: the last two letters swapped, as fingers do. */
function misspell(option: string): string {
  return `${option.slice(0, -2)}${option.at(-1)}${option.at(-2)}`;
}

const nameOf = (usage: string | string[]): string => (Array.isArray(usage) ? usage[0]! : usage).split(' ')[0]!;

// A repository with an origin where every command above would do something: A shipped to prod
// (through test), B and C on test, a finished run to undo. Typing a wrong option must change
// nothing anywhere: local refs, origin's refs, the worktree, run state and the audit log.
describe('a mistyped option never acts', () => {
  let repo: StoryRepo;

  beforeAll(async () => {
    repo = await createStoryRepo({ origin: true });
    startFourRequests(repo);
    repo.ok(['promote', 'A', 'B', '--to', 'test']);
    repo.ok(['approve', 'A', '--for', 'prod', '--by', 'Kim']);
    repo.ok(['promote', 'A', '--to', 'prod']);
  }, 180_000);
  afterAll(async () => repo?.remove());

  /** Everything a refused command must leave as it was, here and on origin. */
  const state = () => `${repo.fingerprint()}\n--origin--\n${repo.originRefs()}\n--log--\n${repo.git(['log', '--format=%H %B', 'refs/relctl/log'])}`;

  function refused(given: string[], expected: RegExp): void {
    const args = given.map((arg) => (arg === 'HEAD_OF_B' ? repo.sha('req/B') : arg));
    const before = state();
    const result = repo.relctl(args);
    expect(result.code, `relctl ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(2);
    expect(result.stdout, args.join(' ')).toBe('');
    expect(result.stderr, args.join(' ')).toMatch(/^relctl: [^\n]+\n$/);
    expect(result.stderr, args.join(' ')).toMatch(expected);
    expect(state(), `relctl ${args.join(' ')} changed something`).toBe(before);
  }

  it('covers every command of the catalog', () => {
    expect(Object.keys(ACTING).sort()).toEqual(commandCatalog.map((entry) => nameOf(entry.command)).sort());
  });

  for (const entry of commandCatalog) {
    const name = nameOf(entry.command);
    it(`${name}: an unknown option is refused before anything runs (exit 2, one line)`, () => {
      const acting = ACTING[name];
      if (!acting) throw new Error(`no command line for ${name}`);
      refused([...acting.args, '--bogus'], /^relctl: Unknown option --bogus; "relctl \S+ --help" lists the options\.$/m);
    });

    it(`${name}: a misspelled real option names the real one`, () => {
      const acting = ACTING[name];
      if (!acting) throw new Error(`no command line for ${name}`);
      const typo = misspell(acting.option);
      refused([...acting.args, `--${typo}`], new RegExp(`^relctl: Unknown option --${typo}; did you mean --${acting.option}\\?$`, 'm'));
    });
  }

  it('the reported typos: promote --dryrun, demote --dryrun, undo --bogus, sync --bogus, status --bogus', () => {
    refused(['promote', 'C', '--to', 'prod', '--dryrun'], /Unknown option --dryrun; did you mean --dry-run\?/);
    refused(['demote', 'B', '--from', 'test', '--dryrun'], /Unknown option --dryrun; did you mean --dry-run\?/);
    refused(['undo', '--bogus'], /Unknown option --bogus/);
    refused(['sync', 'B', '--bogus'], /Unknown option --bogus/);
    refused(['status', '--bogus'], /Unknown option --bogus/);
  });

  it('an unknown action or a bad choice is refused before anything runs, in one line', () => {
    refused(['request', 'archive', 'B'], /^relctl: Unknown action "archive" for "relctl request"; use one of: new, list, show, close, reopen, reship\.$/m);
    refused(['request', 'shwo', 'B'], /^relctl: Unknown action "shwo" for "relctl request"; did you mean "show"\?$/m);
    refused(['request', 'new', 'F', '--bump', 'mega'], /^relctl: Invalid value "mega" for --bump; use one of: patch, minor, major, none\.$/m);
    refused(['resolutions', 'forgot', 'x'], /^relctl: Unknown action "forgot" for "relctl resolutions"; did you mean "forget"\?$/m);
  });

  it('an unknown command names the closest one, or none when nothing is close', () => {
    refused(['promot', 'C', '--to', 'test'], /^relctl: Unknown command "promot"; did you mean "promote"\?$/m);
    refused(['bogus'], /^relctl: Unknown command "bogus"; "relctl --help" lists the commands\.$/m);
  });

  it('usage messages are one sentence with one hint', () => {
    refused(['promote', 'C'], /^relctl: Missing required option --to; see "relctl promote --help"\.$/m);
    refused([], /^relctl: Name a command; "relctl --help" lists them\.$/m);
    refused(['status', 'extra'], /^relctl: Unexpected argument "extra" for "relctl status"; "relctl status --help" shows what it takes\.$/m);
  });

  it('with --json the refusal is one JSON document with its data', () => {
    const before = state();
    const result = repo.relctl(['promote', 'C', '--to', 'prod', '--dryrun', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'UsageError',
        message: 'Unknown option --dryrun; did you mean --dry-run?',
        data: { command: 'promote', option: '--dryrun', options: ['--dryrun'], suggestion: '--dry-run' },
      },
    });
    expect(state()).toBe(before);
  });
});
