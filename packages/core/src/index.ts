/**
 * `@relctl/core`: the pure release-policy engine. Facts in, decisions and plans out; no fs, no
 * git, no clock, no environment. Adapters implement the ports defined here.
 *
 * @packageDocumentation
 */
export * from './model/index.js';
export * from './errors/index.js';
export * from './ports/index.js';
export * from './config/index.js';
export * from './rules/index.js';
export * from './policy/index.js';
export * from './plan/index.js';
export * from './status/index.js';
export * from './audit/index.js';
export * from './facts/index.js';
export * from './conflicts/index.js';
export * from './retry/index.js';
export * from './text/index.js';
export * from './carry/index.js';
