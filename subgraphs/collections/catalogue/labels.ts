import { registerEnumType } from 'type-graphql';
import type { CollectionsDocument } from '../document.types';
import type { BibliographicRecord } from './bibliographic-record.entity';
import type { Item } from './item.entity';

/**
 * Label sheets for copies, as one HTML page to print on A4 sheets of 24 labels (3 × 8, 70 × 37 mm,
 * the common "L7159" sheet): per copy a spine label (the call number, one part a line) and/or a
 * barcode label (library, call number, title, the barcode drawn as Code 128 by bwip-js as SVG — no canvas, no
 * fonts to install — with the digits under it). Print at 100 % (no "fit to page").
 */

export enum LabelKind {
  SPINE = 'SPINE',
  BARCODE = 'BARCODE',
  BOTH = 'BOTH',
}
registerEnumType(LabelKind, {
  name: 'LabelKind',
  description: 'Which labels to print per copy',
  valuesConfig: {
    SPINE: { description: 'The spine label only: the call number, one part a line' },
    BARCODE: { description: 'The barcode label only: library, call number, title, Code 128 barcode' },
    BOTH: { description: 'A spine label and a barcode label per copy' },
  },
});

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The call number as printed on a spine, one part a line: the class number (with its Dewey
 * segments, '899.221 3' or '2X4.1'), then the author mark and the title letter —
 * '899.221 3 PRA s' → ['899.221 3', 'PRA', 's']. A call number without a class: one word a line.
 */
export function spineLines(callNumber: string): string[] {
  const words = callNumber.trim().split(/\s+/).filter(Boolean);
  let k = 0;
  while (k < words.length && /^[0-9X.]+$/.test(words[k]) && /\d/.test(words[k])) k++;
  return k ? [words.slice(0, k).join(' '), ...words.slice(k)] : words;
}

/** Code 128 of the barcode, as an SVG element sized to the label. */
export function barcodeSvg(barcode: string): string {
  // Loaded on first use: only printing labels needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bwipjs = require('bwip-js') as typeof import('bwip-js');
  return bwipjs.toSVG({ bcid: 'code128', text: barcode, height: 9, includetext: true, textxalign: 'center', textsize: 9 });
}

const STYLE = `
@page { size: A4; margin: 15mm 0 0 0; }
* { box-sizing: border-box; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; }
.sheet { display: grid; grid-template-columns: repeat(3, 70mm); grid-auto-rows: 37mm; }
.label { width: 70mm; height: 37mm; padding: 3mm 4mm; overflow: hidden; page-break-inside: avoid; break-inside: avoid; }
.spine { display: flex; flex-direction: column; justify-content: center; align-items: center; font-size: 14pt; font-weight: bold; line-height: 1.25; }
.barcode { display: flex; flex-direction: column; justify-content: space-between; font-size: 7.5pt; }
.barcode .title { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.barcode svg { width: 100%; height: 20mm; }
`;

function spineLabel(item: Item, record: BibliographicRecord): string {
  const lines = spineLines(record.callNumber ?? record.ddc ?? '');
  return `<div class="label spine" data-barcode="${escape(item.barcode)}">${lines.map((l) => `<div>${escape(l)}</div>`).join('')}</div>`;
}

function barcodeLabel(item: Item, record: BibliographicRecord): string {
  return (
    `<div class="label barcode" data-barcode="${escape(item.barcode)}">` +
    `<div>${escape(item.libraryId)} · ${escape(record.callNumber ?? '')}</div><div class="title">${escape(record.title)}</div>${barcodeSvg(item.barcode)}</div>`
  );
}

/** The label sheet for these copies (in the order given), each with its record. */
export function labelSheet(copies: { item: Item; record: BibliographicRecord }[], kind: LabelKind, day: string): CollectionsDocument {
  const labels = copies.flatMap(({ item, record }) => [
    ...(kind !== LabelKind.BARCODE ? [spineLabel(item, record)] : []),
    ...(kind !== LabelKind.SPINE ? [barcodeLabel(item, record)] : []),
  ]);
  const libraries = [...new Set(copies.map((c) => c.item.libraryId))].join('-');
  const body =
    `<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Labels ${escape(libraries)} ${day}</title><style>${STYLE}</style></head>` +
    `<body><div class="sheet">\n${labels.join('\n')}\n</div></body></html>\n`;
  return { contentType: 'text/html; charset=utf-8', filename: `labels-${libraries}-${kind.toLowerCase()}-${day}.html`, body, rows: labels.length };
}
