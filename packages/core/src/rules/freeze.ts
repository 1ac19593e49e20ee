import { z } from 'zod';
import type { RuleContext, RuleResult } from './rule.js';
import { isValidTimeZone } from './is-valid-time-zone.js';
import { parseFreezeTime } from './parse-freeze-time.js';
import { parseRuleOptions } from './parse-rule-options.js';
import { zonedWeekTime } from './zoned-week-time.js';

const MINUTES_PER_DAY = 24 * 60;

const boundary = z.string({ error: 'expected a time like "Fri 15:00" or "18:00"' }).refine((text) => parseFreezeTime(text) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a freeze time: use a 24-hour time with an optional day, like "Fri 15:00" or "18:00" (days Mon–Sun)`,
});

const reason = z.string().optional().meta({ description: 'Shown in the denial message, e.g. "weekend".' });

const recurringWindow = z
  .strictObject({
    from: boundary.meta({ description: 'Start, inclusive: "Fri 15:00" (weekly) or "18:00" (daily), in `timeZone`.' }),
    to: boundary.meta({ description: 'End, exclusive: "Mon 09:00" or "08:00"; may wrap past the end of the week or day.' }),
    reason,
  })
  .superRefine((window, context) => {
    const from = parseFreezeTime(window.from);
    const to = parseFreezeTime(window.to);
    if (!from || !to) return;
    if ((from.day === undefined) !== (to.day === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `"${window.from}" and "${window.to}" must both name a day (weekly window) or both not (daily window)`,
      });
    } else if (from.day === to.day && from.minutes === to.minutes) {
      context.addIssue({ code: 'custom', path: ['to'], message: `the window starts and ends at "${window.from}"; give it a different end` });
    }
  })
  .meta({ description: 'A window that repeats every week (with days) or every day (times only).' });

const isoTime = (what: string) =>
  z.iso
    .datetime({
      offset: true,
      error: (issue) =>
        `expected an ISO 8601 date-time with a time zone, like "2026-12-24T00:00:00Z" or "2026-12-24T00:00:00+01:00", got ${JSON.stringify(issue.input) ?? 'nothing'}`,
    })
    .meta({ description: what });

const absoluteWindow = z
  .strictObject({
    start: isoTime('Start, inclusive, ISO 8601 with a time zone.'),
    end: isoTime('End, exclusive, ISO 8601 with a time zone.'),
    reason,
  })
  .superRefine((window, context) => {
    if (Date.parse(window.end) <= Date.parse(window.start)) {
      context.addIssue({ code: 'custom', path: ['end'], message: `end ${window.end} is not after start ${window.start}` });
    }
  })
  .meta({ description: 'A one-off window between two instants.' });

/**
 * Options of the `freeze` rule.
 *
 * @example
 * ```ts
 * freezeOptionsSchema.parse({ timeZone: 'Europe/Berlin', windows: [{ from: 'Fri 15:00', to: 'Mon 09:00', reason: 'weekend' }] });
 * ```
 */
export const freezeOptionsSchema = z
  .strictObject({
    windows: z
      .array(
        z.union([recurringWindow, absoluteWindow], {
          error: (issue) =>
            issue.code === 'invalid_union' ? 'expected a window { from: "Fri 15:00", to: "Mon 09:00" } or { start: "<ISO date-time>", end: "<ISO date-time>" }' : undefined,
        }),
      )
      .min(1, { error: 'list at least one window' })
      .meta({ description: 'Windows in which promotions are denied.' }),
    timeZone: z
      .string()
      .refine(isValidTimeZone, {
        error: (issue) => `${JSON.stringify(issue.input)} is not a known time zone: use an IANA name like "Europe/Berlin" or "UTC"`,
      })
      .default('UTC')
      .meta({ description: 'IANA time zone of the recurring windows.' }),
  })
  .meta({ description: 'Denies promotions inside configured windows.' });

/**
 * Parsed options of the `freeze` rule.
 *
 * @example
 * ```ts
 * const options: FreezeOptions = freezeOptionsSchema.parse(raw);
 * ```
 */
export type FreezeOptions = z.output<typeof freezeOptionsSchema>;

const within = (time: number, from: number, to: number): boolean => (from < to ? time >= from && time < to : time >= from || time < to);

/**
 * Rule `freeze`: denies promotions while a freeze window is open. Recurring windows
 * (`{ from: 'Fri 15:00', to: 'Mon 09:00' }`, or daily `{ from: '18:00', to: '08:00' }`) are read
 * in `timeZone` (default `UTC`) and may wrap past the end of the week or day; absolute windows
 * are `{ start, end }` ISO date-times. Start inclusive, end exclusive.
 *
 * @example
 * ```ts
 * freeze({ ...context, options: { timeZone: 'Europe/Berlin', windows: [{ from: 'Fri 15:00', to: 'Mon 09:00' }] } });
 * // { status: 'fail', message: 'promotions to prod are frozen Fri 15:00–Mon 09:00 Europe/Berlin, and it is Sat 10:30 there; …' }
 * ```
 */
export function freeze(context: RuleContext): RuleResult {
  const options = parseRuleOptions({ rule: 'freeze', schema: freezeOptionsSchema, options: context.options });
  const { now } = context.facts;
  const local = zonedWeekTime({ at: now, timeZone: options.timeZone });
  const target = context.target.name;
  for (const window of options.windows) {
    const why = window.reason ? ` (${window.reason})` : '';
    if ('start' in window) {
      if (now >= Date.parse(window.start) && now < Date.parse(window.end)) {
        return {
          status: 'fail',
          message: `promotions to ${target} are frozen from ${window.start} to ${window.end}${why}; try again after ${window.end}, or override with a reason.`,
        };
      }
      continue;
    }
    const from = parseFreezeTime(window.from);
    const to = parseFreezeTime(window.to);
    if (!from || !to) continue;
    const open =
      from.day !== undefined && to.day !== undefined
        ? within(local.day * MINUTES_PER_DAY + local.minutes, from.day * MINUTES_PER_DAY + from.minutes, to.day * MINUTES_PER_DAY + to.minutes)
        : within(local.minutes, from.minutes, to.minutes);
    if (open) {
      return {
        status: 'fail',
        message: `promotions to ${target} are frozen ${window.from}–${window.to} ${options.timeZone}${why}, and it is ${local.label} there; try again after ${window.to}, or override with a reason.`,
      };
    }
  }
  return { status: 'pass', message: `no freeze window is open (it is ${local.label} ${options.timeZone}).` };
}
