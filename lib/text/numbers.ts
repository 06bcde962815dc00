/**
 * Numbers and dates in a claim, and where page and source disagree on them (a death toll of 935
 * where the source says 1,060; June 22 where it says June 21).
 */
import type { Divergence } from '../types';

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';

/** A number or date as written, with the value used to compare it. */
export interface Figure {
  text: string;
  kind: 'date' | 'year' | 'number';
  value: string;
}

const DATE_MD = new RegExp(`\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'giu');
const DATE_DM = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\b`, 'giu');
const NUMBER = /(?<![\p{L}\p{N}.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\p{L}\p{N}.,])\d+(?:\.\d+)?/gu;

function monthKey(m: string): string {
  return m.toLowerCase().slice(0, 3);
}

/** The numbers and dates written in `text`. Days inside a date are not counted again as numbers. */
export function findFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  const taken: [number, number][] = [];
  for (const re of [DATE_MD, DATE_DM]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const [month, day] = re === DATE_MD ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
      if (taken.some(([s, e]) => m!.index < e && m!.index + m![0].length > s)) continue;
      figures.push({ text: m[0], kind: 'date', value: `${monthKey(month)}-${Number(day)}` });
      taken.push([m.index, m.index + m[0].length]);
    }
  }
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER.exec(text)) !== null) {
    if (taken.some(([s, e]) => m!.index >= s && m!.index < e)) continue;
    const value = m[0].replace(/,/g, '');
    const n = Number(value);
    const kind = /^\d{4}$/.test(value) && n >= 1800 && n <= 2100 ? 'year' : 'number';
    figures.push({ text: m[0], kind, value: String(n) });
  }
  return figures;
}

/**
 * Figures of the page passage that differ from the source passage: for each kind, the page's values
 * missing from the source are paired, in order, with the source's values missing from the page.
 * A kind present on one side only is not a divergence (the page may add a year the source leaves out).
 */
export function divergences(pageText: string, sourceText: string): Divergence[] {
  const page = findFigures(pageText);
  const source = findFigures(sourceText);
  const out: Divergence[] = [];
  for (const kind of ['date', 'number', 'year'] as const) {
    const p = page.filter((f) => f.kind === kind);
    const s = source.filter((f) => f.kind === kind);
    const pOnly = p.filter((f) => !s.some((g) => g.value === f.value));
    const sOnly = s.filter((f) => !p.some((g) => g.value === f.value));
    const n = Math.min(pOnly.length, sOnly.length);
    for (let i = 0; i < n; i++) {
      out.push({ page: pOnly[i]!.text, source: sOnly[i]!.text, what: kind === 'number' ? 'number differs' : kind === 'date' ? 'date differs' : 'year differs' });
    }
  }
  return out;
}
