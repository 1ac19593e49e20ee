import { describe, expect, it } from 'vitest';
import { StateError } from '@relctl/core';
import { bumpPackageJson } from './bump-package-json.js';

describe('bumpPackageJson', () => {
  it('keeps the indentation and the final newline of the file', () => {
    for (const indent of ['  ', '    ', '\t']) {
      for (const end of ['', '\n']) {
        const text = JSON.stringify({ name: 'a', version: '1.0.0', dependencies: { b: '^1.0.0' } }, null, indent) + end;
        const next = bumpPackageJson({
          text,
          path: 'package.json',
          version: '1.1.0',
          ranges: [{ field: 'dependencies', name: 'b', from: '^1.0.0', to: '^2.0.0' }],
        });
        expect(next).toBe(JSON.stringify({ name: 'a', version: '1.1.0', dependencies: { b: '^2.0.0' } }, null, indent) + end);
      }
    }
  });

  it('keeps CRLF, adds a missing version after the name, and returns the text itself when nothing changes', () => {
    const crlf = '{\r\n  "name": "a",\r\n  "private": true\r\n}\r\n';
    expect(bumpPackageJson({ text: crlf, path: 'package.json', version: '0.1.0' })).toBe('{\r\n  "name": "a",\r\n  "version": "0.1.0",\r\n  "private": true\r\n}\r\n');
    const same = '{"name":"a","version":"1.0.0"}';
    expect(bumpPackageJson({ text: same, path: 'package.json', version: '1.0.0' })).toBe(same);
    expect(bumpPackageJson({ text: same, path: 'package.json', version: '1.0.1' })).toBe('{\n  "name": "a",\n  "version": "1.0.1"\n}');
  });

  it('refuses a file that is not a JSON object', () => {
    expect(() => bumpPackageJson({ text: '{ nope', path: 'packages/x/package.json', version: '1.0.0' })).toThrow(/packages\/x\/package.json is not valid JSON/);
    expect(() => bumpPackageJson({ text: '[]', path: 'package.json', version: '1.0.0' })).toThrow(StateError);
  });
});
