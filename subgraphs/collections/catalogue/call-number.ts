/**
 * The shelf mark Indonesian public libraries print on the spine: Dewey class, three letters of
 * the main entry (the last element of the first author's name, or the title for anonymous
 * works) in capitals, and the first letter of the title in lower case — '899.221 3 TOE b'.
 */
export function deriveCallNumber(ddc: string, authors: string[], title: string): string {
  const letters = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '');
  const mainEntry = authors.length ? authors[0].trim().split(/\s+/).pop()! : title;
  const mark = letters(mainEntry).slice(0, 3).toUpperCase() || 'XXX';
  const titleLetter = letters(title).slice(0, 1).toLowerCase() || 'x';
  return `${ddc} ${mark} ${titleLetter}`;
}
