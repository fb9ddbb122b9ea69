/** How long ago a number was read, in the locale's words: "5 hours ago", "vor 5 Stunden", "hier". */

const formats = new Map<string, Intl.RelativeTimeFormat>();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `asOf` (ISO 8601) relative to `nowMs`, in whole minutes under an hour, hours under two days, days
 * beyond; a time in the future (a clock ahead of the device's) reads as now. `undefined` when `asOf`
 * is not a time, so nothing wrong is shown.
 */
export function formatAge(asOf: string, nowMs: number, locale: string): string | undefined {
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) return undefined;
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    formats.set(locale, format);
  }
  const ago = Math.max(0, nowMs - at);
  if (ago < HOUR) return format.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < 2 * DAY) return format.format(-Math.floor(ago / HOUR), "hour");
  return format.format(-Math.floor(ago / DAY), "day");
}
