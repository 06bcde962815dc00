/**
 * Numbers and dates in a claim, and where page and source disagree on them (a death toll of 935
 * where the source says 1,060; June 22 where it says June 21).
 *
 * Figures are read the ways news prints them: "June 21", "21 June", "Saturday, June 22, 2025",
 * "late June" (a fuzzy date: a range of days), "1,060" / "1060" / "1.060", and a bound written
 * before a count ("at least 1,060", "more than 1,000", "over 900").
 */
import type { Divergence } from '../types';

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';

/** A number or date as written, with the value used to compare it and where it stands. */
export interface Figure {
  text: string;
  kind: 'date' | 'year' | 'number';
  /** `jun-21` for a date (`jun-21..30` for a fuzzy one), the plain number for the others. */
  value: string;
  start: number;
  end: number;
  /** Dates: month key (`jun`) and the days it may stand for (one day, or a range for "late June"). */
  month?: string;
  days?: [number, number];
  /** Numbers: the value, and how the text bounds it ("at least", "more than" → min; "up to" → max). */
  n?: number;
  bound?: 'min' | 'max' | 'about' | null;
}

const DATE_MD = new RegExp(
  `\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?:,\\d{3}|\\.\\d))`,
  'giu',
);
const DATE_DM = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\b`, 'giu');
/** "late June", "mid-June", "early June", "the end of June": a part of a month. */
const FUZZY_DATE = new RegExp(
  `\\b(early|mid|late|end\\s+of|beginning\\s+of|start\\s+of)[-\\s]+(${MONTHS})\\b`,
  'giu',
);
/** "in March", "since June": a whole month (capitalised, so the verb "may" stays a verb). */
const MONTH_ONLY =
  /\b(?:in|since|until|during|through|by)\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s*\d)/gu;
// Thousands with commas (1,060), with stops (1.060: three digits after each stop), or plain digits.
const NUMBER =
  /(?<![\p{L}\p{N}.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d+(?:\.\d+)?)/gu;
const MIN_BOUND =
  /(?:at\s+least|more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceeding|no\s+fewer\s+than|no\s+less\s+than)\s+$/iu;
const MAX_BOUND =
  /(?:up\s+to|at\s+most|fewer\s+than|less\s+than|under|below|no\s+more\s+than)\s+$/iu;
const ABOUT =
  /(?:about|around|roughly|approximately|nearly|almost|some|close\s+to|an\s+estimated)\s+$/iu;

/** A digit or the start of a month name (a superset of what the figure patterns need). */
const MAY_HOLD_FIGURE = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;
/**
 * MAY_HOLD_FIGURE without the Unicode flag, which makes the test several times slower (it runs on
 * every unit and match). Case-insensitive matching reads the two the same but for ſ (an "s") and the
 * Kelvin sign (a word character), so a text without them is tested this way.
 */
const MAY_HOLD_FIGURE_PLAIN = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
/** The characters that MAY_HOLD_FIGURE reads otherwise with the Unicode flag. */
const UNICODE_FOLDED = /[\u017f\u212a]/;
/** The start of a month name, as the date patterns read it (same flags). */
const MAY_HOLD_DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;
const MONTH_WORDS = new Set(MONTHS.split('|'));

/** Whether a normalised word names a month: the word a date brings into a stem index. */
export function isMonthWord(norm: string): boolean {
  return MONTH_WORDS.has(norm);
}

function monthKey(m: string): string {
  return m.toLowerCase().slice(0, 3);
}

function fuzzyDays(part: string): [number, number] {
  const p = part.toLowerCase();
  if (p === 'early' || p.startsWith('beginning') || p.startsWith('start')) return [1, 10];
  if (p === 'mid') return [11, 20];
  return [21, 31];
}

/** Figures of recently read passages: matching reads the same source sentences for many page units. */
const figureCache = new Map<string, Figure[]>();

/** The numbers and dates written in `text`. Days inside a date are not counted again as numbers. */
export function findFigures(text: string): Figure[] {
  // Every figure holds a digit or a month name: most sentences hold neither, and the date patterns are costly.
  if (!(UNICODE_FOLDED.test(text) ? MAY_HOLD_FIGURE : MAY_HOLD_FIGURE_PLAIN).test(text)) return [];
  let found = figureCache.get(text);
  if (!found) {
    if (figureCache.size > 2_000) figureCache.clear();
    figureCache.set(text, (found = readFigures(text)));
  }
  return found.slice();
}

function readFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  // Day-and-month dates and numbers need a digit; without one only a fuzzy or month-only date can be there.
  const digit = /\d/.test(text);
  // Every date pattern holds a month name starting a word: without one they all find nothing.
  const dates = !MAY_HOLD_DATE.test(text)
    ? []
    : digit
      ? [FUZZY_DATE, DATE_MD, DATE_DM, MONTH_ONLY]
      : [FUZZY_DATE, MONTH_ONLY];
  for (const re of dates) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      if (re === MONTH_ONLY) {
        const month = monthKey(m[1]!);
        figures.push({
          text: m[1]!,
          kind: 'date',
          value: `${month}-1..31`,
          start: end - m[1]!.length,
          end,
          month,
          days: [1, 31],
        });
      } else if (re === FUZZY_DATE) {
        const month = monthKey(m[2]!);
        const days = fuzzyDays(m[1]!);
        figures.push({
          text: m[0],
          kind: 'date',
          value: `${month}-${days[0]}..${days[1]}`,
          start,
          end,
          month,
          days,
        });
      } else {
        const [month, dayText] = re === DATE_MD ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
        const day = Number(dayText);
        if (day < 1 || day > 31) continue;
        figures.push({
          text: m[0],
          kind: 'date',
          value: `${monthKey(month)}-${day}`,
          start,
          end,
          month: monthKey(month),
          days: [day, day],
        });
      }
      taken.push([start, end]);
    }
  }
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (digit && (m = NUMBER.exec(text)) !== null) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const digits = /^\d{1,3}(?:\.\d{3})+$/.test(m[0])
      ? m[0].replace(/\./g, '')
      : m[0].replace(/,/g, '');
    const n = Number(digits);
    const kind = /^\d{4}$/.test(digits) && n >= 1800 && n <= 2100 ? 'year' : 'number';
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    const bound =
      kind === 'year'
        ? null
        : MIN_BOUND.test(before)
          ? 'min'
          : MAX_BOUND.test(before)
            ? 'max'
            : ABOUT.test(before)
              ? 'about'
              : null;
    figures.push({
      text: m[0],
      kind,
      value: String(n),
      start: m.index,
      end: m.index + m[0].length,
      n,
      bound,
    });
  }
  return figures.sort((a, b) => a.start - b.start);
}

/** The place value of a number's last non-zero digit: 1,000 is written to the thousand, 1,060 to the ten. */
function roundingUnit(n: number): number {
  if (!Number.isInteger(n) || n === 0) return 1;
  let unit = 1;
  while (n % (unit * 10) === 0) unit *= 10;
  return unit;
}

/**
 * Whether two figures of one kind can state the same fact: equal values, a fuzzy date that holds the
 * other's day, or a bounded round count that the other's value satisfies within its rounding
 * ("more than 1,000" for 1,060, but not "over 900" for 1,060).
 */
export function figuresAgree(a: Figure, b: Figure): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'date') {
    if (a.month !== b.month) return false;
    const [x0, x1] = a.days!;
    const [y0, y1] = b.days!;
    return x0 <= y1 && y0 <= x1;
  }
  if (a.value === b.value) return true;
  if (a.kind === 'year') return false;
  return within(a, b.n!) || within(b, a.n!);
}

function within(bounded: Figure, v: number): boolean {
  const n = bounded.n!;
  const unit = roundingUnit(n);
  if (unit < 10) return false;
  if (bounded.bound === 'min') return v >= n && v < n + unit;
  if (bounded.bound === 'max') return v <= n && v > n - unit;
  if (bounded.bound === 'about') return Math.abs(v - n) < unit / 2;
  return false;
}

/**
 * How far apart two figures of one kind are, for pairing the ones that differ: days for dates, the
 * ratio's logarithm for numbers. Infinity when they cannot be two readings of one fact (another
 * month; counts an order of magnitude apart, which are different quantities, not a disputed one).
 */
export function figureDistance(a: Figure, b: Figure): number {
  if (a.kind !== b.kind) return Infinity;
  if (a.kind === 'date') {
    if (a.month !== b.month) return Infinity;
    return Math.max(0, Math.max(a.days![0], b.days![0]) - Math.min(a.days![1], b.days![1]));
  }
  if (a.kind === 'year') return Math.abs(a.n! - b.n!);
  if (a.n! <= 0 || b.n! <= 0) return Infinity;
  const r = Math.abs(Math.log10(a.n! / b.n!));
  return r <= 1 ? r : Infinity;
}

/**
 * Figures of the page passage that differ from the source passage: per kind, the page's figures that
 * agree with no source figure are paired with the closest source figure that agrees with no page
 * figure. A kind present on one side only is not a divergence (the page may add a year the source
 * leaves out), nor are figures too far apart to be the same fact told differently.
 */
export function divergences(
  pageText: string,
  sourceText: string,
  sourcePublished: string | null = null,
): Divergence[] {
  const page = findFigures(pageText);
  const source = findFigures(sourceText);
  const out: Divergence[] = weekdayDivergences(pageText, page, sourceText, source, sourcePublished);
  for (const kind of ['date', 'number', 'year'] as const) {
    const p = page.filter((f) => f.kind === kind);
    const s = source.filter((f) => f.kind === kind);
    const pOnly = p.filter((f) => !s.some((g) => figuresAgree(f, g)));
    const sOnly = s.filter((f) => !p.some((g) => figuresAgree(f, g)));
    const pairs: { pf: Figure; sf: Figure; d: number }[] = [];
    for (const pf of pOnly)
      for (const sf of sOnly) {
        const d = figureDistance(pf, sf);
        if (d < Infinity) pairs.push({ pf, sf, d });
      }
    pairs.sort((x, y) => x.d - y.d || x.pf.start - y.pf.start);
    const usedP = new Set<Figure>();
    const usedS = new Set<Figure>();
    const found: { pf: Figure; sf: Figure }[] = [];
    for (const { pf, sf } of pairs) {
      if (usedP.has(pf) || usedS.has(sf)) continue;
      usedP.add(pf);
      usedS.add(sf);
      found.push({ pf, sf });
    }
    found.sort((x, y) => x.pf.start - y.pf.start);
    for (const { pf, sf } of found) {
      out.push({
        page: pf.text,
        source: sf.text,
        what:
          kind === 'number' ? 'number differs' : kind === 'date' ? 'date differs' : 'year differs',
      });
    }
  }
  return out;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAY = /\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b/gu;
const MONTH_INDEX: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Whether a text says when: a date, or a day of the week. */
export function namesTime(text: string): boolean {
  return HAS_WEEKDAY.test(text) || findFigures(text).some((f) => f.kind === 'date');
}

/** Whether a normalised word names a day of the week. */
export function isWeekdayWord(norm: string): boolean {
  return WEEKDAY_WORDS.has(norm);
}

// Not global: a global pattern's test() leaves a lastIndex that matchAll() would start from.
const HAS_WEEKDAY = new RegExp(WEEKDAY.source, 'u');
const WEEKDAY_WORDS = new Set(WEEKDAYS.map((d) => d.toLowerCase()));

/** The weekdays a text names, once each. */
function weekdaysIn(text: string): string[] {
  return [...new Set([...text.matchAll(WEEKDAY)].map((m) => m[1]!))];
}

/**
 * A day named by its weekday on one side and by its date on the other ("on Wednesday" in a source
 * published on Wednesday, June 18; "June 17" on the page). The source's publication date places both
 * in time: a source's weekday is the latest such day up to its publication, and a date takes the
 * year of the publication (the year before when that would put it after the publication). Only a
 * single weekday against a single exact date is compared: anything more is not one day.
 */
function weekdayDivergences(
  pageText: string,
  page: Figure[],
  sourceText: string,
  source: Figure[],
  published: string | null,
): Divergence[] {
  const at = published && /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!at) return [];
  const pub = Date.UTC(Number(at[1]), Number(at[2]) - 1, Number(at[3]));
  const exact = (fs: Figure[]) =>
    fs.filter((f) => f.kind === 'date' && f.month && f.days && f.days[0] === f.days[1]);
  const pageDates = exact(page);
  const sourceDates = exact(source);
  // Only a single exact date on one side, none on the other, makes a weekday worth reading.
  const oneSide =
    (pageDates.length === 1 && sourceDates.length === 0) ||
    (sourceDates.length === 1 && pageDates.length === 0);
  if (!oneSide) return [];
  const pageDays = weekdaysIn(pageText);
  const sourceDays = weekdaysIn(sourceText);
  const DAY = 86_400_000;
  const label = (t: number) =>
    `${MONTH_NAMES[new Date(t).getUTCMonth()]} ${new Date(t).getUTCDate()}`;
  // The source's weekday against the page's date.
  if (
    sourceDays.length === 1 &&
    sourceDates.length === 0 &&
    pageDates.length === 1 &&
    pageDays.length === 0
  ) {
    const wanted = WEEKDAYS.indexOf(sourceDays[0]!);
    let day = pub;
    while (new Date(day).getUTCDay() !== wanted) day -= DAY;
    const d = pageDates[0]!;
    const same =
      new Date(day).getUTCMonth() === MONTH_INDEX[d.month!] &&
      new Date(day).getUTCDate() === d.days![0];
    return same
      ? []
      : [{ page: d.text, source: `${sourceDays[0]} (${label(day)})`, what: 'date differs' }];
  }
  // The page's weekday against the source's date.
  if (
    pageDays.length === 1 &&
    pageDates.length === 0 &&
    sourceDates.length === 1 &&
    sourceDays.length === 0
  ) {
    const d = sourceDates[0]!;
    const year = new Date(pub).getUTCFullYear();
    let day = Date.UTC(year, MONTH_INDEX[d.month!]!, d.days![0]);
    if (day > pub + 7 * DAY) day = Date.UTC(year - 1, MONTH_INDEX[d.month!]!, d.days![0]);
    const weekday = WEEKDAYS[new Date(day).getUTCDay()]!;
    return weekday === pageDays[0]
      ? []
      : [{ page: pageDays[0]!, source: `${d.text} (a ${weekday})`, what: 'date differs' }];
  }
  return [];
}
