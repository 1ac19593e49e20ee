/** Options of {@link matchGlobSegment}. */
export interface MatchGlobSegmentOptions {
  /** One path segment of a workspaces glob: a name, or a pattern with `*`, `?` or `[…]`. */
  pattern: string;
  /** One folder name. */
  name: string;
}

/**
 * Whether a folder name matches one segment of an npm `workspaces` glob (`*` any run of
 * characters, `?` one character, `[abc]`/`[a-z]` a class). As in npm, a wildcard does not match a
 * name starting with `.` unless the pattern starts with `.` too. Linear in practice: no
 * backtracking regular expression is built from user input.
 *
 * @example
 * ```ts
 * matchGlobSegment({ pattern: 'lib-*', name: 'lib-a' }); // true
 * matchGlobSegment({ pattern: '*', name: '.cache' }); // false
 * ```
 */
export function matchGlobSegment(options: MatchGlobSegmentOptions): boolean {
  const { pattern, name } = options;
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  // Classic two-pointer wildcard matching with a single backtrack point for `*`.
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const token = pattern[p];
    if (token === '*') {
      starP = p;
      starN = n;
      p += 1;
      continue;
    }
    const step = token === undefined ? -1 : matchOne(pattern, p, name[n] as string);
    if (step > 0) {
      p += step;
      n += 1;
      continue;
    }
    if (starP === -1) return false;
    p = starP + 1;
    starN += 1;
    n = starN;
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

/** Match one pattern token at `p` against `char`: the token's length when it matches, else 0. */
function matchOne(pattern: string, p: number, char: string): number {
  const token = pattern[p];
  if (token === '?') return 1;
  if (token === '[') {
    const close = pattern.indexOf(']', p + 2);
    if (close !== -1) {
      let body = pattern.slice(p + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      let hit = false;
      for (let i = 0; i < body.length; i += 1) {
        if (body[i + 1] === '-' && i + 2 < body.length) {
          if (char >= (body[i] as string) && char <= (body[i + 2] as string)) hit = true;
          i += 2;
        } else if (body[i] === char) {
          hit = true;
        }
      }
      return hit !== negate ? close - p + 1 : 0;
    }
  }
  if (token === '\\' && p + 1 < pattern.length) return pattern[p + 1] === char ? 2 : 0;
  return token === char ? 1 : 0;
}
