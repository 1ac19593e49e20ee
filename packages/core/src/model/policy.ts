import type { Environment } from './environment.js';

/**
 * A validated relctl configuration: the environments in order plus the naming defaults.
 * Produce one with `validateConfig`; never build one by hand from user input.
 *
 * @example
 * ```ts
 * const result = validateConfig({ input: { requestPrefix: 'req/', tagPrefix: 'v' } });
 * if (result.ok) console.log(result.policy.environments.map((env) => env.branch)); // ['env/test', 'main']
 * ```
 */
export interface Policy {
  /** Branch prefix of request branches. Default `req/`. */
  requestPrefix: string;
  /** Prefix of release tags. Default `v`. */
  tagPrefix: string;
  /** Remote to fetch from and push to, or `null` for a local-only repository. Default `origin`. */
  remote: string | null;
  /** Environments in promotion order; exactly one has kind `release`. */
  environments: Environment[];
  /**
   * Path of the allowed-signers file in the production branch (git's `gpg.ssh.allowedSignersFile`
   * format): signed approvals and resolutions are verified against it. Default `.relctl/allowed_signers`.
   */
  allowedSigners?: string;
}
