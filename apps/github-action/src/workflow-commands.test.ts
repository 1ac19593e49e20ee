import { describe, expect, it } from 'vitest';
import { workflowCommand } from './workflow-commands.js';

describe('workflowCommand', () => {
  it('keeps a message on one line, so text from a repository cannot start a command of its own', () => {
    expect(workflowCommand('warning', 'A moved\n::add-mask::x\r100%')).toBe('::warning::A moved%0A::add-mask::x%0D100%25\n');
  });
});
