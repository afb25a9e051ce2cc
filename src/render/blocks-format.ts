import { TZDate } from '@date-fns/tz/date';
import { format } from 'date-fns/format';

const MINUTE_MS = 60 * 1000;

/** `2h 05m`, `45m`, `<1m`; days when long (`3d 4h`). Negative durations read as 0. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  if (minutes < 1) return '<1m';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(mins).padStart(2, '0')}m`;
  return `${mins}m`;
}

/** A local time in the zone, with date-fns tokens. */
export function formatLocal(ms: number, zone: string, pattern: string): string {
  return format(new TZDate(ms, zone), pattern);
}

/** `2026-05-02 10:00–15:00`, or `2026-05-02 22:00–05-03 03:00` across midnight. */
export function formatWindow(startMs: number, endMs: number, zone: string): string {
  const start = formatLocal(startMs, zone, 'yyyy-MM-dd HH:mm');
  const sameDay = formatLocal(startMs, zone, 'yyyy-MM-dd') === formatLocal(endMs, zone, 'yyyy-MM-dd');
  return `${start}–${formatLocal(endMs, zone, sameDay ? 'HH:mm' : 'MM-dd HH:mm')}`;
}

/** 1234567 → `1.23M`, 45200 → `45.2k`, 950 → `950`: for narrow places (bars, one-line output). */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)}B`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e3) return `${trim(n / 1e3)}k`;
  return String(Math.round(n));
}

function trim(n: number): string {
  const s = Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** 45.234 → `45.2%`; 1234.5 → `1235%`. */
export function formatPercent(p: number): string {
  return `${p >= 100 ? Math.round(p) : p.toFixed(1)}%`;
}
