export { deployToDirectory, type DeployToDirectoryOptions, type DirectoryDeployResult } from './deploy-to-directory.js';
export { acquireDeployLock, type AcquireDeployLockOptions, type DeployLock } from './acquire-deploy-lock.js';
export { DEPLOY_LOCK_FILE, type DeployLockInfo } from './deploy-lock-file.js';
export { readCurrentRelease, type ReadCurrentReleaseOptions } from './read-current-release.js';
export { switchCurrent, type SwitchCurrentOptions } from './switch-current.js';
export { pruneReleases, type PruneReleasesOptions } from './prune-releases.js';
export { releaseName, type ReleaseNameOptions } from './release-name.js';
export { releaseRecords, type ReleaseRecords, type ReleaseRecord, type ReleaseRecordsOptions } from './release-records.js';
