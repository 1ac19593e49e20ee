import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPromotionNotes, type RenderPromotionNotesOptions } from '../src/index.js';

/** The A–D story: A and C go to prod, B and D stay. */
const story: RenderPromotionNotesOptions = {
  env: 'prod',
  version: '1.4.0',
  previousVersion: '1.3.0',
  going: [
    {
      id: 'A',
      title: 'Add CSV export',
      requester: 'alice',
      bump: 'minor',
      note: 'Add CSV export to the orders page\n\nExports respect the current filters.',
      sha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
    },
    {
      id: 'C',
      title: 'Fix login redirect',
      requester: 'carol',
      bump: 'patch',
      note: 'Fix the redirect after login',
      sha: '5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80',
    },
  ],
  staying: [
    { id: 'B', title: 'Dark mode', reasons: ['not approved'] },
    { id: 'D', title: 'New pricing page', reasons: ['stale on test'] },
  ],
};

describe('renderPromotionNotes', () => {
  it('renders the A–D story as the golden markdown', () => {
    const golden = readFileSync(new URL('./golden/promotion-notes.md', import.meta.url), 'utf8');
    expect(renderPromotionNotes(story).markdown).toBe(golden);
  });

  it('gives the same facts as JSON', () => {
    const { json } = renderPromotionNotes(story);
    expect(json).toEqual({
      env: 'prod',
      version: '1.4.0',
      previousVersion: '1.3.0',
      bump: 'minor',
      going: story.going,
      staying: story.staying,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('escapes titles so they cannot break the tables', () => {
    const { markdown } = renderPromotionNotes({
      ...story,
      going: [{ ...story.going[0]!, title: 'Pipes | and <b>tags</b>\nand lines' }],
      staying: [{ id: 'B', title: 'x', reasons: ['a|b', 'c'] }],
    });
    expect(markdown).toContain('| A | Pipes \\| and \\<b\\>tags\\</b\\> and lines | alice | minor | `1a2b3c4` |');
    expect(markdown).toContain('| B | x | a\\|b; c |');
  });

  it('says when nothing goes or nothing stays, and a first release', () => {
    const { markdown } = renderPromotionNotes({ env: 'prod', version: '0.1.0', previousVersion: null, going: [], staying: [] });
    expect(markdown).toBe(
      '## Promotion to prod: first release 0.1.0\n\n0 requests go to prod; 0 requests stay behind.\n\n### Going to prod\n\nNothing goes.\n\n### Staying behind\n\nNothing stays behind.\n',
    );
  });
});

describe('renderPromotionNotes: records carried across a sync', () => {
  it('lists them in their own table, and in the JSON', () => {
    const carried = ['approved by Kim, carried across sync 3f2a1c0 → 9b7e2d4'];
    const notes = renderPromotionNotes({ ...story, going: [{ ...(story.going[0] as (typeof story.going)[number]), carried }] });
    expect(notes.markdown).toContain('### Carried across a sync');
    expect(notes.markdown).toContain('| A | approved by Kim, carried across sync 3f2a1c0 → 9b7e2d4 |');
    expect(notes.json.going[0]?.carried).toEqual(carried);
    expect(renderPromotionNotes(story).markdown).not.toContain('Carried across a sync');
  });
});
