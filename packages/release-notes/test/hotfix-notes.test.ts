import { describe, expect, it } from 'vitest';
import { renderPromotionNotes, type RenderPromotionNotesOptions } from '../src/index.js';

// H is a hotfix checked against prod's hotfix rules; A goes with it under the normal rules.
const options: RenderPromotionNotesOptions = {
  env: 'prod',
  version: '1.3.1',
  previousVersion: '1.3.0',
  going: [
    {
      id: 'H',
      title: 'Checkout fails for an empty cart',
      bump: 'patch',
      note: 'Checkout works with an empty cart',
      sha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
      hotfixRules: true,
    },
    { id: 'A', title: 'Add CSV export', bump: 'patch', note: 'CSV export', sha: '5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80' },
  ],
  staying: [],
};

describe('renderPromotionNotes: hotfixes', () => {
  it('names the hotfixes checked against the hotfix rules below the going table, and keeps it in the JSON', () => {
    const { markdown, json } = renderPromotionNotes(options);
    expect(markdown).toContain("| A | Add CSV export |  | patch | `5d6e7f8` |\n\nHotfix H: checked against prod's hotfix rules instead of its rules.\n\n### Staying behind");
    expect(json.going.map((request) => request.hotfixRules)).toEqual([true, undefined]);
  });

  it('says nothing without a hotfix', () => {
    const { markdown } = renderPromotionNotes({ ...options, going: options.going.map(({ hotfixRules: _, ...request }) => request) });
    expect(markdown).not.toContain('hotfix');
  });
});
