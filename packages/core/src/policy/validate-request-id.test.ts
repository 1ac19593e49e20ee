import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { isValidRequestId } from './is-valid-request-id.js';
import { validateRequestId } from './validate-request-id.js';

describe('validateRequestId', () => {
  it('accepts ids of letters, digits, ".", "_" and "-" starting with a letter or digit', () => {
    for (const id of ['A', 'PAY-142', 'a.b_c-d', '9', 'x'.repeat(64)]) {
      expect(validateRequestId(id)).toBe(id);
      expect(isValidRequestId(id)).toBe(true);
    }
  });

  it('refuses anything else with a message saying what is allowed', () => {
    expect(() => validateRequestId('-rf')).toThrow(
      new UsageError('"-rf" is not a valid request id: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.', { id: '-rf' }),
    );
    for (const id of ['', '.a', 'a b', 'a/b', 'ä', 'x'.repeat(65), 'a;rm', '$(x)', 'a\n']) {
      expect(isValidRequestId(id), id).toBe(false);
      expect(() => validateRequestId(id)).toThrow(UsageError);
    }
  });

  it('refuses ids git would not take as a ref component', () => {
    for (const id of ['a..b', 'a.lock', 'a.']) {
      expect(isValidRequestId(id), id).toBe(false);
      expect(() => validateRequestId(id)).toThrow(/which git does not allow in a branch name/);
    }
  });

  it('refuses names git reserves: a branch req/HEAD is not a request', () => {
    for (const id of ['HEAD', 'FETCH_HEAD', 'ORIG_HEAD', 'MERGE_HEAD', 'CHERRY_PICK_HEAD', 'AUTO_MERGE']) {
      expect(isValidRequestId(id), id).toBe(false);
      expect(() => validateRequestId(id)).toThrow(/git reserves that name/);
    }
    for (const id of ['HEADLINE', 'head', 'AHEAD-1', 'Head']) expect(isValidRequestId(id), id).toBe(true);
  });

  it('is total on non-strings and records the id in data', () => {
    expect(isValidRequestId(42)).toBe(false);
    expect(isValidRequestId(undefined)).toBe(false);
    try {
      validateRequestId('a..b');
    } catch (error) {
      expect((error as UsageError).data).toEqual({ id: 'a..b' });
      expect((error as UsageError).exitCode).toBe(2);
    }
    expect.assertions(4);
  });
});
