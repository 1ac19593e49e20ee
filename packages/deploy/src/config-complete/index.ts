export { parseEnvKeys, type ParseEnvKeysOptions, type ParsedEnvKeys, type EnvKey } from './parse-env-keys.js';
export { checkConfigComplete, type CheckConfigCompleteOptions, type ConfigCompleteResult } from './check-config-complete.js';
export { checkDeployConfig, type CheckDeployConfigOptions } from './check-deploy-config.js';
