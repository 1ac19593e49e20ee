export { signPayload, type SignPayloadOptions, type SigningKey } from './sign-payload.js';
export { splitCommitSignature, type SplitCommit } from './split-commit-signature.js';
export { verifyCommitSignature, type VerifyCommitSignatureOptions } from './verify-commit-signature.js';
export { parseAllowedSigners, type AllowedSigner } from './parse-allowed-signers.js';
export { signedCommit, type SignedCommitOptions } from './signed-commit.js';
export { sshPublicKey } from './ssh-public-key.js';
export { principalsForKey } from './principals-for-key.js';
