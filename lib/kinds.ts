/**
 * The one definition of how each kind of finding looks and is named: page highlights, the popover,
 * the popup, the dashboard, the CLI legend and the README table all read it, so a colour or a name
 * changes in one place. Colours are from the Okabe–Ito palette (told apart with the common
 * colour-vision deficiencies), and each kind also has its own underline and symbol, so no reading
 * depends on colour alone.
 */
import type { MatchKind } from './types';

/** Everything the overlay can highlight. */
export type HighlightKind = MatchKind | 'actor';

/** Kinds in the order the popup, legends and summaries list them. */
export const HIGHLIGHT_KINDS: readonly HighlightKind[] = [
  'verbatim',
  'variant',
  'paraphrase',
  'reuse',
  'actor',
];

/** How one kind is named and drawn. */
export interface KindLook {
  /** Short name for headings, legends and counts ("Reworded quote"). */
  name: string;
  /** What it means, in plain words, for a line under the name or a tooltip. */
  meaning: string;
  /** One character that stands for it in the dashboard matrix, the CLI and the README. */
  symbol: string;
  /** The kind's colour, solid (swatches and matrix cells). */
  colour: string;
  /** Text colour on `colour` (at least 4.5:1). */
  ink: string;
  /** Translucent background laid over page text (the page's own text colour stays). */
  tint: string | null;
  /** Underline style and colour under page text (`text-decoration-style`). */
  line: 'solid' | 'dashed' | 'dotted' | 'wavy' | 'double';
  lineColour: string;
  /** The colour's name for the README. */
  colourName: string;
}

/** The look of every kind. */
export const KIND_LOOK: Record<HighlightKind, KindLook> = {
  verbatim: {
    name: 'Verbatim quote',
    meaning: 'a quote given word for word as in the source',
    symbol: '✓',
    colour: '#F0E442',
    ink: '#1f1a00',
    tint: 'rgba(240, 228, 66, 0.45)',
    line: 'solid',
    lineColour: '#b59a00',
    colourName: 'yellow',
  },
  variant: {
    name: 'Reworded quote',
    meaning: 'a quote reworded, re-translated, trimmed or split',
    symbol: '~',
    colour: '#56B4E9',
    ink: '#0b2540',
    tint: 'rgba(86, 180, 233, 0.35)',
    line: 'dashed',
    lineColour: '#0072B2',
    colourName: 'sky blue',
  },
  paraphrase: {
    name: 'Paraphrase',
    meaning: 'quoted here but only reported in the source, or a claim told in other words',
    symbol: '≈',
    colour: '#CC79A7',
    ink: '#2b0f20',
    tint: 'rgba(204, 121, 167, 0.35)',
    line: 'dotted',
    lineColour: '#a4487c',
    colourName: 'pink',
  },
  reuse: {
    name: 'Copied sentence',
    meaning: 'a narrative sentence copied from the source, not presented as a quote',
    symbol: '≡',
    colour: '#009E73',
    ink: '#00231a',
    tint: 'rgba(0, 158, 115, 0.28)',
    line: 'wavy',
    lineColour: '#009E73',
    colourName: 'green',
  },
  actor: {
    name: 'Actor',
    meaning: 'a person or organisation your sources name',
    symbol: '◆',
    colour: '#D55E00',
    ink: '#1f0b00',
    tint: null,
    line: 'double',
    lineColour: '#D55E00',
    colourName: 'orange',
  },
};

/** A source passage no page of an outlet renders (dashboard and CLI only). */
export const ABSENT_LOOK = { name: 'Absent', symbol: '·', colour: '#EEEEEE', ink: '#4d4d4d' };

/** The mark on a dashboard cell where a number, the speaker or the quote's length differs. */
export const DIFFERS_LOOK = { name: 'Something differs', symbol: '!', colour: '#000000' };

/** The name of `kind`, for headings and counts. */
export function kindName(kind: HighlightKind): string {
  return KIND_LOOK[kind].name;
}

/**
 * CSS rules giving each kind's look to elements with class `kind-<kind>`: solid swatches
 * (`.swatch.kind-x`), and marks that carry the page highlight's tint and underline (`mark.kind-x`).
 * With `solid`, marks get the solid colour and its ink instead: on a dark background a translucent
 * tint leaves light text too faint. Shared by the overlay's shadow root and the extension pages.
 */
export function kindCss(solid = false): string {
  return HIGHLIGHT_KINDS.map((k) => {
    const l = KIND_LOOK[k];
    const swatch = `.swatch.kind-${k} { background: ${l.colour}; color: ${l.ink}; }`;
    const mark = solid
      ? `mark.kind-${k} { background: ${l.tint ? l.colour : 'transparent'}; color: ${l.tint ? l.ink : 'inherit'}; }`
      : `mark.kind-${k} { background: ${l.tint ?? 'transparent'}; color: inherit; text-decoration: underline ${l.line} ${l.lineColour} 2px; text-decoration-skip-ink: none; text-underline-offset: 3px; }`;
    return solid ? mark : `${swatch}\n${mark}`;
  }).join('\n');
}

/** The README's table of highlight names, meanings and looks, as Markdown rows. */
export function kindsReadmeTable(highlightName: (k: HighlightKind) => string): string {
  const rows = HIGHLIGHT_KINDS.map((k) => {
    const l = KIND_LOOK[k];
    const look = `${l.colourName}${l.tint ? '' : ' (no tint)'}, ${l.line} underline`;
    return [`\`${highlightName(k)}\``, `${l.symbol} ${l.name}: ${l.meaning}`, look];
  });
  const head = ['Highlight name', 'Meaning', 'Look'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
