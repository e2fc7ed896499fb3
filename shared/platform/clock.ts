/**
 * The one source of "now" for the services' business rules: due dates, fines, hold expiry,
 * registration and enrolment windows, surveys, agreements in force and "today" in a library's
 * zone all read it (record timestamps too, so that they agree with those rules). Tests set it
 * (setClock) to walk a loan past its due date without waiting, or to run the examples in docs/
 * on the demo data's own today; production never does. Caches and token lifetimes keep the real
 * time.
 */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

/** Fixes the clock at an instant (or follows a function); `null` goes back to the real time. */
export function setClock(at: Date | string | (() => Date) | null): void {
  if (at === null) source = () => new Date();
  else if (typeof at === 'function') source = at;
  else {
    const fixed = new Date(at);
    source = () => new Date(fixed);
  }
}
