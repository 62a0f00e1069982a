/** Dates and times as officers read them: Europe/London, "2 March 2026", "14:05". */
const TZ = 'Europe/London';

const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatDate(iso: string): string {
  return dateFmt.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeFmt.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return `${formatDate(iso)} at ${formatTime(iso)}`;
}

/** London wall-clock parts of an instant. */
export function londonParts(date: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const p = Object.fromEntries(partsFmt.formatToParts(date).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute! };
}

/**
 * The UTC instant of a London wall-clock time. Returns undefined for a date that does not exist
 * (31 February). In the autumn hour that occurs twice, the first (BST) is taken.
 */
export function londonToUtc(year: number, month: number, day: number, hour: number, minute: number): Date | undefined {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(guess - offsetHours * 3600_000);
    const p = londonParts(candidate);
    if (p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute) return candidate;
  }
  // In the spring gap (01:00-02:00 does not exist): take the instant an hour later on the wall clock.
  return new Date(guess - 0 * 3600_000);
}
