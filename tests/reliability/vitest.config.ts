import { fileURLToPath } from 'node:url';
import { relctlProject } from '../../vitest.shared.js';

/**
 * The reliability suite (`npm run test:reliability`): the built CLI against real repositories and
 * an HTTP origin. `npm test` runs its quick mode last; `RELCTL_RELIABILITY=long` runs the long mode.
 */
export default relctlProject('reliability', {
  // Test files are looked for here only, whatever the working directory.
  dir: fileURLToPath(new URL('.', import.meta.url)),
  include: ['**/*.test.ts'],
  // A private copy of the built CLI for the run, and the one summary block at its end.
  globalSetup: ['./support/cli-snapshot.ts', './support/summary.ts'].map((file) => fileURLToPath(new URL(file, import.meta.url))),
  // Long mode's 200 crash runs and 20 rounds of 8+2 promoters take far longer than ten minutes.
  testTimeout: process.env['RELCTL_RELIABILITY'] === 'long' ? 4 * 3_600_000 : 600_000,
  hookTimeout: 600_000,
  // The files spawn many CLI processes themselves; two files at a time keep two cores busy.
  maxWorkers: 2,
  maxConcurrency: 3,
});
