/**
 * A part of a repository git can be told to fsync (`core.fsync`).
 *
 * @example
 * ```ts
 * const wanted: FsyncComponent = 'loose-object';
 * parseFsyncComponents({ value: 'committed' }).has(wanted); // true
 * ```
 */
export type FsyncComponent = 'loose-object' | 'pack' | 'pack-metadata' | 'commit-graph' | 'index' | 'reference';

/**
 * Options of {@link parseFsyncComponents}.
 *
 * @example
 * ```ts
 * const options: ParseFsyncComponentsOptions = { value: 'pack,loose-object' };
 * ```
 */
export interface ParseFsyncComponentsOptions {
  /** The value of `core.fsync`; `undefined` when it is not set. */
  value: string | undefined;
}

const OBJECTS: FsyncComponent[] = ['loose-object', 'pack'];
const DERIVED: FsyncComponent[] = ['pack-metadata', 'commit-graph'];
const COMMITTED: FsyncComponent[] = [...OBJECTS, 'reference'];
const ADDED: FsyncComponent[] = [...COMMITTED, 'index', ...DERIVED];

/** git's table of names (`fsync_component_names`), aggregates included. */
const NAMES: ReadonlyArray<[string, FsyncComponent[]]> = [
  ['loose-object', ['loose-object']],
  ['pack', ['pack']],
  ['pack-metadata', ['pack-metadata']],
  ['commit-graph', ['commit-graph']],
  ['index', ['index']],
  ['objects', OBJECTS],
  ['reference', ['reference']],
  ['derived-metadata', DERIVED],
  ['committed', COMMITTED],
  ['added', ADDED],
  ['all', ADDED],
];

/** What git fsyncs when `core.fsync` is not set: objects and derived metadata, but not loose objects. */
const DEFAULT: FsyncComponent[] = ['pack', 'pack-metadata', 'commit-graph'];

/**
 * The components `core.fsync` makes git flush, read as git 2.36+ reads it
 * (`parse_fsync_components`): the set starts from the default (packs, pack indexes, the
 * commit-graph; not loose objects); `none` as the last word empties it; `-name` removes, any other
 * word adds; a word names every component whose name it begins (`pack` also names
 * `pack-metadata`); unknown words are ignored; what a word adds stays even when another removes it.
 *
 * @example
 * ```ts
 * parseFsyncComponents({ value: undefined }).has('loose-object'); // false (git's default)
 * parseFsyncComponents({ value: 'committed' }).has('loose-object'); // true
 * ```
 */
export function parseFsyncComponents({ value }: ParseFsyncComponentsOptions): ReadonlySet<FsyncComponent> {
  let current = new Set<FsyncComponent>(DEFAULT);
  if (value === undefined) return current;
  const positive = new Set<FsyncComponent>();
  const negative = new Set<FsyncComponent>();
  let rest = value;
  for (;;) {
    rest = rest.replace(/^[, \t\n\r]+/, '');
    const comma = rest.indexOf(',');
    let word = comma < 0 ? rest : rest.slice(0, comma);
    if (rest === 'none') current = new Set();
    else {
      const negated = word.startsWith('-');
      if (negated) word = word.slice(1);
      if (word === '') break;
      for (const [name, components] of NAMES) {
        if (!name.startsWith(word)) continue;
        for (const component of components) (negated ? negative : positive).add(component);
      }
    }
    if (comma < 0) break;
    rest = rest.slice(comma);
  }
  for (const component of negative) current.delete(component);
  for (const component of positive) current.add(component);
  return current;
}
