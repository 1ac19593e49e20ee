#!/usr/bin/env node
// Benchmark of @relctl/git's history operations against the git binary.
//
//   node bench/history/run.mjs [--commits 30000] [--seed 42] [--runs 5]
//
// Bundles history-bench.ts (TypeScript sources of packages/git, no build needed) with the
// esbuild that vite already installs, then runs it. The synthetic repository is generated once
// with git fast-import and kept in the OS temp folder (relctl-bench-history-<commits>-<seed>).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'relctl-bench-'));
const bundle = join(out, 'history-bench.mjs');
try {
  await build({
    entryPoints: [join(here, 'history-bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    conditions: ['@relctl/source'],
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
