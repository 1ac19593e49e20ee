import { relctlProject } from '../../vitest.shared.js';

// Pure functions, no shared state: one module graph for all files saves each file's imports.
export default relctlProject('core', { isolate: false });
