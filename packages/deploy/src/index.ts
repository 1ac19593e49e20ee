/**
 * `@relctl/deploy`: put an environment's exact SHA on its server without Jenkins. Two
 * strategies — `command` (a configured command, request data only in `RELCTL_*` variables) and
 * `directory` (Capistrano layout with an atomic `current` switch) — plus the pure helpers the
 * CLI needs around them: deploy lock holder, rollback target, deployment history, and the
 * `config-complete` check.
 *
 * @packageDocumentation
 */
export * from './settings/index.js';
export * from './tree/index.js';
export * from './process/index.js';
export * from './command/index.js';
export * from './directory/index.js';
export * from './lock/index.js';
export * from './history/index.js';
export * from './config-complete/index.js';
export { runDeploy, type RunDeployOptions, type RunDeployResult } from './run-deploy.js';
