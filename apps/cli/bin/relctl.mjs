#!/usr/bin/env node
// The `relctl` command (package.json `bin`): runs the esbuild bundle of the CLI, ../bundle/relctl.mjs,
// which `npm run build` writes (apps/cli/scripts/bundle.mjs) and `npm pack` ships. This small file
// is committed so that `npm ci` links the command before anything is built, and so that an
// unbuilt checkout says how to build instead of failing inside Node's module loader.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../bundle/relctl.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(`relctl: ${fileURLToPath(bundle)} is missing: build the CLI with "npm run build" in the relctl repository.\n`);
  process.exit(1);
}
await import(bundle.href);
