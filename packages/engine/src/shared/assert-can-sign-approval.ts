import { ConfigError, UsageError, identityMatches, type Environment } from '@relctl/core';
import { principalsForKey, sshPublicKey } from '@relctl/git';
import type { CliContext } from '../context/open-context.js';
import { releaseEnvironment } from '../facts/gather-facts.js';
import { readAllowedSigners } from '../facts/read-allowed-signers.js';

/**
 * Before an approval for `env` is recorded: when `env` requires signed approvals, refuse (and
 * change nothing) unless this person's git signing key is an SSH key listed in the production
 * branch's allowed-signers file, and unless `--by` (when given) names that key's principal — an
 * approval counts as its signer's, so naming someone else would only record something untrue.
 *
 * @returns The principals the signing key proves (empty when `env` does not require signatures).
 */
export async function assertCanSignApproval(context: CliContext, env: Environment, by: string | undefined): Promise<string[]> {
  if (env.requireSignatures !== true) return [];
  const file = context.policy.allowedSigners ?? '.relctl/allowed_signers';
  const branch = releaseEnvironment(context.policy).branch;
  const setUp = `set your git signing key (git config gpg.format ssh; git config user.signingKey ~/.ssh/id_ed25519.pub) and list its public key in ${file} on ${branch}`;
  const key = context.signingKey;
  if (key === null) {
    throw new ConfigError(`${env.name} counts only signed approvals, and you have no git signing key; ${setUp}.`, { env: env.name });
  }
  if (key.format !== 'ssh') {
    throw new ConfigError(`${env.name} counts only approvals signed with an SSH key listed in ${file} (relctl does not verify OpenPGP signatures); ${setUp}.`, {
      env: env.name,
      format: key.format,
    });
  }
  const allowed = await readAllowedSigners(context);
  if (allowed === null) {
    throw new ConfigError(`${env.name} counts only signed approvals, but ${branch} has no ${file}; commit one there (the format of git's gpg.ssh.allowedSignersFile).`, {
      env: env.name,
      file,
    });
  }
  const publicKey = await sshPublicKey({ signingKey: key, env: context.io.env });
  const principals = principalsForKey({ allowedSigners: allowed, publicKey });
  if (principals.length === 0) {
    throw new ConfigError(
      `Your signing key (${publicKey.split(/\s+/).slice(0, 2).join(' ').slice(0, 60)}…) is not in ${file} on ${branch}, so your approval would not count for ${env.name}; add "<your email> ${publicKey.split(/\s+/).slice(0, 2).join(' ')}" to it there.`,
      {
        env: env.name,
        file,
      },
    );
  }
  if (by !== undefined && !principals.some((principal) => identityMatches({ actor: principal, wanted: by }))) {
    throw new UsageError(
      `--by ${JSON.stringify(by)} names someone else than the signer: your key signs as ${principals.join(', ')}, and ${env.name} counts an approval as its signer's. Drop --by, or let them approve with their own key.`,
      { by, signer: principals },
    );
  }
  return principals;
}
