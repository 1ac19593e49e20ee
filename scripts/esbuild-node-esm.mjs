// The esbuild options every relctl bundle shares (the CLI's npm bundle and single file, the GitHub
// Action): one ES module for Node.js 20+, with `typescript` left outside (a relctl.config.ts needs
// it installed where the config is; bundled it would add ~11 MB). Spread first, then add the
// entry points, output and plugins of each build.

/** Shared esbuild options: ESM for Node 20, require/__filename/__dirname for CommonJS dependencies. */
export const NODE_ESM_BUNDLE = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['typescript'],
  // CommonJS dependencies (isomorphic-git, pako, changesets, @octokit…) call require(); give each ES chunk one.
  banner: { js: "import { createRequire as __relctlCreateRequire } from 'node:module'; const require = __relctlCreateRequire(import.meta.url);" },
  // …and CommonJS's __filename/__dirname (import-fresh, cosmiconfig's fallback for a relctl.config.js
  // that import() refused): the chunk's own path, as Node 20.11+ gives it to an ES module.
  define: { __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' },
};
