export { deployWithCommand, type DeployWithCommandOptions, type CommandDeployResult } from './deploy-with-command.js';
