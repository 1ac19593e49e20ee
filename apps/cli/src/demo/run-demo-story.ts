import type { Io } from '../io.js';
import { colorsFor } from '../output/colors.js';
import { createDemoRepository, type DemoRepository } from './demo-repository.js';

/** Runs one relctl command line in-process, as a person would type it. */
export type RelctlRunner = (argv: string[], io: Io) => Promise<{ exitCode: number }>;

/**
 * The user's story, end to end, on a scratch repository: four requests A, B, C, D developed in
 * parallel, all put on test, A and C approved and shipped, B and D stay on test and get A's and
 * C's code. Every relctl command is echoed and run for real; the status table is printed after
 * each step so the environments can be seen changing.
 */
export async function runDemoStory(options: { dir: string; io: Io; relctl: RelctlRunner }): Promise<number> {
  const { io, dir } = options;
  const colors = colorsFor(io);
  const say = (text: string) => io.stdout(`\n${colors.cyan(colors.bold(`== ${text}`))}\n`);
  const repoIo: Io = { ...io, cwd: dir };
  const relctl = async (...argv: string[]) => {
    io.stdout(`${colors.dim('$')} relctl ${argv.map(quote).join(' ')}\n`);
    const { exitCode } = await options.relctl(argv, repoIo);
    if (exitCode !== 0) throw new Error(`relctl ${argv.join(' ')} exited with ${exitCode}`);
  };

  say(`A live web shop on main, in a scratch repository: ${dir}`);
  const repo: DemoRepository = createDemoRepository(dir);
  await relctl('init');
  repo.git(['add', 'relctl.config.yaml', '.changeset']);
  repo.git(['commit', '-q', '-m', 'Set up relctl']);
  io.stdout('(committed relctl.config.yaml and .changeset/ to main; this demo has no remote, so nothing is pushed)\n');
  repo.git(['config', 'relctl.demo', 'true']);

  say('Users ask for four changes; each becomes a request branch cut from production');
  await relctl('request', 'new', 'A', '--title', 'CSV export of orders', '--requester', 'Kim', '--bump', 'minor');
  await relctl('request', 'new', 'B', '--title', 'New product page layout', '--requester', 'Park', '--bump', 'minor');
  await relctl('request', 'new', 'C', '--title', 'Fix rounding in order totals', '--requester', 'Kim', '--bump', 'patch');
  await relctl('request', 'new', 'D', '--title', 'Welcome e-mail for new users', '--requester', 'Choi', '--bump', 'minor');

  say('Developers work on all four in parallel (plain git on their own branches)');
  repo.commitOn('req/A', 'Add CSV export of orders', {
    'src/export.js': "import { orders } from './orders.js';\n\nexport function ordersCsv() {\n  return orders.map((order) => `${order.id},${order.total}`).join('\\n');\n}\n",
  });
  repo.commitOn('req/B', 'New product page layout', { 'src/products.js': "export const products = [{ id: 1, name: 'Tea', layout: 'grid' }];\n" });
  repo.commitOn('req/C', 'Round order totals to cents', {
    'src/orders.js':
      'export const orders = [];\n\nexport function orderTotal(order) {\n  return Math.round(order.items.reduce((sum, item) => sum + item.price, 0) * 100) / 100;\n}\n',
  });
  repo.commitOn('req/D', 'Send a welcome e-mail', { 'src/welcome.js': "import { sender } from './mail.js';\n\nexport const welcome = { from: sender, subject: 'Welcome!' };\n" });
  await relctl('request', 'list');

  say('All four go to the test server, independently of each other');
  await relctl('promote', 'A', 'B', 'C', 'D', '--to', 'test');
  await relctl('status');

  say('The users try them on test. Kim approves A and C for production; B and D need more work');
  await relctl('approve', 'A', '--for', 'prod', '--by', 'Kim');
  await relctl('approve', 'C', '--for', 'prod', '--by', 'Kim');
  await relctl('status');

  say('What would shipping B do? relctl refuses, and nothing changes');
  io.stdout(`${colors.dim('$')} relctl promote B --to prod\n`);
  const refused = await options.relctl(['promote', 'B', '--to', 'prod'], repoIo);
  io.stdout(`(exit code ${refused.exitCode}: denied by a rule)\n`);

  say('Ship exactly A and C: no copying, no deleting B and D');
  await relctl('promote', 'A', 'C', '--to', 'prod', '--dry-run');
  await relctl('promote', 'A', 'C', '--to', 'prod');
  await relctl('status');

  say("B and D stayed on test, and now carry A's and C's code");
  const hasExport = repo.readFileAt('req/B', 'src/export.js').includes('ordersCsv');
  const hasRounding = repo.readFileAt('req/D', 'src/orders.js').includes('Math.round');
  io.stdout(`req/B has A's CSV export: ${hasExport ? 'yes' : 'NO'}\nreq/D has C's rounding fix: ${hasRounding ? 'yes' : 'NO'}\n`);
  io.stdout(`main is at ${repo.git(['describe', '--tags', 'main'])}; CHANGELOG.md starts with:\n`);
  io.stdout(`${repo.readFileAt('main', 'CHANGELOG.md').split('\n').slice(0, 12).join('\n')}\n`);

  say('Who did what, when: the audit log');
  await relctl('log');
  say('Done');
  io.stdout(`Look around: cd ${dir} && git log --graph --oneline --all\n`);
  return hasExport && hasRounding ? 0 : 1;
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}
