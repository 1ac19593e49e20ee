/**
 * Day names, Monday first (index = day of the week, Monday = 0).
 *
 * @example
 * ```ts
 * WEEKDAYS[4]; // 'friday'
 * ```
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * A point in a week (`Fri 15:00`) or, without a day, in every day (`18:00`).
 *
 * @example
 * ```ts
 * const friday3pm: FreezeTime = { day: 4, minutes: 900 };
 * ```
 */
export interface FreezeTime {
  /** Monday = 0 … Sunday = 6; absent for a daily time. */
  day?: number;
  /** Minutes after midnight, 0–1439. */
  minutes: number;
}

const PATTERN = /^(?:([A-Za-z]+)\s+)?(\d{1,2}):(\d{2})$/;

/**
 * Parse a freeze-window boundary: an optional day (`Mon`…`Sun` or the full English name, any
 * case) and a 24-hour time `H:MM` or `HH:MM`. Returns `undefined` when the text is not one.
 *
 * @example
 * ```ts
 * parseFreezeTime('Fri 15:00'); // { day: 4, minutes: 900 }
 * parseFreezeTime('18:30'); // { minutes: 1110 }
 * ```
 */
export function parseFreezeTime(text: string): FreezeTime | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 23 || minutes > 59) return undefined;
  const time = hours * 60 + minutes;
  const dayText = match[1]?.toLowerCase();
  if (dayText === undefined) return { minutes: time };
  const day = WEEKDAYS.findIndex((name) => name === dayText || (dayText.length === 3 && name.startsWith(dayText)));
  return day === -1 ? undefined : { day, minutes: time };
}
