import { readCurrentRelease } from './read-current-release.js';
import { releaseRecords, type ReleaseRecord } from './release-records.js';

/**
 * Options of {@link liveRelease}.
 *
 * @example
 * ```ts
 * const live = await liveRelease({ root: '/srv/app' });
 * ```
 */
export interface LiveReleaseOptions {
  /** Deploy root holding `releases/`, `current` and `.relctl/releases/`. */
  root: string;
}

/**
 * What a deploy root serves, and whether a deploy verified it.
 *
 * @example
 * ```ts
 * const live: LiveRelease = await liveRelease({ root: '/srv/app' });
 * if (!live.verified) console.log(`current is ${live.current}, never verified; last verified: ${live.lastVerified?.name}`);
 * ```
 */
export interface LiveRelease {
  /** The release `current` points to, or `null`. */
  current: string | null;
  /** Its record, when relctl wrote one. */
  record: ReleaseRecord | null;
  /**
   * `false` when a deploy switched `current` to this release and never finished: its `after`
   * hook did not pass (the deploy was killed). A release without a record (made before records
   * existed) counts as verified.
   */
  verified: boolean;
  /** The release a deploy made `current` successfully most recently, with its record, or `null`. */
  lastVerified: { name: string; record: ReleaseRecord } | null;
}

/**
 * Read what `<root>/current` serves and whether it was verified: a deploy marks a release
 * (`activatedSeq`) only after its `after` hook passed, so `current` on a release without the
 * mark means a deploy was killed between switching `current` and finishing. Read-only.
 *
 * @example
 * ```ts
 * const { current, verified, lastVerified } = await liveRelease({ root: '/srv/app' });
 * ```
 */
export async function liveRelease(options: LiveReleaseOptions): Promise<LiveRelease> {
  const current = await readCurrentRelease({ root: options.root });
  const records = await releaseRecords({ root: options.root }).all();
  const record = current === null ? null : (records.get(current) ?? null);
  let lastVerified: LiveRelease['lastVerified'] = null;
  for (const [name, entry] of records) {
    if ((entry.activatedSeq || 0) > 0 && (lastVerified === null || entry.activatedSeq > lastVerified.record.activatedSeq)) lastVerified = { name, record: entry };
  }
  return { current, record, verified: record === null || (record.activatedSeq || 0) > 0, lastVerified };
}
