import type { DataSource } from 'typeorm';
import type { Identity } from './auth';
import type { Config } from './config';

/**
 * A subgraph's per-request loaders (`ctx.loaders`, docs/architecture.md): each feature makes its
 * group of DataLoaders, and every request gets new ones, so nothing is cached from one request —
 * one identity — to the next. A request reads a few of a subgraph's dozens of loaders, so a group
 * is built the first time the request reads one of its loaders, not with the request: building
 * them all was about 2 % of a contract query's CPU.
 *
 * `loaderGroups(a, b, …)` gives the subgraph's `createLoaders`: its result reads like
 * `{ ...a(…), ...b(…) }`, with each group made at most once per result. The names each group
 * holds are learnt by building every group once, on the first call; two groups may not hold the
 * same name.
 */

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** One feature's loaders for one request (most need only the database). */
type Group = (db: DataSource, identity: Identity, config: Config) => object;
type Args = Parameters<Group>;
/** What the groups' results hold together. */
type Merged<G extends readonly Group[]> = Intersection<{ [K in keyof G]: ReturnType<G[K]> }[number]>;

const ARGS = Symbol('loader group arguments');
const BUILT = Symbol('loader groups built');

export function loaderGroups<G extends readonly Group[]>(...groups: G): (...args: Args) => Merged<G> {
  let Loaders: (new (args: Args) => object) | undefined;
  return (...args: Args) => {
    Loaders ??= loadersClass(groups, args);
    return new Loaders(args) as Merged<G>;
  };
}

/** A class whose getters build a group on first read, one property per loader name. */
function loadersClass(groups: readonly Group[], args: Args): new (args: Args) => object {
  class Loaders {
    readonly [ARGS]: Args;
    readonly [BUILT]: (Record<string, unknown> | undefined)[] = [];
    constructor(args: Args) {
      this[ARGS] = args;
    }
  }
  groups.forEach((group, i) => {
    for (const name of Object.keys(group(...args))) {
      if (Object.prototype.hasOwnProperty.call(Loaders.prototype, name)) throw new Error(`two loader groups hold a loader named ${name}`);
      Object.defineProperty(Loaders.prototype, name, {
        enumerable: true,
        get(this: Loaders) {
          const built = (this[BUILT][i] ??= group(...this[ARGS]) as Record<string, unknown>);
          return built[name];
        },
      });
    }
  });
  return Loaders;
}
