// clock.ts — the server's wall clock with sub-millisecond precision.
//
// PORTABLE. Date.now() has whole milliseconds; TIME replies microseconds and Redis reads
// gettimeofday. performance.now() is precise but monotonic, so it drifts from the wall clock
// when the system time is adjusted. We anchor performance.now() to Date.now() and re-anchor
// whenever the two disagree by more than a millisecond: precise between adjustments, never
// more than ~1 ms off the wall clock.

const perf: { now(): number } | undefined = (globalThis as { performance?: { now(): number } }).performance;
let offset = perf ? Date.now() - perf.now() : 0;

/** Unix time in milliseconds, with a fractional part when the platform allows. */
export function preciseNow(): number {
  if (!perf) return Date.now();
  const t = offset + perf.now();
  const wall = Date.now();
  if (t < wall - 1 || t > wall + 1) {
    offset = wall - perf.now();
    return wall;
  }
  return t;
}

/** The same clock in microseconds, without the wall-clock check: the engine's per-command clock. */
export function preciseNowUs(): number {
  return perf ? (offset + perf.now()) * 1000 : Date.now() * 1000;
}
