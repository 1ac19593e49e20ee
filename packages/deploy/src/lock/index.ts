export { lockHolder, type LockHolderOptions, type DeployLockHolder } from './lock-holder.js';
export { assertDeployLockFree, type AssertDeployLockFreeOptions } from './assert-deploy-lock-free.js';
