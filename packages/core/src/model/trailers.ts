/**
 * Trailers relctl writes on the commits it makes. They let every fact about environments be
 * derived from history alone.
 *
 * @example
 * ```ts
 * const message = `Merge req/A into env/test\n\n${Trailer.request}: A\n`;
 * ```
 */
export const Trailer = {
  /** On a merge into an environment branch: the request id merged (second parent = its head). */
  request: 'Relctl-Request',
  /** On a merge into an environment branch: the environment name. */
  env: 'Relctl-Env',
  /** On a release commit: the version released. */
  release: 'Relctl-Release',
  /** On a release commit: the requests it ships, comma separated. */
  requests: 'Relctl-Requests',
  /** On a merge that applied a recorded conflict resolution: `<resolution commit> <path>` (one per file). */
  resolution: 'Relctl-Resolution',
  /** Beside {@link Trailer.resolution}: `<resolution commit> <Name <email>>`, who recorded it. */
  resolutionBy: 'Relctl-Resolution-By',
} as const;
