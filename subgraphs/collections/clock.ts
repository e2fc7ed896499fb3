/**
 * The one source of "now" for collections: due dates, fines, hold expiry and "today" in a
 * library's zone all read it. Tests set it (setClock) to walk a loan past its due date without
 * waiting; production never does.
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
