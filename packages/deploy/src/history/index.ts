export { deploymentHistory, type DeploymentHistoryOptions, type DeploymentRecord } from './deployment-history.js';
export { rollbackTarget, type RollbackTargetOptions, type RollbackTarget } from './rollback-target.js';
export { deploymentEvent, type DeploymentEventOptions } from './deployment-event.js';
