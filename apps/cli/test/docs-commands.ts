/**
 * Every command the README and the guides show is run, so the docs cannot rot. This module holds
 * the runner; the `docs-commands*.e2e.test.ts` files next to it each run one group of docs (see
 * DOC_GROUPS), so vitest spreads the docs over its workers instead of one worker running them all.
 *
 * Each file (README.md, docs/guide/*.md, docs/ko/*.md) gets its own scratch repository — the web
 * shop of the A-D story on `main`, with a bare `origin` next to it — and its commands run in
 * document order with the built CLI (in-process through `apps/cli/dist`, and `relctl` on PATH is the
 * bundle `apps/cli/bundle/relctl.mjs`: `npm run build` first). The conventions a doc
 * uses (also in docs/CONTRIBUTING.md):
 *
 * - Every line of a ```sh block is a command; comment-only lines are skipped, `\` continues a line.
 *   It must exit 0, unless the line ends with a comment `# exit N`, or the block is ```sh exit=N.
 * - `# not run: <reason>` on a line excludes it (GitHub, a network remote, a long-running server).
 *   The excluded lines are printed by the test; keep the list short.
 * - A ```sh block whose first line is `#!` is a script file's content and is not run.
 * - ```text right after a ```sh block (nothing but blank lines between) shows the output of the
 *   block's last command. ```text whose first line is `$ relctl …` is a transcript: the command is
 *   run (```text exit=N for a refusal) and its output compared. The comparison is of the stable
 *   parts: SHAs, times, ages and durations are masked, runs of spaces count as one, and a line
 *   with `…` is skipped; every other line shown must appear in the real output, in order.
 * - `<!-- docs-test: start=<state> -->` picks the repository a file starts from (default `shop`,
 *   see STARTS). `<!-- docs-test: <command> -->` (one or more lines; `#` lines are comments) runs
 *   hidden commands at that point: what a reader does by hand (their own commits, deploy settings)
 *   or a test helper named `story-…` (see Scratch.helper).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { git, GIT_TEST_ENV, makeTempDir } from '@relctl/testing';
import { CLI_BIN, CLI_DIST_MAIN } from './cli-harness.js';
import { SHOP_FILES } from './story-repo.js';
import { shellWords } from './shell-words.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The path the sample output in the docs shows for the repository. */
const SAMPLE_REPO = '/home/lee/shop';

type RunCli = (argv: string[], io: CliIo) => Promise<{ exitCode: number }>;
interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  now: () => number;
}

/** One thing a doc makes the test do. */
export type Step =
  | { kind: 'run'; line: string; expected: number; at: number; shown?: { lines: string[]; at: number } }
  | { kind: 'hidden'; line: string; at: number }
  | { kind: 'excluded'; line: string; reason: string; at: number };

export interface DocPlan {
  file: string;
  start: string;
  steps: Step[];
}

/** Parse one markdown file into its steps, in document order. */
export function planDoc(file: string, text: string): DocPlan {
  const lines = text.split('\n');
  const steps: Step[] = [];
  let start = 'shop';
  let lastShBlockEnd = -2;
  let lastRunInBlock: Extract<Step, { kind: 'run' }> | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fence = /^```(\S*)\s*(.*)$/.exec(line);
    if (fence) {
      const language = fence[1] ?? '';
      const exit = /(?:^|\s)exit=(\d+)/.exec(fence[2] ?? '');
      const body: { text: string; at: number }[] = [];
      let end = index + 1;
      while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) {
        body.push({ text: lines[end] ?? '', at: end + 1 });
        end++;
      }
      const blankSinceSh = lines.slice(lastShBlockEnd + 1, index).every((between) => between.trim() === '');
      if (language === 'sh' && body[0]?.text.startsWith('#!')) {
        // A script file's content (it starts with `#!`), not commands to run.
        lastRunInBlock = null;
      } else if (language === 'sh') {
        lastRunInBlock = null;
        for (const { text: command, at } of joinContinuations(body)) {
          const comment = trailingComment(command);
          const bare = command.trim();
          if (bare === '' || bare.startsWith('#')) continue;
          const notRun = /not run:\s*(.*)$/.exec(comment ?? '');
          if (notRun) {
            steps.push({ kind: 'excluded', line: bare.slice(0, bare.length - (comment?.length ?? 0) - 1).trim(), reason: (notRun[1] ?? '').trim(), at });
            lastRunInBlock = null;
            continue;
          }
          const exitComment = /\bexit (\d+)\b/.exec(comment ?? '');
          const step = { kind: 'run' as const, line: bare, expected: Number(exitComment?.[1] ?? exit?.[1] ?? 0), at };
          steps.push(step);
          lastRunInBlock = step;
        }
        lastShBlockEnd = end;
      } else if (language === 'text') {
        const first = body[0]?.text ?? '';
        if (first.startsWith('$ relctl ')) {
          steps.push({
            kind: 'run',
            line: first.slice(2),
            expected: Number(exit?.[1] ?? 0),
            at: body[0]?.at ?? index + 1,
            shown: { lines: body.slice(1).map((item) => item.text), at: index + 1 },
          });
        } else if (blankSinceSh && lastRunInBlock && lastShBlockEnd >= 0) {
          lastRunInBlock.shown = { lines: body.map((item) => item.text), at: index + 1 };
        }
      }
      index = end;
      continue;
    }
    const hidden = /^<!--\s*docs-test:?\s*([\s\S]*)$/.exec(line);
    if (hidden) {
      let content = hidden[1] ?? '';
      let at = index + 1;
      while (!content.includes('-->') && at < lines.length) content += `\n${lines[at++] ?? ''}`;
      const inner = content.slice(0, content.indexOf('-->'));
      const startMatch = /^\s*start=(\S+)\s*$/.exec(inner);
      if (startMatch) start = startMatch[1] ?? start;
      else
        for (const hiddenLine of inner
          .split('\n')
          .map((item) => item.trim())
          .filter((item) => item !== '' && !item.startsWith('#')))
          steps.push({ kind: 'hidden', line: hiddenLine, at: index + 1 });
      index = at - 1;
    }
  }
  return { file, start, steps };
}

function joinContinuations(body: { text: string; at: number }[]): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let pending: { text: string; at: number } | null = null;
  for (const item of body) {
    const text: string = pending ? `${pending.text} ${item.text.trim()}` : item.text;
    const at: number = pending ? pending.at : item.at;
    if (/\\$/.test(text)) pending = { text: text.slice(0, -1), at };
    else {
      out.push({ text, at });
      pending = null;
    }
  }
  return out;
}

/** The text after an unquoted `#` that starts a word, or `null`. */
function trailingComment(line: string): string | null {
  let quote: string | null = null;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quote) {
      if (character === quote) quote = null;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) return line.slice(index + 1);
  }
  return null;
}

/** Mask what changes from run to run, so the stable parts of sample output can be compared. */
/** Colour codes, masked before comparing. */
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const COLOUR = /\x1b\[[0-9;]*m/g;

function normalize(line: string): string {
  return line
    .replace(COLOUR, '')
    .replace(/\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?Z?)?/g, '<when>')
    .replace(/\b[0-9a-f]{7,40}\b/g, '<sha>')
    .replace(/\b\d+(\.\d+)?\s?(ms|s|m|h|d)\b/g, '<t>')
    .replace(/-{2,}/g, '--')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lines shown that do not appear, in order, in the real output. */
export function missingLines(shown: string[], actual: string): string[] {
  const real = actual.split('\n').map(normalize);
  const missing: string[] = [];
  let from = 0;
  for (const line of shown) {
    if (line.includes('…') || line.trim() === '') continue;
    const wanted = normalize(line);
    const found = real.indexOf(wanted, from);
    if (found === -1) missing.push(line);
    else from = found + 1;
  }
  return missing;
}

/** The work each story request brings (the developers' commits), as in `relctl demo`. */
const STORY_WORK: Record<string, { message: string; files: Record<string, string> }> = {
  A: { message: 'Add CSV export of orders', files: { 'src/export.js': 'export function ordersCsv(orders) {\n  return orders.join("\\n");\n}\n' } },
  B: { message: 'New product page layout', files: { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" } },
  C: {
    message: 'Round order totals to cents',
    files: { 'src/orders.js': 'export function orderTotal(order) {\n  return Math.round(order.items.reduce((sum, item) => sum + item.price, 0) * 100) / 100;\n}\n' },
  },
  D: { message: 'Send a welcome e-mail', files: { 'src/welcome.js': "export const welcome = { subject: 'Welcome!' };\n" } },
  E: { message: 'Offer gift wrapping', files: { 'src/gift.js': 'export const giftWrap = { price: 2 };\n' } },
};
const STORY_REQUESTS: Record<string, string[]> = {
  A: ['--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor'],
  B: ['--title', 'New product page layout', '--requester', 'Park', '--bump', 'minor'],
  C: ['--title', 'Fix rounding in order totals', '--requester', 'Kim', '--bump', 'patch'],
  D: ['--title', 'Welcome e-mail for new users', '--requester', 'Choi', '--bump', 'minor'],
  E: ['--title', 'Gift wrapping', '--requester', 'Park', '--bump', 'minor'],
};

/** A scratch repository for one doc, and the way its commands run. */
class Scratch {
  readonly root = makeTempDir('docs-commands');
  readonly dir = join(this.root, 'shop');
  readonly origin = join(this.root, 'origin.git');
  readonly bin = join(this.root, 'bin');
  readonly env: Record<string, string | undefined>;

  constructor(private readonly cli: RunCli) {
    this.env = {
      ...process.env,
      ...GIT_TEST_ENV,
      GIT_AUTHOR_NAME: 'Lee',
      GIT_AUTHOR_EMAIL: 'lee@example.com',
      GIT_COMMITTER_NAME: 'Lee',
      GIT_COMMITTER_EMAIL: 'lee@example.com',
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      RELCTL_GIT_TOKEN: undefined,
      GITHUB_TOKEN: undefined,
      GH_TOKEN: undefined,
      RELCTL_GIT_BACKEND: undefined,
      PATH: `${this.bin}:${process.env.PATH ?? ''}`,
    };
  }

  /** The web shop's live code on main, pushed to a bare origin beside it; a `relctl` on PATH for shell lines. */
  createShop(): void {
    mkdirSync(this.bin, { recursive: true });
    // For the lines that need a real shell (pipes, `&&` with other programs): the same built CLI.
    writeFileSync(join(this.bin, 'relctl'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`);
    chmodSync(join(this.bin, 'relctl'), 0o755);
    git(this.root, ['init', '-q', '--bare', '--initial-branch=main', this.origin]);
    git(this.root, ['init', '-q', '--initial-branch=main', this.dir]);
    this.git(['config', 'user.name', 'Lee']);
    this.git(['config', 'user.email', 'lee@example.com']);
    for (const [path, content] of Object.entries(SHOP_FILES)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), content);
    }
    this.git(['add', '-A']);
    this.git(['commit', '-q', '-m', 'The web shop as it runs in production']);
    this.git(['remote', 'add', 'origin', this.origin]);
    this.git(['push', '-q', 'origin', 'main']);
  }

  git(args: string[]): string {
    return git(this.dir, args, { env: this.env as Record<string, string> });
  }

  /** Run one doc line; returns exit code and output (stdout then stderr). */
  async run(line: string): Promise<{ code: number; output: string }> {
    let output = '';
    for (const part of splitAnd(line)) {
      const words = shellWords(part, { refuseShellSyntax: true });
      let code: number;
      if (words && words[0] === 'relctl') {
        const io: CliIo = {
          cwd: this.dir,
          env: this.env,
          stdout: (text) => void (output += text),
          stderr: (text) => void (output += text),
          isTTY: false,
          now: () => Date.now(),
        };
        code = (await this.cli(words.slice(1), io)).exitCode;
      } else if (words && words[0]?.startsWith('story-')) {
        code = await this.helper(words[0], words.slice(1));
      } else {
        const result = spawnSync('bash', ['-c', part], { cwd: this.dir, env: this.env as NodeJS.ProcessEnv, encoding: 'utf8' });
        output += result.stdout + result.stderr;
        code = result.status ?? -1;
      }
      if (code !== 0) return { code, output: output.split(this.dir).join(SAMPLE_REPO) };
    }
    return { code: 0, output: output.split(this.dir).join(SAMPLE_REPO) };
  }

  private async ok(line: string): Promise<void> {
    const { code, output } = await this.run(line);
    if (code !== 0) throw new Error(`setup "${line}" exited ${code}:\n${output}`);
  }

  /** The test's own helpers for hidden steps (`story-…`). */
  private async helper(name: string, args: string[]): Promise<number> {
    switch (name) {
      case 'story-requests':
        // `relctl request new` for each story request, as the workflow guide shows it.
        for (const id of args) await this.ok(`relctl request new ${id} ${STORY_REQUESTS[id]?.map((word) => JSON.stringify(word)).join(' ')}`);
        return 0;
      case 'story-work':
        // The developers' commits on their request branches (pushed), as in `relctl demo`.
        for (const id of args) {
          const work = STORY_WORK[id];
          if (!work) throw new Error(`story-work: no work for ${id}`);
          this.commitOn(`req/${id}`, work.message, work.files);
        }
        return 0;
      case 'story-edit':
        // The developer's edit of one request, left uncommitted in the checkout.
        for (const [path, content] of Object.entries(STORY_WORK[args[0] ?? '']?.files ?? {})) {
          mkdirSync(dirname(join(this.dir, path)), { recursive: true });
          writeFileSync(join(this.dir, path), content);
        }
        return 0;
      case 'story-commit': {
        // story-commit <branch> <path> <content…>: one more commit on a branch (pushed).
        const [branch = '', path = '', ...content] = args;
        this.commitOn(branch, `Change ${path}`, { [path]: `${content.join(' ')}\n` });
        return 0;
      }
      case 'story-deploy-config': {
        // Give every environment a directory deploy into a folder beside the repository; commit and push.
        const path = join(this.dir, 'relctl.config.yaml');
        const document = parseDocument(readFileSync(path, 'utf8'));
        const environments = document.get('environments') as { items: Array<{ get(key: string): unknown; set(key: string, value: unknown): void }> };
        for (const environment of environments.items) {
          environment.set('deploy', document.createNode({ strategy: 'directory', path: `../srv/${String(environment.get('name'))}` }));
        }
        writeFileSync(path, document.toString());
        this.git(['commit', '-q', '-am', 'Deploy settings']);
        this.git(['push', '-q', 'origin', 'main']);
        return 0;
      }
      case 'story-save':
      case 'story-restore': {
        // story-save <name> keeps a copy of the repository, origin and deploy folders; story-restore <name> puts it back
        // (how a page goes back to before a release: a published release is reverted, never undone).
        const saved = `${this.root}.saved-${args[0] ?? 'story'}`;
        const [from, to] = name === 'story-save' ? [this.root, saved] : [saved, this.root];
        rmSync(to, { recursive: true, force: true });
        cpSync(from, to, { recursive: true, verbatimSymlinks: true });
        return 0;
      }
      default:
        throw new Error(`unknown docs-test helper ${name}`);
    }
  }

  private commitOn(branch: string, message: string, files: Record<string, string>): void {
    const current = this.git(['branch', '--show-current']);
    this.git(['switch', '-q', branch]);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), content);
    }
    this.git(['add', '-A']);
    this.git(['commit', '-q', '-m', message]);
    this.git(['switch', '-q', current]);
    this.git(['push', '-q', 'origin', branch]);
  }

  /** Bring the repository to a named starting state (see STARTS). */
  async startAt(start: string): Promise<void> {
    const lines = STARTS[start];
    if (!lines) throw new Error(`unknown start=${start}; known: ${Object.keys(STARTS).join(', ')}`);
    for (const line of lines) await this.ok(line);
  }

  /** Replace this repository (and origin, deploy folders) with a copy of `template`'s. */
  copyFrom(template: Scratch): void {
    rmSync(this.root, { recursive: true, force: true });
    cpSync(template.root, this.root, { recursive: true, verbatimSymlinks: true });
    this.git(['remote', 'set-url', 'origin', this.origin]);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
    // The copies story-save kept beside it.
    const parent = dirname(this.root);
    for (const entry of readdirSync(parent)) if (entry.startsWith(`${basename(this.root)}.saved-`)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/** Starting states a doc can ask for with `<!-- docs-test: start=<name> -->`. */
const SET_UP = ['relctl init', 'git add relctl.config.yaml .changeset', 'git commit -q -m "Set up relctl"', 'git push -q origin main env/test'];
const REQUESTS = [...SET_UP, 'story-requests A B C D', 'story-work A B C D'];
const ON_TEST = [...REQUESTS, 'relctl promote A B C D --to test', 'relctl approve A --for prod --by Kim', 'relctl approve C --for prod --by Kim'];
const STARTS: Record<string, string[]> = {
  /** The shop's live code on main, pushed to origin; relctl not set up yet. */
  shop: [],
  /** An older service adopting relctl: on master (origin's default branch), tagged v1.4.2, no package.json. */
  'live-on-master': [
    'git branch -m main master',
    'git rm -q package.json',
    'git commit -q -m "The service: no package.json"',
    'git tag v1.4.2',
    'git push -q origin master v1.4.2',
    'git --git-dir="$(git remote get-url origin)" symbolic-ref HEAD refs/heads/master',
    'git push -q origin --delete main',
    'git remote set-head origin --auto',
  ],
  /** `relctl init` committed and pushed. */
  'set-up': SET_UP,
  /** A, B, C, D created, with one commit of work each. */
  requests: REQUESTS,
  /** A-D on test, A and C approved for prod by Kim. */
  'on-test': ON_TEST,
  /** on-test, then A and C shipped to prod (v1.1.0); B and D synced and on test. */
  shipped: [...ON_TEST, 'relctl promote A C --to prod'],
  /** on-test with a directory deploy configured for every environment. */
  'on-test-deployable': [...REQUESTS, 'story-deploy-config', 'relctl promote A B C D --to test', 'relctl approve A --for prod --by Kim', 'relctl approve C --for prod --by Kim'],
  /** on-test-deployable, 1.0.0 deployed to prod, candidate/A-C built, A and C shipped as 1.1.0 and deployed, then a request E as 1.2.0 and deployed; B and D on test. */
  'released-twice': [
    ...REQUESTS,
    'story-deploy-config',
    'relctl deploy prod',
    'relctl promote A B C D --to test',
    'relctl approve A --for prod --by Kim',
    'relctl approve C --for prod --by Kim',
    'relctl candidate A C',
    'relctl promote A C --to prod',
    'relctl deploy prod',
    'story-requests E',
    'story-work E',
    'relctl promote E --to test',
    'relctl approve E --for prod --by Park',
    'relctl promote E --to prod',
    'relctl deploy prod',
  ],
};

/** Split on top-level `&&` (outside quotes). */
function splitAnd(line: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (let index = 0; index < line.length; index++) {
    const character = line[index] ?? '';
    if (quote) {
      if (character === quote) quote = null;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '&' && line[index + 1] === '&') {
      parts.push(current.trim());
      current = '';
      index++;
      continue;
    }
    current += character;
  }
  parts.push(current.trim());
  return parts;
}

/** Every doc whose commands are run: the README, then the English and the Korean guides. */
export function docFiles(): string[] {
  const files = ['README.md'];
  for (const folder of ['docs/guide', 'docs/ko']) {
    for (const name of readdirSync(join(ROOT, folder))
      .filter((file) => file.endsWith('.md'))
      .sort())
      files.push(`${folder}/${name}`);
  }
  return files;
}

/**
 * The docs each `docs-commands.<group>.e2e.test.ts` runs (paths from the repository root), so the
 * long guides run on different vitest workers; a group shares its starting repositories (STARTS),
 * so docs that start from the same state stay together. `docs-commands.e2e.test.ts` runs every doc
 * no group names (the README, the short guides, any new guide), so no doc can be left out.
 */
export const DOC_GROUPS: Record<string, string[]> = {
  'workflow-en': ['docs/guide/workflow.md'],
  'workflow-ko': ['docs/ko/workflow.md'],
  'cli-en': ['docs/guide/cli.md'],
  'cli-ko': ['docs/ko/cli.md'],
  deploy: ['docs/guide/deploy.md', 'docs/ko/deploy.md'],
  'faq-rules': ['docs/guide/faq.md', 'docs/ko/faq.md', 'docs/guide/rules.md', 'docs/ko/rules.md'],
  'hotfixes-ci': ['docs/guide/hotfixes.md', 'docs/ko/hotfixes.md', 'docs/guide/ci-github-actions.md', 'docs/ko/ci-github-actions.md'],
};

/** The name of the group of every doc that DOC_GROUPS does not name. */
export const OTHER_DOCS = 'other';

/** The docs of one group of DOC_GROUPS, or with OTHER_DOCS every doc no group names; in docFiles order. */
export function docsOf(group: string): string[] {
  const named = new Set(Object.values(DOC_GROUPS).flat());
  if (group === OTHER_DOCS) return docFiles().filter((file) => !named.has(file));
  const files = DOC_GROUPS[group];
  if (!files) throw new Error(`unknown docs group ${group}; known: ${[...Object.keys(DOC_GROUPS), OTHER_DOCS].join(', ')}`);
  return docFiles().filter((file) => files.includes(file));
}

/** The plans of the given docs; `DOCS_TEST_ONLY=workflow,README` keeps only the files whose path contains one of the words. */
export function plansOf(files: string[]): DocPlan[] {
  const only = (process.env.DOCS_TEST_ONLY ?? '').split(',').filter(Boolean);
  return files.filter((file) => only.length === 0 || only.some((word) => file.includes(word))).map((file) => planDoc(file, readFileSync(join(ROOT, file), 'utf8')));
}

/** The lines every doc marks `# not run:`, as `file:line: command  (reason)`. */
export function excludedLines(plans: DocPlan[]): string[] {
  return plans.flatMap(({ file, steps }) => steps.filter((step) => step.kind === 'excluded').map((step) => `${file}:${step.at}: ${step.line}  (${step.reason})`));
}

/** One test per doc of `group` (see docsOf) that has a command to run: it runs them all in a scratch repository. */
export function describeDocCommands(group: string): void {
  const plans = plansOf(docsOf(group));
  describe(`the commands the README and the guides show (${group})`, () => {
    let cli: RunCli;
    const excluded = excludedLines(plans);
    const counted = { run: 0, compared: 0 };

    // One repository per starting state, built once and copied for each doc that starts there.
    const templates = new Map<string, Promise<Scratch>>();
    const template = (start: string): Promise<Scratch> => {
      let built = templates.get(start);
      if (!built) {
        const scratch = new Scratch(cli);
        scratch.createShop();
        built = scratch.startAt(start).then(() => scratch);
        templates.set(start, built);
      }
      return built;
    };

    beforeAll(async () => {
      cli = ((await import(pathToFileURL(CLI_DIST_MAIN).href)) as { run: RunCli }).run;
    });

    afterAll(async () => {
      for (const built of templates.values()) (await built.catch(() => null))?.remove();
      console.log(
        `docs commands (${group}): ${counted.run} run (${counted.compared} with their output compared), ${excluded.length} not run:\n${excluded.map((line) => `  ${line}`).join('\n')}`,
      );
    });

    const runnable = plans.filter(({ steps }) => steps.some((step) => step.kind !== 'excluded'));
    // DOCS_TEST_ONLY can leave a group without docs; vitest fails a file without tests.
    if (runnable.length === 0) it.skip(`no doc of this group to run${process.env.DOCS_TEST_ONLY ? ' (DOCS_TEST_ONLY)' : ''}`, () => {});
    for (const plan of runnable) {
      it(`${plan.file}: every command exits as the doc says`, { timeout: 300_000 }, async () => {
        const scratch = new Scratch(cli);
        try {
          scratch.copyFrom(await template(plan.start));
          const failures: string[] = [];
          for (const step of plan.steps) {
            if (step.kind === 'excluded') continue;
            const began = performance.now();
            const { code, output } = await scratch.run(step.line);
            if (process.env.DOCS_TEST_TIMES) console.log(`${Math.round(performance.now() - began)} ms ${plan.file}:${step.at} ${step.line}`);
            if (process.env.DOCS_TEST_PRINT) console.log(`$ ${step.line}\n${output}`);
            const expected = step.kind === 'run' ? step.expected : 0;
            if (step.kind === 'run') counted.run++;
            if (code !== expected) failures.push(`${plan.file}:${step.at}: "${step.line}" exited ${code}, the doc says ${expected}:\n${output.trimEnd()}`);
            if (step.kind === 'run' && step.shown) {
              counted.compared++;
              const missing = missingLines(step.shown.lines, output);
              if (missing.length > 0) {
                failures.push(
                  `${plan.file}:${step.shown.at}: the output shown for "${step.line}" differs; not in the real output:\n${missing.join('\n')}\n--- real output:\n${output.trimEnd()}`,
                );
              }
            }
          }
          expect(failures.join('\n\n')).toBe('');
        } finally {
          scratch.remove();
        }
      });
    }
  });
}
