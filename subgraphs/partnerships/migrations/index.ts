import { Initial1795365088057 } from './1795365088057-initial';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365088057];
