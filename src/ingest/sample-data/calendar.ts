/**
 * Dates of the sample world. Day 1's batch is the history up to the end of DAY_ONE (UTC);
 * day N's batch holds what happened on DAY_ONE + (N - 1) days.
 */

export const SECONDS_PER_DAY = 86_400;
/** 2024-01-01T00:00:00Z as epoch seconds. */
export const DAY_ONE_START = Date.UTC(2024, 0, 1) / 1000;
/** Initial users signed up between this date and day 1. */
export const FIRST_SIGNUP = Date.UTC(2015, 0, 1) / 1000;

/** Epoch seconds at which batch `day` starts (day 1 starts at the beginning of history). */
export function dayStart(day: number): number {
  return DAY_ONE_START + (day - 1) * SECONDS_PER_DAY;
}

/** Epoch seconds at which batch `day` ends (exclusive). */
export function dayEnd(day: number): number {
  return dayStart(day) + SECONDS_PER_DAY;
}

export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) / 1000;
}

const PAD2: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dateCache = new Map<number, string>();

/** `YYYY-MM-DD` of an epoch-seconds instant (UTC). */
export function formatDate(epochSeconds: number): string {
  const dayNumber = Math.floor(epochSeconds / SECONDS_PER_DAY);
  let text = dateCache.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
    dateCache.set(dayNumber, text);
  }
  return text;
}

/** `YYYY-MM-DD HH:MM:SS` of an epoch-seconds instant (UTC). */
export function formatDateTime(epochSeconds: number): string {
  const whole = Math.floor(epochSeconds);
  const secondOfDay = whole - Math.floor(whole / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor((secondOfDay % 3600) / 60);
  const seconds = secondOfDay % 60;
  return `${formatDate(whole)} ${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}`;
}
