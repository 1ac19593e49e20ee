/**
 * A config path as people read it: `environments[1].rules[0]`, `deploy["my key"]`, or
 * `(root)` for the whole config.
 *
 * @example
 * ```ts
 * formatIssuePath(['environments', 1, 'rules', 0]); // 'environments[1].rules[0]'
 * ```
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || '(root)';
}
