import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Connection variants: a JSON object of column → value (status, kind …) or column → list of values
 * (the libraries the caller is confined to, from access.ts), built by the resolvers from enums and
 * the caller's own claims. An empty list matches nothing.
 */
export const listFilter = (filters: Record<string, string | number | readonly string[] | undefined | null>): string =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(filters)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(),
    ),
  );

/** The connection loaders' `scope`: applies a `listFilter` variant to the query. */
export function filterScope<T extends ObjectLiteral>(alias: string) {
  return (qb: SelectQueryBuilder<T>, variant: string) => {
    if (!variant) return;
    for (const [column, value] of Object.entries(JSON.parse(variant) as Record<string, unknown>)) {
      if (!/^[A-Za-z]+$/.test(column)) throw new Error(`Bad filter column ${column}`);
      if (Array.isArray(value)) {
        if (value.length) qb.andWhere(`${alias}.${column} IN (:...f_${column})`, { [`f_${column}`]: value });
        else qb.andWhere('1 = 0');
      } else {
        qb.andWhere(`${alias}.${column} = :f_${column}`, { [`f_${column}`]: value });
      }
    }
  };
}
