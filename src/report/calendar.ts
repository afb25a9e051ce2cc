import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { UserError } from '../core/errors.js';

export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An IANA zone name, checked; the system zone when none is given. */
export function resolveZone(zone: string | undefined): string {
  if (zone === undefined) return systemZone();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new UserError(`unknown time zone "${zone}" (expected an IANA name such as Europe/Berlin or UTC)`);
  }
}

// Every zone offset and every offset change falls on a quarter hour, so all instants of one UTC
// quarter hour share a local date: memoizing per quarter hour is exact and spares Intl calls.
const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** Calendar keys of instants in one time zone. */
export class ZonedCalendar {
  private readonly dayCache = new Map<number, string>();

  constructor(readonly zone: string) {}

  /** YYYY-MM-DD of the instant in this zone. */
  day(ms: number): string {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let key = this.dayCache.get(bucket);
    if (key === undefined) {
      key = format(new TZDate(ms, this.zone), 'yyyy-MM-dd');
      this.dayCache.set(bucket, key);
    }
    return key;
  }

  /** YYYY-MM of the instant in this zone. */
  month(ms: number): string {
    return this.day(ms).slice(0, 7);
  }

  /** YYYY-MM-DD of the first day of the instant's week; weekStartsOn 0 = Sunday … 6 = Saturday. */
  week(ms: number, weekStartsOn: number): string {
    return startOfWeekKey(this.day(ms), weekStartsOn);
  }
}

/** Pure calendar arithmetic on a local date: no zone is involved once the day is known. */
export function startOfWeekKey(day: string, weekStartsOn: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const back = (date.getUTCDay() - weekStartsOn + 7) % 7;
  date.setUTCDate(date.getUTCDate() - back);
  return date.toISOString().slice(0, 10);
}

/** A --since/--until value: YYYY-MM-DD or YYYYMMDD, a real calendar date; returned as YYYY-MM-DD. */
export function parseDay(value: string, flag: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  if (m) {
    const [, y, mo, d] = m as unknown as [string, string, string, string];
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    const iso = `${y}-${mo}-${d}`;
    if (date.toISOString().slice(0, 10) === iso) return iso;
  }
  throw new UserError(`${flag} expects a date as YYYY-MM-DD or YYYYMMDD, got "${value}"`);
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A --start-of-week value: a weekday name (or its first three letters) or 0–6 with 0 = Sunday. */
export function parseWeekday(value: string): number {
  const v = value.trim().toLowerCase();
  if (/^[0-6]$/.test(v)) return Number(v);
  const i = WEEKDAYS.findIndex((d) => v.length >= 3 && d.startsWith(v));
  if (i >= 0) return i;
  throw new UserError(`--start-of-week expects a weekday such as monday or sunday (or 0-6), got "${value}"`);
}
