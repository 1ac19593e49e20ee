import { previewNotes } from '@relctl/engine';
import { toJson } from '../output/format.js';
import { defineCommand } from './command.js';
import { withContext } from './shared/with-context.js';

interface NotesArgs {
  ids: string[];
  to?: string;
  format: 'md' | 'json';
}

/**
 * `relctl notes`: the release notes of a pending promotion — what goes (title, requester, bump,
 * note, SHA), what stays behind and why, and the resulting version — as markdown fit for a pull
 * request body, or JSON.
 */
export const notesCommand = defineCommand<NotesArgs>({
  command: 'notes [ids..]',
  describe: 'Release notes for a pending promotion: what goes, what stays and why, the next version',
  builder: (yargs) =>
    yargs
      .positional('ids', { type: 'string', array: true, default: [], describe: 'Requests to ship (default: every request the rules allow)' })
      .option('to', { type: 'string', describe: 'Target environment (default: the release environment)' })
      .option('format', { choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Markdown (for a pull request) or JSON' })
      .example('$0 notes A C', 'Notes for shipping A and C')
      .example('$0 notes --format json', 'What the rules would let ship now, as JSON'),
  run: async (args, io) =>
    withContext(args, io, async (context) => {
      const { notes } = await previewNotes({ session: context, requestIds: args.ids.map(String), ...(args.to ? { to: args.to } : {}) });
      io.stdout(args.format === 'json' || args.json ? toJson(notes.json) : notes.markdown.endsWith('\n') ? notes.markdown : `${notes.markdown}\n`);
    }),
});
