import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './vitest.sequencer.js';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
    // Most of the suite's time is end-to-end tests waiting on git child processes, not on the
    // CPU: vitest's default (one worker fewer than the cores) runs ONE file at a time on a
    // 2-core machine and leaves the second core idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Longest files first across all projects, so no worker runs a long file alone at the end.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
