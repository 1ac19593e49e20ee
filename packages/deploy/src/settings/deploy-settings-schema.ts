import { isAbsolute, normalize } from 'node:path';
import { z } from 'zod';

/**
 * Default time limit of a deploy command or hook, in seconds.
 *
 * @example
 * ```ts
 * const limitMs = (settings.timeoutSeconds ?? DEFAULT_DEPLOY_TIMEOUT_SECONDS) * 1000;
 * ```
 */
export const DEFAULT_DEPLOY_TIMEOUT_SECONDS = 600;
/**
 * Default number of releases the `directory` strategy keeps.
 *
 * @example
 * ```ts
 * const keep = settings.keep ?? DEFAULT_KEEP_RELEASES; // 5
 * ```
 */
export const DEFAULT_KEEP_RELEASES = 5;

/**
 * A command: an argv list (`["./deploy.sh", "--fast"]`, run without any shell, preferred) or
 * one string run as `sh -c <string>`. Request data never enters either form: it arrives as
 * `RELCTL_*` environment variables.
 */
const commandSchema = z.union([
  z
    .array(z.string())
    .min(1)
    .refine((argv) => (argv[0] ?? '') !== '', { message: 'the program (first item) must not be empty' }),
  z.string().trim().min(1),
]);

const timeoutSchema = z
  .number()
  .positive()
  .max(24 * 60 * 60)
  .meta({ description: `Time limit in seconds; the process group is killed when it runs out. Default ${DEFAULT_DEPLOY_TIMEOUT_SECONDS}.` });

const repoRelativePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !normalize(path).split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the repository, relative to its root, without ".."',
  });

/**
 * `deploy.config`: the keys a deploy needs, checked by the `config-complete` rule.
 *
 * @example
 * ```ts
 * deployConfigSchema.parse({ template: '.env.example', file: '/etc/app/prod.env' });
 * ```
 */
export const deployConfigSchema = z
  .strictObject({
    template: repoRelativePath.meta({ description: 'Template in the repository listing the required keys, e.g. `.env.example`.' }),
    file: z
      .string()
      .min(1)
      .refine((path) => isAbsolute(path), { message: 'must be an absolute path to a file outside the repository' })
      .optional()
      .meta({ description: 'Absolute path of the env file (outside the repository) that provides the keys.' }),
    fromEnv: z.boolean().optional().meta({ description: 'Keys may also come from the environment relctl runs in.' }),
  })
  .refine((config) => config.file !== undefined || config.fromEnv === true, {
    message: 'names no source of values: set "file" (an env file outside the repository), "fromEnv": true, or both',
  })
  .meta({ description: 'Per-environment configuration that must be complete before a deploy.' });

const common = {
  timeoutSeconds: timeoutSchema.optional(),
  config: deployConfigSchema.optional(),
};

/**
 * `deploy` with `strategy: "command"`.
 *
 * @example
 * ```ts
 * commandDeploySchema.parse({ strategy: 'command', command: ['./scripts/ship.sh'], timeoutSeconds: 300 });
 * ```
 */
export const commandDeploySchema = z.strictObject({
  strategy: z.literal('command'),
  command: commandSchema.meta({ description: 'argv list (preferred), or one string run by `sh -c`.' }),
  cwd: z.string().min(1).optional().meta({ description: 'Working folder of the command; relative to the config folder.' }),
  ...common,
});

/**
 * `deploy` with `strategy: "directory"`.
 *
 * @example
 * ```ts
 * directoryDeploySchema.parse({ strategy: 'directory', path: '/srv/app', keep: 3, after: ['systemctl', 'restart', 'app'] });
 * ```
 */
export const directoryDeploySchema = z.strictObject({
  strategy: z.literal('directory'),
  path: z.string().min(1).meta({ description: 'Deploy root holding `releases/` and `current`; relative to the config folder.' }),
  keep: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: `Releases to keep. Default ${DEFAULT_KEEP_RELEASES}.` }),
  before: commandSchema
    .optional()
    .meta({ description: 'Hook (argv list, or a string run by `sh -c`) run in the new release before `current` switches; failing aborts the deploy.' }),
  after: commandSchema.optional().meta({ description: 'Hook (argv list, or a string run by `sh -c`) run after `current` switched; failing switches `current` back.' }),
  ...common,
});

/**
 * Schema of an environment's `deploy` settings, keyed on `strategy`.
 *
 * @example
 * ```ts
 * deploySettingsSchema.parse({ strategy: 'command', command: ['./deploy.sh'] });
 * ```
 */
export const deploySettingsSchema = z.discriminatedUnion('strategy', [commandDeploySchema, directoryDeploySchema]);

/**
 * A command as configured: argv list, or a string run by `sh -c`.
 *
 * @example
 * ```ts
 * const argv: DeployCommand = ['rsync', '-a', './', 'deploy@web1:/srv/app/'];
 * const shell: DeployCommand = 'npm ci && npm run build && ./scripts/ship.sh';
 * ```
 */
export type DeployCommand = string | string[];

/**
 * `deploy.config` as configured.
 *
 * @example
 * ```ts
 * const config: DeployConfigSettings = { template: '.env.example', file: '/etc/app/prod.env', fromEnv: false };
 * ```
 */
export type DeployConfigSettings = z.output<typeof deployConfigSchema>;

/**
 * Validated `command` settings with defaults filled in.
 *
 * @example
 * ```ts
 * const settings: CommandDeploySettings = { strategy: 'command', command: ['./scripts/ship.sh', '--prod'], cwd: 'tools', timeoutSeconds: 600 };
 * ```
 */
export interface CommandDeploySettings {
  strategy: 'command';
  command: DeployCommand;
  cwd?: string;
  timeoutSeconds: number;
  config?: DeployConfigSettings;
}

/**
 * Validated `directory` settings with defaults filled in.
 *
 * @example
 * ```ts
 * const settings: DirectoryDeploySettings = { strategy: 'directory', path: '/srv/app', keep: 5, after: ['systemctl', 'restart', 'app'], timeoutSeconds: 600 };
 * ```
 */
export interface DirectoryDeploySettings {
  strategy: 'directory';
  path: string;
  keep: number;
  before?: DeployCommand;
  after?: DeployCommand;
  timeoutSeconds: number;
  config?: DeployConfigSettings;
}

/**
 * Validated `deploy` settings of one environment.
 *
 * @example
 * ```ts
 * const settings: DeploySettings = assertValidDeploySettings({ input: { strategy: 'directory', path: '/srv/app' }, env: 'prod' });
 * ```
 */
export type DeploySettings = CommandDeploySettings | DirectoryDeploySettings;
