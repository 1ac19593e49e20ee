/**
 * A raw commit object split into the bytes its signature covers and the signature.
 *
 * @example
 * ```ts
 * const { payload, signature }: SplitCommit = splitCommitSignature({ data: rawCommitBytes });
 * ```
 */
export interface SplitCommit {
  /** The commit without its `gpgsig` header: what was signed. */
  payload: Buffer;
  /** The armored signature (continuation spaces removed), or `null` for an unsigned commit. */
  signature: string | null;
}

/**
 * Take the `gpgsig` (or `gpgsig-sha256`) header out of a raw commit object, as `git verify-commit`
 * does: the header and its continuation lines (starting with a space) are the signature; the rest
 * is the signed payload. Only the header block is searched (a message cannot smuggle one in).
 *
 * @example
 * ```ts
 * const { payload, signature } = splitCommitSignature({ data: (await readGitObject({ repo, oid })).data });
 * ```
 */
export function splitCommitSignature(options: { data: Buffer }): SplitCommit {
  const text = options.data.toString('latin1');
  const end = text.indexOf('\n\n');
  const headers = (end < 0 ? text : text.slice(0, end)).split('\n');
  const rest = end < 0 ? '' : text.slice(end);
  const kept: string[] = [];
  const signature: string[] = [];
  let inside = false;
  let found = false;
  for (const line of headers) {
    if (inside && line.startsWith(' ')) {
      signature.push(line.slice(1));
      continue;
    }
    inside = false;
    if (!found && (line.startsWith('gpgsig ') || line.startsWith('gpgsig-sha256 '))) {
      inside = true;
      found = true;
      signature.push(line.slice(line.indexOf(' ') + 1));
      continue;
    }
    kept.push(line);
  }
  return {
    payload: Buffer.from(`${kept.join('\n')}${rest}`, 'latin1'),
    signature: found ? `${Buffer.from(signature.join('\n'), 'latin1').toString('utf8')}\n` : null,
  };
}
