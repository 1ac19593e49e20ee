import type { Sha } from '../model/request.js';

/**
 * Input of a release cut on a release branch's working tip.
 *
 * @example
 * ```ts
 * const output = await release.prepare({ commit: tip, requestIds: ['A', 'C'], tagPrefix: 'v', date: '2024-05-01' });
 * ```
 */
export interface ReleaseInput {
  /** The commit to release: the release branch after this promotion's merges. */
  commit: Sha;
  /** Exactly the requests this release ships. */
  requestIds: string[];
  tagPrefix: string;
  /** Release date as `YYYY-MM-DD`, chosen by the shell. */
  date: string;
}

/**
 * What a release produces; the runner writes `tree` as a commit with `message`.
 *
 * @example
 * ```ts
 * const { tree, message, version, tagName }: ReleaseOutput = await release.prepare(input);
 * console.log(version, tagName); // '1.4.0' 'v1.4.0'
 * ```
 */
export interface ReleaseOutput {
  /** Tree of the release commit: bumped versions, CHANGELOG, consumed changesets removed. */
  tree: Sha;
  message: string;
  /** The new version, e.g. `1.4.0`. */
  version: string;
  /** Short tag name, e.g. `v1.4.0`. */
  tagName: string;
  /** Annotated tag message: the release notes. */
  tagMessage: string;
  /**
   * Monorepos whose team asks for them: more annotated tags at the release commit, one per
   * released package (`lib-a@1.1.0`), each with its message. Absent or empty: none.
   */
  packageTags?: Array<{ name: string; message: string }>;
  /** What the release did that a person should hear of (e.g. a request's version change it ignored). */
  notes?: string[];
}

/**
 * Computes releases on objects (implemented by `@relctl/release-notes`).
 *
 * @example
 * ```ts
 * const release: ReleasePort = createReleasePort({ git });
 * const output = await release.prepare({ commit: tip, requestIds: ['A'], tagPrefix: 'v', date: '2024-05-01' });
 * ```
 */
export interface ReleasePort {
  prepare(input: ReleaseInput): Promise<ReleaseOutput>;
}
