import { describe, expect, it } from 'vitest';
import { ZonedCalendar, parseDay, parseWeekday, resolveZone, startOfWeekKey } from '../src/report/calendar.js';

describe('ZonedCalendar.day', () => {
  // The fast path answers per UTC day; this compares it with the zone database itself, minute by
  // minute, across days with offset changes, including odd ones.
  const cases: [string, string][] = [
    ['America/New_York', '2026-03-08'], // spring forward at 02:00 local
    ['America/New_York', '2026-11-01'], // fall back at 02:00 local
    ['Europe/Berlin', '2026-03-29'],
    ['Australia/Lord_Howe', '2026-04-05'], // a 30-minute change
    ['America/St_Johns', '2010-11-07'], // a change at 00:01 local, not on a quarter hour
    ['Pacific/Apia', '2011-12-29'], // the day Samoa skipped
    ['Asia/Kathmandu', '2026-06-01'], // +05:45
  ];
  it.each(cases)('%s around %s matches Intl minute by minute', (zone, day) => {
    const calendar = new ZonedCalendar(zone);
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
    const mismatches: string[] = [];
    for (let ms = start; ms < start + 3 * 86_400_000; ms += 60_000) {
      const got = calendar.day(ms + 30_000);
      const want = reference.format(ms + 30_000);
      if (got !== want) mismatches.push(`${new Date(ms).toISOString()} ${got} != ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('puts 23:30 UTC on the next day in Tokyo and the same day in Los Angeles', () => {
    const ms = Date.parse('2026-03-10T23:30:00Z');
    expect(new ZonedCalendar('Asia/Tokyo').day(ms)).toBe('2026-03-11');
    expect(new ZonedCalendar('America/Los_Angeles').day(ms)).toBe('2026-03-10');
    expect(new ZonedCalendar('UTC').day(ms)).toBe('2026-03-10');
  });
});

describe('week and date parsing', () => {
  it('finds the first day of the week for either start', () => {
    expect(startOfWeekKey('2026-05-06', 1)).toBe('2026-05-04'); // a Wednesday → Monday
    expect(startOfWeekKey('2026-05-06', 0)).toBe('2026-05-03'); // → Sunday
    expect(startOfWeekKey('2026-05-03', 1)).toBe('2026-04-27'); // a Sunday belongs to the week before
  });
  it('accepts both date forms and refuses impossible dates', () => {
    expect(parseDay('2026-05-01', '--since')).toBe('2026-05-01');
    expect(parseDay('20260501', '--since')).toBe('2026-05-01');
    expect(() => parseDay('2026-02-30', '--since')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDay('yesterday', '--until')).toThrow(/--until/);
  });
  it('reads weekdays and zones', () => {
    expect(parseWeekday('sunday')).toBe(0);
    expect(parseWeekday('Mon')).toBe(1);
    expect(() => parseWeekday('someday')).toThrow();
    expect(resolveZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(() => resolveZone('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
