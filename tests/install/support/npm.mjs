// npm and other programs as a user runs them in a folder of their own: without the settings an
// enclosing `npm test` / `npm run` passes down in npm_* variables (npm_config_local_prefix would
// point a nested npm at this repository), and without relctl's or GitHub's tokens.
import { spawn } from 'node:child_process';

/** npm settings from the environment a user's own npm would also see (where the cache and registry are). */
const KEEP = new Set([
  'npm_config_cache',
  'npm_config_userconfig',
  'npm_config_globalconfig',
  'npm_config_registry',
  'npm_config_cafile',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_strict_ssl',
]);

/**
 * The environment for a program run by the install test.
 *
 * @param {Record<string, string>} [extra]
 * @returns {Record<string, string>}
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^npm_/i.test(key) && !KEEP.has(key.toLowerCase())) continue;
    if (/^(RELCTL_|GITHUB_TOKEN$|GH_TOKEN$|NODE_OPTIONS$|NODE_PATH$|FORCE_COLOR$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/**
 * Run `command args` in `cwd`; rejects with the command's output when it fails. Asynchronous, so
 * that the install test's independent parts run side by side.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string>, allowFailure?: boolean }} options
 * @returns {Promise<{ status: number, stdout: string, stderr: string }>}
 */
export function exec(command, args, { cwd, env = cleanEnv(), allowFailure = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const status = code ?? 128;
      if (!allowFailure && status !== 0) {
        reject(new Error(`"${[command, ...args].join(' ')}" in ${cwd} exited ${code ?? signal}:\n${stdout}${stderr}`.trimEnd()));
      } else resolve({ status, stdout, stderr });
    });
  });
}
