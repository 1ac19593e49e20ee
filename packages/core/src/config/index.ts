export { validateConfig, type ValidateConfigOptions, type ValidateConfigResult, type RelctlConfig } from './validate-config.js';
export { assertValidConfig } from './assert-valid-config.js';
export type { ConfigIssue } from './to-config-issues.js';
export { DEFAULT_ENVIRONMENTS, defaultEnvironmentsOn } from './default-environments.js';
export { configJsonSchema } from './config-json-schema.js';
export { isValidRefName } from './is-valid-ref-name.js';
export { refNameProblem } from './ref-name-problem.js';
export { formatIssuePath } from './format-issue-path.js';
export { closestName, type ClosestNameOptions } from './closest-name.js';
export {
  configSchema,
  environmentSchema,
  ruleEntrySchema,
  ENVIRONMENT_NAME_PATTERN,
  GIT_BACKENDS,
  type GitBackend,
  RELEASE_CHANGELOG_STYLES,
  type ReleaseChangelogStyle,
  type RelctlConfigInput,
  type EnvironmentConfig,
  type RuleEntryConfig,
} from './config-schema.js';
export { renderConfigReference } from './render-config-reference.js';
