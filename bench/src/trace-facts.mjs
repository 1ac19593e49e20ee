// Where `relctl status` spends its time, by git-port method: opens the CLI's context on a
// repository (built CLI, `apps/cli/dist`), counts and times every GitPort call made while
// gathering the facts, then times buildStatus and rendering. The batched reads of the history
// module and the audit-log cache are not port calls: they show in the phase times only.
//
//   RELCTL_GIT_BACKEND=isomorphic|system node bench/src/trace-facts.mjs <repo dir> [runs]
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const [dir, runsText = '2'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/src/trace-facts.mjs <repo dir> [runs]');
  process.exit(2);
}
const t0 = performance.now();
const { openContext } = await import(join(ROOT, 'apps/cli/dist/context/open-context.js'));
const { gatherFacts } = await import(join(ROOT, 'apps/cli/dist/facts/gather-facts.js'));
const { renderStatus } = await import(join(ROOT, 'apps/cli/dist/output/render-status.js'));
const { buildStatus } = await import(join(ROOT, 'packages/core/dist/index.js'));
const { processIo } = await import(join(ROOT, 'apps/cli/dist/io.js'));
const loaded = performance.now();
const io = { ...processIo(), cwd: dir, stdout: () => {}, isTTY: false };

for (let run = 1; run <= Number(runsText); run += 1) {
  const opened = performance.now();
  const context = await openContext({ io });
  const stats = new Map();
  // for…in: the CLI's port may inherit its methods (Object.create over the backend's port)
  for (const name in context.git) {
    const fn = context.git[name];
    if (typeof fn !== 'function' || name === 'close') continue;
    context.git[name] = async (...args) => {
      const started = performance.now();
      try {
        return await fn.apply(context.git, args);
      } finally {
        const entry = stats.get(name) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - started;
        stats.set(name, entry);
      }
    };
  }
  const start = performance.now();
  const events = await context.log.read();
  const logged = performance.now();
  const facts = await gatherFacts(context);
  const gathered = performance.now();
  const report = buildStatus({ policy: context.policy, facts });
  const built = performance.now();
  renderStatus(report, io);
  const rendered = performance.now();
  context.close();
  const lines = [
    `run ${run} (${context.backend}): ${run === 1 ? `module load ${(loaded - t0).toFixed(0)} ms, ` : ''}openContext ${(start - opened).toFixed(0)} ms, ` +
      `log.read alone ${(logged - start).toFixed(0)} ms (${events.length} events), gatherFacts ${(gathered - logged).toFixed(0)} ms, ` +
      `buildStatus ${(built - gathered).toFixed(0)} ms, render ${(rendered - built).toFixed(0)} ms`,
    '  port method           calls    total ms   ms/call   (calls overlap when concurrent)',
    // gatherFacts reads changesets, histories and release membership in one pass each through
    // @relctl/git's history module (not the port), and log.read() goes through the audit-log
    // cache (<gitdir>/relctl/audit-log-cache.json; delete it to time a cold read): neither is listed.
  ];
  for (const [name, { calls, ms }] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
    lines.push(`  ${name.padEnd(20)} ${String(calls).padStart(6)} ${ms.toFixed(0).padStart(10)} ${(ms / calls).toFixed(2).padStart(9)}`);
  }
  console.log(lines.join('\n'));
}
