export {
  deploySettingsSchema,
  commandDeploySchema,
  directoryDeploySchema,
  deployConfigSchema,
  DEFAULT_DEPLOY_TIMEOUT_SECONDS,
  DEFAULT_KEEP_RELEASES,
  type DeploySettings,
  type CommandDeploySettings,
  type DirectoryDeploySettings,
  type DeployConfigSettings,
  type DeployCommand,
} from './deploy-settings-schema.js';
export { validateDeploySettings, type ValidateDeploySettingsOptions, type ValidateDeploySettingsResult } from './validate-deploy-settings.js';
export { assertValidDeploySettings, type AssertValidDeploySettingsOptions } from './assert-valid-deploy-settings.js';
