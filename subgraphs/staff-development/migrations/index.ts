import { Initial1795364819443 } from './1795364819443-initial';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795364819443];
