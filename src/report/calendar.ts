import { tzOffset } from '@date-fns/tz/tzOffset';
import { UserError } from '../core/errors.js';

export function systemZone(): string {
  // What Intl would answer, without loading its zone data (~6 MB of memory and ~15 ms).
  if (process.env.TZ === 'UTC') return 'UTC';
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // ICU names a zone it cannot tell Etc/Unknown (TZ set but empty, which POSIX reads as UTC, and Date
  // too), and then refuses that name itself.
  return zone && zone !== 'Etc/Unknown' ? zone : 'UTC';
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

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** How one UTC day maps to local dates: one local midnight at most, at `boundary`. */
interface UtcDay {
  before: string;
  after: string;
  boundary: number;
}

/**
 * Calendar keys of instants in one time zone. Asking the zone database per event is what makes
 * naive grouping slow, so the zone is asked twice per UTC day: when the offset is the same at both
 * ends, the day holds no offset change and its one local midnight is plain arithmetic. Days with a
 * change (DST) fall back to a lookup per minute: since 1970 every change has fallen on a whole minute
 * (not always a quarter hour: St. John's changed at 00:01 until 2011).
 */
export class ZonedCalendar {
  private readonly utcDays = new Map<number, UtcDay | null>();
  private readonly minutes = new Map<number, string>();

  constructor(
    readonly zone: string,
    /** The zone's offset from UTC at an instant, in minutes. */
    private readonly offsetMinutes: (date: Date) => number = zone === 'UTC' ? () => 0 : (date) => tzOffset(zone, date), // UTC: no lookup
  ) {}

  /**
   * The system's zone, asked through Date, which knows it without setting up Intl (~12 ms): for callers
   * that need its days but not its name (`zone` is then just "system").
   */
  static system(): ZonedCalendar {
    return new ZonedCalendar('system', (date) => -date.getTimezoneOffset());
  }

  /** YYYY-MM-DD of the instant in this zone. */
  day(ms: number): string {
    const index = Math.floor(ms / DAY_MS);
    let known = this.utcDays.get(index);
    if (known === undefined) {
      known = this.describeUtcDay(index);
      this.utcDays.set(index, known);
    }
    if (known) return ms < known.boundary ? known.before : known.after;
    const minute = Math.floor(ms / MINUTE_MS);
    let key = this.minutes.get(minute);
    if (key === undefined) {
      key = localDate(minute * MINUTE_MS, this.offsetMs(minute * MINUTE_MS));
      this.minutes.set(minute, key);
    }
    return key;
  }

  private offsetMs(ms: number): number {
    return this.offsetMinutes(new Date(ms)) * MINUTE_MS;
  }

  private describeUtcDay(index: number): UtcDay | null {
    const start = index * DAY_MS;
    const offset = this.offsetMs(start);
    if (offset !== this.offsetMs(start + DAY_MS - 1)) return null;
    const localStart = start + offset;
    const nextLocalMidnight = (Math.floor(localStart / DAY_MS) + 1) * DAY_MS;
    return {
      before: localDate(start, offset),
      after: localDate(nextLocalMidnight - offset, offset),
      boundary: nextLocalMidnight - offset,
    };
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

function localDate(ms: number, offsetMs: number): string {
  return new Date(ms + offsetMs).toISOString().slice(0, 10);
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
