import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler over node's own request and response, in the order `chain` runs them. */
export type PlainHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Runs `handlers` one after the other, each calling `next` to go on (express's contract, without express). */
export function chain(...handlers: PlainHandler[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const step = (i: number): void => {
      if (i < handlers.length) handlers[i](req, res, () => step(i + 1));
    };
    step(0);
  };
}

/** The path of a request, without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
