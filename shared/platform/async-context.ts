/**
 * AsyncLocalStorage (OpenTelemetry's active context, each request's notes) costs far less on
 * Node 24 and later, where it rides on V8's continuation data ("AsyncContextFrame"), than on
 * Node 22, where it runs a promise hook on every promise. Node 22 has the same implementation
 * behind `--experimental-async-context-frame` (a flag Node 24+ no longer accepts): with it, one
 * contract query costs about 12 % less CPU there (docs/performance.md).
 *
 * `node dist/main.js` on Node 22 or 23 therefore replaces itself, before it loads anything else,
 * with the same command and that flag (`process.execve`: same pid, same stdio, same environment,
 * so supervisors and signals see one process). Not when the flag, or `--no-experimental-async-
 * context-frame`, is already given, in the command or in NODE_OPTIONS.
 */
export const ASYNC_CONTEXT_FRAME_FLAG = '--experimental-async-context-frame';

/** The command to run instead of this process's, or null when this one is already right. */
export function asyncContextFrameCommand(proc: Pick<NodeJS.Process, 'execPath' | 'execArgv' | 'argv' | 'env' | 'versions'> = process): string[] | null {
  const major = Number(proc.versions.node.split('.')[0]);
  if (major >= 24) return null;
  const given = [...proc.execArgv, ...(proc.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((arg) => arg.endsWith('async-context-frame'))) return null;
  return [proc.execPath, ASYNC_CONTEXT_FRAME_FLAG, ...proc.execArgv, ...proc.argv.slice(1)];
}

/** Replaces this process with the same command on the cheaper AsyncLocalStorage, where Node needs the flag. */
export function runOnAsyncContextFrame(): void {
  const command = asyncContextFrameCommand();
  if (!command || typeof process.execve !== 'function') return;
  process.execve(command[0], command, process.env);
}
