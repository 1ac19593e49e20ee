import { describe, expect, it } from 'vitest';
import { findDependencyCycle } from './find-dependency-cycle.js';
import { formatDuration } from './format-duration.js';
import { identityMatches } from './identity-matches.js';
import { parseFreezeTime } from './parse-freeze-time.js';
import { makeRequest } from './rule-fixtures.spec.js';
import { zonedWeekTime } from './zoned-week-time.js';

describe('rule helpers', () => {
  it('formatDuration shows the two largest units', () => {
    expect(formatDuration(0)).toBe('0m');
    expect(formatDuration(-5)).toBe('0m');
    expect(formatDuration(59_999)).toBe('0m');
    expect(formatDuration(3 * 3_600_000 + 10 * 60_000)).toBe('3h 10m');
    expect(formatDuration(2 * 3_600_000)).toBe('2h');
    expect(formatDuration(26 * 3_600_000 + 5 * 60_000)).toBe('1d 2h');
    expect(formatDuration(48 * 3_600_000)).toBe('2d');
  });

  it('identityMatches compares emails when wanted has one, else names', () => {
    expect(identityMatches({ actor: 'Ann <ann@x.io>', wanted: 'ANN@x.io' })).toBe(true);
    expect(identityMatches({ actor: 'Ann <ann@x.io>', wanted: 'Ann <ann@y.io>' })).toBe(false);
    expect(identityMatches({ actor: 'Ann <ann@x.io>', wanted: 'ann' })).toBe(true);
    expect(identityMatches({ actor: 'Bob <ann@x.io>', wanted: 'ann' })).toBe(false);
    expect(identityMatches({ actor: 'ann@x.io', wanted: 'Ann <ann@x.io>' })).toBe(true);
    expect(identityMatches({ actor: 'Ann <ann@x.io>', wanted: '' })).toBe(false);
  });

  it('parseFreezeTime reads days and 24-hour times', () => {
    expect(parseFreezeTime('Fri 15:00')).toEqual({ day: 4, minutes: 900 });
    expect(parseFreezeTime('sunday 9:05')).toEqual({ day: 6, minutes: 545 });
    expect(parseFreezeTime('Mon 00:00')).toEqual({ day: 0, minutes: 0 });
    expect(parseFreezeTime('18:30')).toEqual({ minutes: 1110 });
    for (const bad of ['Fri', '24:00', 'Fri 9:60', 'Fr 10:00', 'Fridays 10:00', '10', '']) expect(parseFreezeTime(bad)).toBeUndefined();
  });

  it('zonedWeekTime reads the wall clock of a time zone', () => {
    expect(zonedWeekTime({ at: Date.UTC(2026, 0, 2, 14, 30), timeZone: 'Europe/Berlin' })).toEqual({ day: 4, minutes: 930, label: 'Fri 15:30' });
    expect(zonedWeekTime({ at: Date.UTC(2026, 0, 4, 23, 30), timeZone: 'UTC' })).toEqual({ day: 6, minutes: 1410, label: 'Sun 23:30' });
    expect(zonedWeekTime({ at: Date.UTC(2026, 0, 5, 0, 0), timeZone: 'Asia/Kolkata' })).toEqual({ day: 0, minutes: 330, label: 'Mon 05:30' });
  });

  it('findDependencyCycle finds a reachable cycle or none', () => {
    const requests = [makeRequest('A', { dependsOn: ['B'] }), makeRequest('B', { dependsOn: ['C', 'Z'] }), makeRequest('C', { dependsOn: ['B'] })];
    expect(findDependencyCycle({ requests, from: 'A' })).toEqual(['B', 'C', 'B']);
    expect(findDependencyCycle({ requests: [makeRequest('A', { dependsOn: ['B'] }), makeRequest('B')], from: 'A' })).toBeUndefined();
    expect(findDependencyCycle({ requests: [makeRequest('A', { dependsOn: ['A'] })], from: 'A' })).toEqual(['A', 'A']);
  });
});
