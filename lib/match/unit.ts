/** What the matcher passes between its steps: a page unit and a candidate aligned with it. */
import type { PreparedSource } from '../library';
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import type { Alignment } from './align';

export interface Unit {
  start: number;
  end: number;
  quote: boolean;
  /** Who speaks a quote, worked out on first use (reading the page's attributions is costly). */
  speaker: () => string | null;
  /** Quotes inside a sentence unit: matched on their own, never part of the sentence's match. */
  exclude?: TextRange[];
}

export interface Scored {
  prepared: PreparedSource;
  tokens: MatchToken[];
  a: Alignment;
  from: number;
  to: number;
  quoteSpeaker: string | null;
  inQuote: boolean;
  /** The source quote that holds most of the matched words, when `inQuote`. */
  quote: TextRange | null;
  sentenceSpeaker: string | null;
}

/** What the candidates of one page unit gave so far: a bound on what the rest could give. */
export interface UnitBound {
  /** The most evidence any candidate gave. */
  evidence: number;
  /** The unit states a figure or date (an event claim needs less evidence). */
  figures: boolean;
  candidates: number;
  allSeeds: boolean;
}
