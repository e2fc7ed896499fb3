import { Initial1796566219729 } from './1796566219729-initial';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1796566219729];
