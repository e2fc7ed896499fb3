import { Initial1795365323108 } from './1795365323108-initial';
import { Circulation1795366970301 } from './1795366970301-circulation';
import { CatalogueSearch1795367000000 } from './1795367000000-catalogue-search';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365323108, Circulation1795366970301, CatalogueSearch1795367000000];
