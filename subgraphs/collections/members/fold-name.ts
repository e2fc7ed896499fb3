/**
 * A name as the desk's search compares it: Unicode-decomposed with the combining marks dropped,
 * lower case, single spaces ("Ndún  SITORUS" → "ndun sitorus"). Stored beside the name (indexed),
 * so a prefix search is an index range on both backends, whatever their collations.
 */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 150);
}
