export type { DeployOutput } from './deploy-output.js';
export { runDeployProcess, type RunDeployProcessOptions, type DeployProcessResult } from './run-deploy-process.js';
export { relctlDeployEnv, type RelctlDeployEnvOptions, type DeployRequest } from './relctl-deploy-env.js';
export { childEnv, type ChildEnvOptions } from './child-env.js';
export { startGroupWatchdog, type StartGroupWatchdogOptions, type GroupWatchdog } from './start-group-watchdog.js';
