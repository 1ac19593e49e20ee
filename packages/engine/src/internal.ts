// For the engine's own tests only (ESLint refuses it in apps): parts of the engine a test drives
// directly. Embedders and the CLI use the package's main entry, index.ts.
export { openContext } from './context/open-context.js';
export { withRemoteRetry } from './shared/remote-sync.js';
