import { Initial1795365100888 } from './1795365100888-initial';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365100888];
