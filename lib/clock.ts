/**
 * A clock that starts at `start` and runs at real speed. Sweeps take "now" as a parameter so tests
 * can inject time; over a long run, this keeps that injected time moving.
 */
export function clockFrom(start: Date) {
  const began = performance.now();
  return () => new Date(start.getTime() + (performance.now() - began));
}
