import { describe, expect, it } from 'vitest';
import { parseConfigValue } from './parse-config-value.js';

describe('parseConfigValue', () => {
  const text = [
    '[core]',
    '\tbare = false',
    '\tlogAllRefUpdates',
    '[remote "origin"]',
    '\turl = https://example.com/shop.git',
    '[Remote "Origin"]',
    '\turl = https://example.com/other.git',
    '[branch.Main]',
    '\tremote = origin',
    '[user]',
    '\tname = "Kim  Lee" # the team lead',
    '\temail = kim@example.com ; work',
    '\tsigningKey = one',
    '[user] signingKey = two',
    '[gpg "ssh"]',
    '\tallowedSignersFile = "C:\\\\keys\\tfile"',
  ].join('\r\n');

  it('reads section.key (the last one wins), a bare key as true, quotes and comments decoded', () => {
    expect(parseConfigValue({ text, key: 'core.bare' })).toBe('false');
    expect(parseConfigValue({ text, key: 'CORE.LogAllRefUpdates' })).toBe('true');
    expect(parseConfigValue({ text, key: 'user.name' })).toBe('Kim  Lee');
    expect(parseConfigValue({ text, key: 'user.email' })).toBe('kim@example.com');
    expect(parseConfigValue({ text, key: 'user.signingkey' })).toBe('two');
    expect(parseConfigValue({ text, key: 'core.missing' })).toBeUndefined();
  });

  it('reads subsections: case-sensitive when quoted, lower-cased in the old [section.sub] spelling', () => {
    expect(parseConfigValue({ text, key: 'remote.origin.url' })).toBe('https://example.com/shop.git');
    expect(parseConfigValue({ text, key: 'remote.Origin.url' })).toBe('https://example.com/other.git');
    expect(parseConfigValue({ text, key: 'branch.main.remote' })).toBe('origin');
    expect(parseConfigValue({ text, key: 'gpg.ssh.allowedSignersFile' })).toBe('C:\\keys\tfile');
    // A key of a subsection is not the section's own key.
    expect(parseConfigValue({ text, key: 'remote.url' })).toBeUndefined();
  });
});
