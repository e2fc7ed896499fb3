import { Initial1795365323108 } from './1795365323108-initial';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365323108];
