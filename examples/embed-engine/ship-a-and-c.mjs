// Embedding relctl's application layer: on a real (scratch) repository, ask "may A and C ship?"
// and ship them, with @relctl/engine: the same code path as `relctl promote A C --to prod`, but
// the answer is data and the progress is events, not printed text.
//
// Run it from the repository root after a build (`npm run build`):
//   node examples/embed-engine/ship-a-and-c.mjs [folder]
// It makes the scratch repository in `folder` (default: a new temp folder) with git and the
// relctl CLI, the way a team would have it: four requests A, B, C, D on the test server, and
// approvals for A and C only. Everything after "the embedder's part" uses only the engine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSession, promote } from '@relctl/engine';

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'relctl-embed-engine-'));
mkdirSync(dir, { recursive: true });

// --- Setup: the repository as a team has it (plain git, and the relctl CLI) -------------------
const RELCTL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'cli', 'bin', 'relctl.mjs');
// No global or system git config: the example behaves the same on every machine.
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1' };
const run = (command, args) => execFileSync(command, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const git = (...args) => run('git', args);
const relctl = (...args) => run(process.execPath, [RELCTL, ...args]);
const commitOn = (branch, message, path, content) => {
  git('switch', '-q', branch);
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
  git('add', '-A');
  git('commit', '-q', '-m', message);
  git('switch', '-q', 'main');
};

git('init', '-q', '--initial-branch=main');
git('config', 'user.name', 'Lee (team lead)');
git('config', 'user.email', 'lee@example.com');
writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'shop-web', version: '1.0.0', private: true }, null, 2)}\n`);
git('add', '-A');
git('commit', '-q', '-m', 'The web shop as it runs in production');
relctl('init');
git('add', 'relctl.config.yaml', '.changeset');
git('commit', '-q', '-m', 'Set up relctl');
const requests = { A: 'CSV export of orders', B: 'New product page layout', C: 'Fix rounding in order totals', D: 'Welcome e-mail for new users' };
for (const [id, title] of Object.entries(requests)) {
  relctl('request', 'new', id, '--title', title, '--bump', id === 'C' ? 'patch' : 'minor');
  commitOn(`req/${id}`, title, `src/${id.toLowerCase()}.js`, `export const feature = ${JSON.stringify(title)};\n`);
}
relctl('promote', 'A', 'B', 'C', 'D', '--to', 'test');
relctl('approve', 'A', '--for', 'prod', '--by', 'Kim');
relctl('approve', 'C', '--for', 'prod', '--by', 'Kim');

// --- The embedder's part: @relctl/engine only ----------------------------------------------------
// Progress, notes and warnings arrive as events; this embedder prints some of them its own way.
const onEvent = (event) => {
  if (event.type === 'step') console.log(`  step ${event.index + 1}/${event.total}: ${event.line}`);
  else if (event.type === 'warning') console.log(`  warning: ${event.message}`);
};
const session = await openSession({ cwd: dir, env, onEvent });
try {
  // "May they ship?" is a dry run: the same facts, rules and plan as the real promotion, nothing moved.
  for (const ids of [['B'], ['A', 'C']]) {
    try {
      const { decision, plan } = await promote({ session, requestIds: ids, to: 'prod', dryRun: true });
      console.log(`May ${ids.join(' and ')} ship to prod? yes, in this order: ${decision.order.join(', ')} (${plan?.steps.length} steps)`);
    } catch (error) {
      // A denial is a RuleDeniedError (exit code 3 in the CLI): the failing rules are in its data.
      if (error?.code !== 'RuleDeniedError') throw error;
      const reasons = error.data.outcomes.map((outcome) => `${outcome.requestId}: ${outcome.rule}`).join(', ');
      console.log(`May ${ids.join(' and ')} ship to prod? no (${reasons})`);
    }
  }
  // Ship: merge A and C into main, release, rebuild test with B and D, sync the rest.
  const { result } = await promote({ session, requestIds: ['A', 'C'], to: 'prod' });
  console.log(`Released ${result?.state.release?.tagName} to prod in ${dir}`);
} finally {
  session.close();
}
