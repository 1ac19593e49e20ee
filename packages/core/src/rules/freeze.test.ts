import { describe, expect, it } from 'vitest';
import { freeze, freezeOptionsSchema } from './freeze.js';
import { makeContext, makeFacts, makeRequest } from './rule-fixtures.spec.js';

const a = makeRequest('A');
const at = (iso: string, options: Record<string, unknown>) => freeze(makeContext({ request: a, facts: makeFacts({ now: Date.parse(iso), requests: [a] }), options }));

describe('freeze', () => {
  const weekend = { timeZone: 'Europe/Berlin', windows: [{ from: 'Fri 15:00', to: 'Mon 09:00', reason: 'weekend' }] };

  it('denies inside a weekly window read in its time zone, start inclusive, end exclusive', () => {
    // January: Berlin is UTC+1.
    expect(at('2026-01-09T13:59:00Z', weekend).status).toBe('pass');
    expect(at('2026-01-09T14:00:00Z', weekend).status).toBe('fail');
    expect(at('2026-01-11T12:00:00Z', weekend).status).toBe('fail');
    expect(at('2026-01-12T07:59:00Z', weekend).status).toBe('fail');
    expect(at('2026-01-12T08:00:00Z', weekend).status).toBe('pass');
    expect(at('2026-01-10T09:30:00Z', weekend)).toEqual({
      status: 'fail',
      message: 'promotions to prod are frozen Fri 15:00–Mon 09:00 Europe/Berlin (weekend), and it is Sat 10:30 there; try again after Mon 09:00, or override with a reason.',
    });
  });

  it('follows daylight saving time', () => {
    const options = { timeZone: 'America/New_York', windows: [{ from: 'Friday 15:00', to: 'monday 09:00' }] };
    expect(at('2026-07-03T19:00:00Z', options).status).toBe('fail'); // 15:00 EDT
    expect(at('2026-01-09T19:00:00Z', options).status).toBe('pass'); // 14:00 EST
  });

  it('handles windows that wrap past the end of the week', () => {
    const options = { windows: [{ from: 'Sun 22:00', to: 'Mon 02:00' }] };
    expect(at('2026-01-11T23:00:00Z', options).status).toBe('fail');
    expect(at('2026-01-12T01:00:00Z', options).status).toBe('fail');
    expect(at('2026-01-12T03:00:00Z', options).status).toBe('pass');
    expect(at('2026-01-10T23:00:00Z', options).status).toBe('pass');
  });

  it('handles daily windows that wrap past midnight', () => {
    const options = { windows: [{ from: '18:00', to: '08:00' }] };
    expect(at('2026-01-07T12:00:00Z', options)).toEqual({ status: 'pass', message: 'no freeze window is open (it is Wed 12:00 UTC).' });
    expect(at('2026-01-07T19:00:00Z', options).status).toBe('fail');
    expect(at('2026-01-08T07:00:00Z', options).status).toBe('fail');
  });

  it('denies inside an absolute window', () => {
    const options = { windows: [{ start: '2026-12-24T00:00:00+01:00', end: '2026-12-27T00:00:00+01:00', reason: 'holidays' }] };
    expect(at('2026-12-23T22:59:00Z', options).status).toBe('pass');
    expect(at('2026-12-23T23:00:00Z', options)).toMatchObject({ status: 'fail', message: expect.stringContaining('(holidays)') });
    expect(at('2026-12-26T23:00:00Z', options).status).toBe('pass');
  });

  it('validates windows and the time zone', () => {
    const ok = (options: unknown) => freezeOptionsSchema.safeParse(options).success;
    expect(ok({ windows: [{ from: 'Fri 15:00', to: 'Mon 09:00' }] })).toBe(true);
    expect(ok({ windows: [] })).toBe(false);
    expect(ok({ windows: [{ from: 'Fri 25:00', to: 'Mon 09:00' }] })).toBe(false);
    expect(ok({ windows: [{ from: 'Fri 15:00', to: '09:00' }] })).toBe(false);
    expect(ok({ windows: [{ from: 'Fri 15:00', to: 'Fri 15:00' }] })).toBe(false);
    expect(ok({ windows: [{ from: 'Frx 15:00', to: 'Mon 09:00' }] })).toBe(false);
    expect(ok({ windows: [{ start: '2026-12-24T00:00:00', end: '2026-12-27T00:00:00Z' }] })).toBe(false);
    expect(ok({ windows: [{ start: '2026-12-27T00:00:00Z', end: '2026-12-24T00:00:00Z' }] })).toBe(false);
    expect(ok({ timeZone: 'Mars/Olympus', windows: [{ from: '18:00', to: '08:00' }] })).toBe(false);
  });
});
