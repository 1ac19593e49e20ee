import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { parse as parseYaml } from 'yaml';
import { evaluatePromotion, validateConfig, type Facts, type Rule } from '@relctl/core';
import { allCommands } from '../src/commands/all-commands.js';
import type { RelctlCommand } from '../src/commands/command.js';
import { shellWords } from './shell-words.js';

/** The repository root: examples resolve `@relctl/core` through its node_modules, like a user's project would. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CORE_DIST = join(ROOT, 'packages', 'core', 'dist', 'index.js');
const DOC_FOLDERS = ['docs/guide', 'docs/ko'];

/** Run an example with plain `node` (no source condition: it gets the built `@relctl/core`). */
function runExample(path: string): { code: number; stdout: string; stderr: string } {
  if (!existsSync(CORE_DIST)) throw new Error(`${CORE_DIST} is missing: build first ("npm run build", or npx tsc -b packages/core/tsconfig.lib.json).`);
  const result = spawnSync(process.execPath, [join(ROOT, path)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Every fenced code block of one language in the guides, with the file it is in. */
function codeBlocks(language: string): { file: string; code: string }[] {
  const blocks: { file: string; code: string }[] = [];
  for (const folder of DOC_FOLDERS) {
    for (const name of readdirSync(join(ROOT, folder))
      .filter((file) => file.endsWith('.md'))
      .sort()) {
      const text = readFileSync(join(ROOT, folder, name), 'utf8');
      for (const match of text.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))) {
        blocks.push({ file: `${folder}/${name}`, code: match[1] ?? '' });
      }
    }
  }
  return blocks;
}

/** Parse argv with the CLI's own command definitions (strict, like `relctl`), running nothing. */
function parseWithCli(argv: string[]): string | null {
  let failure: string | null = null;
  let command: string | null = null;
  let parser = yargs(argv)
    .scriptName('relctl')
    .option('json', { type: 'boolean', default: false })
    .option('cwd', { alias: 'C', type: 'string' })
    .option('config', { type: 'string' })
    .option('offline', { type: 'boolean', default: false })
    .demandCommand(1)
    .strict()
    .exitProcess(false)
    .help(false)
    .version(false)
    .fail((message, error) => {
      failure = message ?? String(error);
    });
  for (const entry of allCommands as ReadonlyArray<RelctlCommand>) {
    parser = parser.command({
      command: entry.command,
      describe: entry.describe,
      builder: entry.builder,
      handler: () => {
        command = String(entry.command);
      },
    });
  }
  parser.parse();
  return failure ?? (command === null ? 'no command matched' : null);
}

describe('examples/embed-core/evaluate-promotion.mjs', () => {
  const { code, stdout, stderr } = runExample('examples/embed-core/evaluate-promotion.mjs');
  const lines = stdout.split('\n');

  it('runs without errors', () => {
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('allows A and C into prod, every rule passing', () => {
    expect(lines).toContain('Promote A, C to prod: allowed');
    const rows = lines.filter((line) => /^ {2}[AC] {2}/.test(line));
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => / pass {2}/.test(row))).toBe(true);
  });

  it('plans merging A then C into main, then a release, then syncing and rebuilding with B and D', () => {
    const steps = lines.filter((line) => /^ {2}\d+\. /.test(line)).map((line) => line.replace(/^ {2}\d+\. /, ''));
    const mergeA = steps.findIndex((step) => step.startsWith('merge req/A ') && step.endsWith(' into main'));
    const mergeC = steps.findIndex((step) => step.startsWith('merge req/C ') && step.endsWith(' into main'));
    const release = steps.indexOf('release A, C on main (version, changelog, changesets)');
    expect(mergeA).toBe(0);
    expect(mergeC).toBe(1);
    expect(release).toBe(2);
    expect(steps).toContain('sync req/B with main');
    expect(steps).toContain('sync req/D with main');
    expect(steps.filter((step) => step.endsWith(' into env/test')).map((step) => step.split(' ')[1])).toEqual(['req/B', 'req/D']);
    expect(steps.some((step) => step.includes('push'))).toBe(false);
    expect(steps.at(-1)).toBe('update refs in one transaction: main, req/B, req/D, env/test, refs/relctl/log');
  });

  it('refuses B, naming the rule and how to fix it', () => {
    expect(lines).toContain('Promote B to prod: denied (B)');
    expect(stdout).toMatch(/B {2}approved {4}fail {2}B has no approval for prod of its head b2b2b2b; record one with relctl approve B --for prod\./);
  });

  it('prints exactly the output its README shows', () => {
    const readme = readFileSync(join(ROOT, 'examples', 'embed-core', 'README.md'), 'utf8');
    const shown = /## Output\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(stdout);
  });

  it('shows the same plan the workflow guides show', () => {
    const planLines = lines.filter((line) => /^ {2}\d+\. /.test(line)).join('\n');
    for (const page of ['docs/guide/workflow.md', 'docs/ko/workflow.md']) {
      expect(readFileSync(join(ROOT, page), 'utf8'), page).toContain(planLines);
    }
  });
});

describe('examples/embed-engine/ship-a-and-c.mjs', () => {
  const ENGINE_DIST = join(ROOT, 'packages', 'engine', 'dist', 'index.js');
  const BUNDLE = join(ROOT, 'apps', 'cli', 'bundle', 'relctl.mjs');
  const folder = mkdtempSync(join(tmpdir(), 'relctl-embed-engine-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const run = () => {
    for (const built of [ENGINE_DIST, BUNDLE]) if (!existsSync(built)) throw new Error(`${built} is missing: build first ("npm run build").`);
    const result = spawnSync(process.execPath, [join(ROOT, 'examples', 'embed-engine', 'ship-a-and-c.mjs'), folder], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: folder, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } }).stdout.trim();

  it('decides with the engine that B may not ship and A and C may, then ships A and C on the scratch repository', { timeout: 240_000 }, () => {
    const { code, stdout, stderr } = run();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('May B ship to prod? no (B: approved)');
    expect(lines.some((line) => line.startsWith('May A and C ship to prod? yes, in this order: A, C ('))).toBe(true);
    expect(lines.filter((line) => line.startsWith('  step '))[0]).toMatch(/^ {2}step 1\/\d+: merge req\/A \([0-9a-f]{7}\) into main$/);
    expect(lines).toContain(`Released v1.1.0 to prod in ${folder}`);
    // What the engine did is in the repository: the release tag on main, A and C merged there, B and D rebuilt on test.
    expect(git('rev-parse', 'v1.1.0^{commit}')).toBe(git('rev-parse', 'main'));
    const merged = (branch: string) => git('log', '--first-parent', '--format=%(trailers:key=Relctl-Request,valueonly)', branch).split('\n').filter(Boolean).sort();
    expect(merged('main')).toEqual(['A', 'C']);
    expect(merged('env/test')).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('the guides (docs/guide, docs/ko)', () => {
  it('show only relctl command lines the CLI accepts', () => {
    const commands = codeBlocks('sh').flatMap(({ file, code }) =>
      code
        .split('\n')
        .filter((line) => line.startsWith('relctl '))
        // A line that needs a real shell (`--sha $(git rev-parse req/A)`) has no argv until a shell
        // runs it: the docs test runs it through bash and checks its exit code.
        .filter((line) => shellWords(line, { refuseShellSyntax: true }) !== null)
        .map((line) => ({ file, line, argv: shellWords(line).slice(1) })),
    );
    expect(commands.length).toBeGreaterThan(40);
    const rejected = commands.map((command) => ({ ...command, error: parseWithCli(command.argv) })).filter((command) => command.error !== null);
    expect(rejected.map(({ file, line, error }) => `${file}: ${line} -> ${error}`)).toEqual([]);
    // The check itself must be able to fail.
    expect(parseWithCli(['promote', 'A', '--too', 'prod'])).not.toBeNull();
    expect(parseWithCli(['request', 'remove', 'A'])).not.toBeNull();
  });

  it('show only YAML configuration that validateConfig accepts', () => {
    const blocks = codeBlocks('yaml');
    expect(blocks.length).toBeGreaterThan(10);
    for (const { file, code } of blocks) {
      const snippet = parseYaml(code) as Record<string, unknown>;
      // A snippet of rules goes into a prod environment; any other snippet is a config of its own
      // (environments, or top-level settings such as `release`), which validateConfig checks whole.
      const input =
        'rules' in snippet
          ? {
              environments: [
                { name: 'test', kind: 'integration', branch: 'env/test' },
                { name: 'prod', kind: 'release', branch: 'main', source: 'test', rules: snippet['rules'] },
              ],
            }
          : snippet;
      expect(!('rules' in snippet) || Object.keys(snippet).length === 1, `${file}: a snippet of rules shows only rules`).toBe(true);
      const result = validateConfig({ input });
      expect(result.ok ? [] : result.issues, `${file}:\n${code}`).toEqual([]);
    }
  });

  describe('the custom-rule config they show', () => {
    const folder = mkdtempSync(join(tmpdir(), 'relctl-docs-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const blocks = codeBlocks('js').filter(({ code }) => code.includes('customRules'));

    it('is valid and its rule decides', async () => {
      expect(blocks.map(({ file }) => file).sort()).toEqual(['docs/guide/rules.md', 'docs/ko/rules.md']);
      for (const [index, { file, code }] of blocks.entries()) {
        const path = join(folder, `relctl.config.${index}.mjs`);
        writeFileSync(path, code);
        const { default: config } = (await import(pathToFileURL(path).href)) as { default: Record<string, unknown> };
        const { customRules, ...raw } = config as { customRules: Record<string, Rule> };
        const result = validateConfig({ input: raw, customRules: Object.keys(customRules) });
        expect(result.ok, file).toBe(true);
        if (!result.ok) continue;
        const head = 'a'.repeat(40);
        const facts = (title: string): Facts => ({
          now: 0,
          requests: [{ id: 'A', branch: 'req/A', head, title, dependsOn: [] }],
          environments: [{ name: 'test', tip: 'b'.repeat(40), members: [{ requestId: 'A', sha: head }] }],
          approvals: [],
          events: [],
          conflicts: [],
        });
        const outcome = (title: string) =>
          evaluatePromotion({ policy: result.policy, facts: facts(title), intent: { target: 'prod', requestIds: ['A'], overrides: [] }, customRules }).outcomes.find(
            (item) => item.rule === 'has-ticket',
          );
        expect(outcome('CSV export #123')).toMatchObject({ status: 'pass', message: 'A names its ticket.' });
        expect(outcome('CSV export')?.status).toBe('fail');
      }
    });
  });
});
