import { RefRaceError, type GitPort, type RefUpdate } from '@relctl/core';

/** Options of {@link allAtNext}. */
export interface AllAtNextOptions {
  git: GitPort;
  updates: readonly RefUpdate[];
  /** Reflog message of the (verify-only) transaction. */
  message: string;
}

/**
 * Whether every ref already holds its `next` value: checked by a verify-only transaction (each
 * ref compared under its lock, nothing moved), so annotated tags compare as tag objects.
 *
 * @example
 * ```ts
 * if (await allAtNext({ git, updates, message: 'relctl: verify' })) console.log('already done');
 * ```
 */
export async function allAtNext({ git, updates, message }: AllAtNextOptions): Promise<boolean> {
  try {
    await git.updateRefs(
      updates.map((update) => ({ ref: update.ref, expected: update.next, next: update.next })),
      { message },
    );
    return true;
  } catch (error) {
    if (error instanceof RefRaceError) return false;
    throw error;
  }
}
