import { relctlProject } from '../../vitest.shared.js';

export default relctlProject('github-action');
