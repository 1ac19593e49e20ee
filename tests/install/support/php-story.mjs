// The seed story on a PHP service (no package.json anywhere) with a bare origin: requests A, B, C
// and D, all four promoted to test, A and C approved and promoted to prod. The system git is the
// oracle for what relctl did.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanEnv, exec } from './npm.mjs';

/** A relctl that the story runs: `args` without `relctl`, run with `repo` as the repository. */
/** @typedef {{ label: string, run: (args: string[], repo: string) => Promise<{ status: number, stdout: string, stderr: string }> }} Relctl */

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Lee',
  GIT_AUTHOR_EMAIL: 'lee@example.com',
  GIT_COMMITTER_NAME: 'Lee',
  GIT_COMMITTER_EMAIL: 'lee@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

/** The environment relctl and git run with in the story. */
export const storyEnv = (extra = {}) => cleanEnv({ ...GIT_ENV, ...extra });

const SERVICE = {
  'composer.json': `${JSON.stringify({ name: 'acme/shop', type: 'project', require: { php: '>=8.1' }, autoload: { 'psr-4': { 'Shop\\': 'src/' } } }, null, 2)}\n`,
  'public/index.php': "<?php\nrequire __DIR__ . '/../vendor/autoload.php';\necho (new Shop\\Orders())->summary();\n",
  'src/Orders.php': "<?php\nnamespace Shop;\n\nfinal class Orders\n{\n    public function summary(): string\n    {\n        return 'orders';\n    }\n}\n",
};

const REQUESTS = {
  A: { title: 'CSV export of orders', requester: 'Kim', bump: 'minor', file: 'src/OrdersCsv.php' },
  B: { title: 'New product page layout', requester: 'Park', bump: 'minor', file: 'src/ProductPage.php' },
  C: { title: 'Fix rounding in order totals', requester: 'Kim', bump: 'patch', file: 'src/Rounding.php' },
  D: { title: 'Welcome e-mail for new users', requester: 'Choi', bump: 'minor', file: 'src/WelcomeMail.php' },
};

/**
 * Run the story in a new folder `dir` (origin.git and the clone shop/), each relctl command with
 * the runner `pick(step)` chooses. Returns what went wrong, one line each (empty: all good), and
 * the clone's path.
 *
 * @param {{ dir: string, pick: (step: string) => Relctl, version: string }} options
 * @returns {Promise<{ problems: string[], repo: string, commands: number }>}
 */
export async function phpStory({ dir, pick, version }) {
  const origin = join(dir, 'origin.git');
  const repo = join(dir, 'shop');
  const env = storyEnv();
  const git = async (args, cwd = repo) => (await exec('git', args, { cwd, env })).stdout.trim();
  const problems = [];
  let commands = 0;
  const relctl = async (step, args) => {
    const runner = pick(step);
    commands += 1;
    const result = await runner.run(args, repo);
    if (result.status !== 0) throw new Error(`${runner.label}: "relctl ${args.join(' ')}" exited ${result.status}:\n${result.stdout}${result.stderr}`.trimEnd());
    return result.stdout;
  };

  mkdirSync(dir, { recursive: true });
  await git(['init', '-q', '--bare', '--initial-branch=main', origin], dir);
  await git(['init', '-q', '--initial-branch=main', repo], dir);
  write(repo, SERVICE);
  await git(['add', '-A']);
  await git(['commit', '-q', '-m', 'The shop as it runs in production']);
  await git(['tag', '-a', 'v1.0.0', '-m', 'Release 1.0.0']);
  await git(['remote', 'add', 'origin', origin]);
  await git(['push', '-q', 'origin', 'main', 'v1.0.0']);

  await relctl('init', ['init', '--ci', 'github']);
  await git(['add', '-A']);
  await git(['commit', '-q', '-m', 'Set up relctl']);
  await git(['push', '-q', 'origin', 'main', 'env/test']);

  for (const [id, request] of Object.entries(REQUESTS)) {
    await relctl('request', ['request', 'new', id, '--title', request.title, '--requester', request.requester, '--bump', request.bump]);
    await git(['switch', '-q', `req/${id}`]);
    write(repo, { [request.file]: `<?php\nnamespace Shop;\n\n// ${request.title}\nfinal class Request${id}\n{\n}\n` });
    await git(['add', '-A']);
    await git(['commit', '-q', '-m', request.title]);
    await git(['push', '-q', 'origin', `req/${id}`]);
    await git(['switch', '-q', 'main']);
  }
  await relctl('promote-test', ['promote', 'A', 'B', 'C', 'D', '--to', 'test']);
  await relctl('approve', ['approve', 'A', '--for', 'prod', '--by', 'Kim']);
  await relctl('approve', ['approve', 'C', '--for', 'prod', '--by', 'Kim']);
  const shipped = await relctl('promote-prod', ['promote', 'A', 'C', '--to', 'prod']);
  if (!shipped.includes('Released v1.1.0 to prod.')) problems.push(`promote A C --to prod did not say "Released v1.1.0 to prod.":\n${shipped}`);

  // What origin holds, read with git.
  const files = async (ref) => (await git(['ls-tree', '-r', '--name-only', ref], origin)).split('\n');
  const main = await files('main');
  const test = await files('env/test');
  for (const id of ['A', 'C']) if (!main.includes(REQUESTS[id].file)) problems.push(`origin's main lacks ${id}'s ${REQUESTS[id].file}`);
  for (const id of ['B', 'D']) if (main.includes(REQUESTS[id].file)) problems.push(`origin's main has ${id}'s ${REQUESTS[id].file}, which was never promoted to prod`);
  for (const id of Object.keys(REQUESTS)) if (!test.includes(REQUESTS[id].file)) problems.push(`origin's env/test lacks ${id}'s ${REQUESTS[id].file}`);
  for (const id of ['B', 'D']) {
    const branch = await files(`req/${id}`);
    for (const shippedId of ['A', 'C']) if (!branch.includes(REQUESTS[shippedId].file)) problems.push(`req/${id} was not synced with prod: it lacks ${shippedId}'s code`);
  }
  if ((await git(['rev-parse', 'v1.1.0^{commit}'], origin)) !== (await git(['rev-parse', 'main'], origin))) problems.push("origin's v1.1.0 is not origin's main");
  for (const ref of ['main', 'env/test', 'req/B'])
    if ((await files(ref)).some((path) => /(^|\/)package(-lock)?\.json$/.test(path))) problems.push(`relctl put a package.json into ${ref} of a repository that had none`);
  if (!main.includes('CHANGELOG.md')) problems.push("origin's main has no CHANGELOG.md for the release");
  if (Number((await exec('git', ['rev-list', '--count', 'refs/relctl/log'], { cwd: origin, env, allowFailure: true })).stdout.trim() || 0) === 0)
    problems.push('origin has no audit log (refs/relctl/log)');

  // The workflows init wrote: relctl pinned to this version (the notes job: the GitHub Action of
  // this version), nothing that needs a package.json.
  for (const name of ['relctl-deploy.yml', 'relctl-notes.yml', 'relctl-after-merge.yml']) {
    const text = await git(['show', `main:.github/workflows/${name}`], origin);
    const pinned = name === 'relctl-notes.yml' ? `uses: relctl/relctl/apps/github-action@action-v${version}` : `npm install --global "relctl@${version}"`;
    if (!text.includes(pinned)) problems.push(`${name} does not pin relctl ${version} (${pinned})`);
    if (/\bnpm ci\b|cache: npm|npx relctl/.test(text)) problems.push(`${name} still needs a package.json (npm ci, cache: npm or npx relctl)`);
  }
  return { problems, repo, commands };
}

function write(root, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}
