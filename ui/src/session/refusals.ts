// How the window reads the backend's refusals of a password (issue 14).
import type { ApiError } from '../bindings/ApiError';

/**
 * The seconds to wait before the next try, when the refusal is the growing wait after five wrong
 * passwords (its code names a wait; the seconds are the number in its message, or a field's).
 * Null for any other refusal.
 */
export function waitSeconds(err: ApiError | null): number | null {
  if (!err || !/wait|delay|throttl|too_many|backoff/i.test(err.code)) return null;
  for (const text of [err.message, ...err.errors.map((e) => e.message)]) {
    // The last number: "5 wrong passwords, try again in 30 s" waits 30.
    const numbers = text.match(/\d+/g);
    if (numbers) return Math.max(1, Number(numbers[numbers.length - 1]));
  }
  return 30;
}

/** The messages of a refusal that belong under `field`, and the rest. */
export function split(err: ApiError | null, field: string): { under: string[]; rest: string[] } {
  if (!err) return { under: [], rest: [] };
  if (err.errors.length === 0) return { under: [], rest: [err.message] };
  const under = err.errors.filter((e) => e.field === field).map((e) => e.message);
  const rest = err.errors.filter((e) => e.field !== field).map((e) => e.message);
  return { under, rest };
}
