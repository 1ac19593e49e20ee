import { UsageError, type TagData } from '@relctl/core';
import { formatIdentity } from './format-identity.js';

/** Options of {@link renderTagObject}. */
export interface RenderTagObjectOptions {
  tag: TagData;
  /** The type of the tagged object. */
  type: 'commit' | 'tree' | 'blob' | 'tag';
}

/**
 * The bytes of an annotated tag object as `git tag -a` / `git mktag` write them: object, type,
 * tag name, tagger, a blank line, then the message verbatim.
 *
 * @example
 * ```ts
 * const bytes = renderTagObject({ tag: { name: 'v1.4.0', target, message: 'Release 1.4.0\n', tagger }, type: 'commit' });
 * ```
 */
export function renderTagObject({ tag, type }: RenderTagObjectOptions): Buffer {
  if (!/^[^\s~^:?*[\\]+$/.test(tag.name) || tag.name.includes('..') || tag.name.startsWith('-')) {
    throw new UsageError(`${JSON.stringify(tag.name)} is not a valid tag name; use something like v1.4.0.`, { name: tag.name });
  }
  const header = [`object ${tag.target}`, `type ${type}`, `tag ${tag.name}`, `tagger ${formatIdentity({ identity: tag.tagger, role: 'tagger' })}`];
  return Buffer.from(`${header.join('\n')}\n\n${tag.message}`, 'utf8');
}
