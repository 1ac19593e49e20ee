export { checkLooseObject, type CheckLooseObjectOptions, type LooseObjectCheck } from './check-loose-object.js';
export { findDamagedObjects, type FindDamagedObjectsOptions, type DamagedObject } from './find-damaged-objects.js';
export { looseObjectPath, type LooseObjectPathOptions } from './loose-object-path.js';
export { objectSafeFs, type ObjectSafeFsOptions } from './object-safe-fs.js';
export { parseFsyncComponents, type ParseFsyncComponentsOptions, type FsyncComponent } from './parse-fsync-components.js';
export { readObjectFsyncPolicy, type ReadObjectFsyncPolicyOptions, type ObjectFsyncPolicy } from './read-object-fsync-policy.js';
export { writeFileAtomically, type WriteFileAtomicallyOptions } from './write-file-atomically.js';
export { writeLooseObject, type WriteLooseObjectOptions } from './write-loose-object.js';
