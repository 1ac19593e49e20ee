/**
 * The `code` of an error isomorphic-git threw (`'PushRejectedError'`, `'HttpError'`, …), matched
 * by string so that errors from its CommonJS and ESM builds compare alike.
 *
 * @example
 * ```ts
 * if (errorCode(error) === 'UserCanceledError') return;
 * ```
 */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
