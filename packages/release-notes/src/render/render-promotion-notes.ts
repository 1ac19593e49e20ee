import { shortSha as coreShortSha, type Bump, type Sha } from '@relctl/core';
import { highestBump } from '../plan/highest-bump.js';
import { renderChangelogEntry } from './render-changelog-entry.js';

/**
 * A request that goes with the promotion.
 *
 * @example
 * ```ts
 * const going: GoingRequest = { id: 'A', title: 'Add CSV export', requester: 'alice', bump: 'minor', note: 'Add CSV export', sha: '1a2b3c4d…' };
 * ```
 */
export interface GoingRequest {
  id: string;
  title: string;
  /** Who asked for it (from the audit log), when known. */
  requester?: string;
  bump: Bump;
  /** The release note from its changeset (markdown); `''` when it has none. */
  note: string;
  /** The request head promoted. */
  sha: Sha;
  /**
   * Recorded conflict resolutions its merge applies: code in neither the request nor the target
   * branch, listed so a reviewer sees it.
   */
  resolutions?: Array<{ path: string; commit: Sha; by: string }>;
  /** A hotfix checked against the target's `hotfixRules` instead of its `rules`; listed so a reviewer knows. */
  hotfixRules?: boolean;
}

/**
 * A request that stays behind, and why.
 *
 * @example
 * ```ts
 * const staying: StayingRequest = { id: 'B', title: 'Dark mode', reasons: ['not approved for prod', 'in test for 3h, needs 24h'] };
 * ```
 */
export interface StayingRequest {
  id: string;
  title: string;
  /** Short reasons, e.g. `not approved`, `stale on test`. */
  reasons: string[];
}

/**
 * Options of {@link renderPromotionNotes}.
 *
 * @example
 * ```ts
 * const notes = renderPromotionNotes({ env: 'prod', going, staying, version: '1.4.0', previousVersion: '1.3.0' });
 * ```
 */
export interface RenderPromotionNotesOptions {
  /** Target environment, e.g. `prod`. */
  env: string;
  going: GoingRequest[];
  staying: StayingRequest[];
  /** The version the release will have. */
  version: string;
  /** The version now, or `null` before the first release. */
  previousVersion: string | null;
}

/**
 * The JSON form of promotion notes (`relctl notes --format json`).
 *
 * @example
 * ```ts
 * const json: PromotionNotesJson = renderPromotionNotes(options).json;
 * console.log(json.version, json.bump, json.going.map((r) => r.id)); // '1.4.0' 'minor' ['A', 'C']
 * ```
 */
export interface PromotionNotesJson {
  env: string;
  version: string;
  previousVersion: string | null;
  /** Highest bump of the going requests. */
  bump: Bump;
  going: GoingRequest[];
  staying: StayingRequest[];
}

/**
 * Promotion notes in both forms.
 *
 * @example
 * ```ts
 * const { markdown, json }: PromotionNotes = renderPromotionNotes({ env: 'prod', going, staying, version: '1.4.0', previousVersion: '1.3.0' });
 * console.log(markdown);
 * ```
 */
export interface PromotionNotes {
  /** Markdown for a pull-request body. */
  markdown: string;
  json: PromotionNotesJson;
}

/**
 * Notes for a promotion, for a pull-request body or a reviewer: the version change, a table of
 * the requests that go (id, title, requester, bump, head; a line naming the hotfixes checked
 * against the target's hotfix rules), the recorded conflict resolutions
 * their merges apply, a table of those that stay with their reasons, and the changelog entry the release will write. Table cells are escaped so a title
 * cannot break the table or inject markup; notes are markdown and are kept as written.
 *
 * @example
 * ```ts
 * const { markdown, json } = renderPromotionNotes({
 *   env: 'prod',
 *   version: '1.4.0',
 *   previousVersion: '1.3.0',
 *   going: [{ id: 'A', title: 'Add CSV export', requester: 'alice', bump: 'minor', note: 'Add CSV export', sha: '1a2b…' }],
 *   staying: [{ id: 'B', title: 'Dark mode', reasons: ['not approved'] }],
 * });
 * ```
 */
export function renderPromotionNotes(options: RenderPromotionNotesOptions): PromotionNotes {
  const { env, going, staying, version, previousVersion } = options;
  const bump = highestBump(going.map((request) => request.bump));
  const json: PromotionNotesJson = {
    env,
    version,
    previousVersion,
    bump,
    going: going.map((request) => ({ ...request, ...(request.resolutions ? { resolutions: request.resolutions.map((item) => ({ ...item })) } : {}) })),
    staying: staying.map((request) => ({ ...request, reasons: [...request.reasons] })),
  };

  const target = cell(env);
  let change: string;
  if (previousVersion === null) change = `first release ${cell(version)}`;
  else if (previousVersion === version) change = `version stays ${cell(version)}`;
  else change = `${cell(previousVersion)} → ${cell(version)}`;
  const count = (n: number) => `${n} request${n === 1 ? '' : 's'}`;
  const parts = [
    `## Promotion to ${target}: ${change}`,
    `${count(going.length)} ${going.length === 1 ? 'goes' : 'go'} to ${target}; ${count(staying.length)} ${staying.length === 1 ? 'stays' : 'stay'} behind.`,
  ];

  if (going.length > 0) {
    const rows = going.map((request) => `| ${cell(request.id)} | ${cell(request.title)} | ${cell(request.requester ?? '')} | ${request.bump} | ${shortSha(request.sha)} |`);
    const hotfixes = going.filter((request) => request.hotfixRules === true).map((request) => cell(request.id));
    const lighter =
      hotfixes.length > 0 ? `\n\nHotfix${hotfixes.length === 1 ? '' : 'es'} ${hotfixes.join(', ')}: checked against ${target}'s hotfix rules instead of its rules.` : '';
    parts.push(`### Going to ${target}\n\n| Request | Title | Requested by | Bump | Head |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}${lighter}`);
  } else {
    parts.push(`### Going to ${target}\n\nNothing goes.`);
  }

  const resolved = going.flatMap((request) => (request.resolutions ?? []).map((item) => ({ id: request.id, ...item })));
  if (resolved.length > 0) {
    const rows = resolved.map((item) => `| ${cell(item.id)} | ${cell(item.path)} | ${shortSha(item.commit)} | ${cell(item.by)} |`);
    parts.push(
      `### Recorded conflict resolutions\n\nThese merges apply a resolution someone recorded: code that is in neither the request nor ${target}. Review it; only an approval that covers it lets it ship.\n\n| Request | File | Resolution | Recorded by |\n| --- | --- | --- | --- |\n${rows.join('\n')}`,
    );
  }

  if (staying.length > 0) {
    const rows = staying.map((request) => `| ${cell(request.id)} | ${cell(request.title)} | ${cell(request.reasons.join('; '))} |`);
    parts.push(`### Staying behind\n\n| Request | Title | Why |\n| --- | --- | --- |\n${rows.join('\n')}`);
  } else {
    parts.push('### Staying behind\n\nNothing stays behind.');
  }

  if (going.length > 0) {
    parts.push(
      renderChangelogEntry({
        version,
        title: `Release notes ${cell(version)}`,
        headingLevel: 3,
        items: going.map((request) => ({
          id: request.id,
          type: request.bump,
          summary: request.note.trim() === '' ? request.title : request.note,
          sha: request.sha,
        })),
      }),
    );
  }
  return { markdown: `${parts.join('\n\n')}\n`, json };
}

/** Text for a markdown table cell or heading: one line, markup characters escaped. */
function cell(text: string): string {
  return String(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\|*_`[\]<>~#]/g, (char) => `\\${char}`);
}

function shortSha(sha: Sha): string {
  const short = coreShortSha(String(sha));
  return /^[0-9a-f]+$/i.test(short) ? `\`${short}\`` : cell(short);
}
