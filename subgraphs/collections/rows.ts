import DataLoader from 'dataloader';

/** A per-request loader of one grouped query: `rows` returns [key, value] pairs; missing keys get `empty`. */
export function groupedLoader<V>(rows: (keys: string[]) => Promise<[string, V][]>, empty: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const byKey = new Map<string, V>();
    for (const [k, v] of await rows([...new Set(keys)])) byKey.set(k, v);
    return keys.map((k) => byKey.get(k) ?? empty());
  });
}
