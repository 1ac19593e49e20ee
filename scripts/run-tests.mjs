#!/usr/bin/env node
// Runs the whole vitest suite (all projects) and ends with one plain line "N passed, N failed"
// (", N skipped" when some were), so any CI reads the count the same way. Extra arguments go to
// vitest. The exit code is vitest's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'relctl-vitest-'));
const report = join(dir, 'report.json');
const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let summary = 'no test report was written';
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = json.numPendingTests + json.numTodoTests;
  summary = `${json.numPassedTests} passed, ${json.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
} catch {
  // vitest crashed before reporting; its own output says why.
}
rmSync(dir, { recursive: true, force: true });
// vitest fails a run with unhandled errors even when every test passed; say so on the same line.
if (result.status !== 0 && !/ [1-9]\d* failed/.test(summary)) summary += ' (vitest exited with errors outside the tests: see "Unhandled Errors" above)';
console.log(summary);
process.exit(result.status ?? 1);
