import { WEEKDAYS } from './parse-freeze-time.js';

/** Options of {@link zonedWeekTime}. */
export interface ZonedWeekTimeOptions {
  /** Epoch milliseconds. */
  at: number;
  /** IANA time zone. */
  timeZone: string;
}

/**
 * A moment as a wall clock in some time zone sees it.
 *
 * @example
 * ```ts
 * const saturday: ZonedWeekTime = { day: 5, minutes: 630, label: 'Sat 10:30' };
 * ```
 */
export interface ZonedWeekTime {
  /** Monday = 0 … Sunday = 6. */
  day: number;
  /** Minutes after local midnight. */
  minutes: number;
  /** `Sat 10:30`. */
  label: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The weekday and time of day of an instant in a time zone, via `Intl.DateTimeFormat`
 * (daylight saving time included).
 *
 * @example
 * ```ts
 * zonedWeekTime({ at: Date.UTC(2026, 0, 2, 14, 30), timeZone: 'Europe/Berlin' }); // { day: 4, minutes: 930, label: 'Fri 15:30' }
 * ```
 */
export function zonedWeekTime(options: ZonedWeekTimeOptions): ZonedWeekTime {
  let formatter = formatters.get(options.timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: options.timeZone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(options.timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(options.at));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((entry) => entry.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(part('weekday').toLowerCase() as (typeof WEEKDAYS)[number]);
  const hours = Number(part('hour')) % 24;
  const minutes = Number(part('minute'));
  const label = `${SHORT_DAYS[day] ?? '?'} ${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  return { day, minutes: hours * 60 + minutes, label };
}
