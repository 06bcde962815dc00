/**
 * View models of the overlay UI: plain props the container computes and the Preact components
 * render. Components never message or touch the page themselves.
 */
import type { PassageComparison } from '../../lib/diff/compare';
import type { DiffPart } from '../../lib/diff/word-diff';
import type { SourceSummary } from '../../lib/messages';
import type { HighlightItem } from '../../lib/overlay/model';
import type { PassageInContext } from '../../lib/overlay/model';
import type { PopoverAnchor } from './popover-placement';

/** An actor's quotes in one source, under that source's title. */
export interface ActorQuotes {
  sourceTitle: string;
  quotes: string[];
}

/** Everything the popover shows for one highlight; `loading` until the background answered. */
export interface PopoverModel {
  item: HighlightItem;
  /** The passage the popover explains: it is placed next to it (./popover-placement.ts). */
  anchor: PopoverAnchor;
  /** Opened by click or keyboard: stays until closed; hover popovers close when the pointer leaves. */
  pinned: boolean;
  loading: boolean;
  error: string | null;
  source: SourceSummary | null;
  context: PassageInContext | null;
  diff: DiffPart[];
  /** What the passages share and where they part, when the word diff would not read well. */
  comparison: PassageComparison | null;
  actor: { role: string | null; quotes: ActorQuotes[]; sourceCount: number } | null;
  /** Result of the last Save click, for the user. */
  saved: 'idle' | 'saving' | 'saved' | 'unavailable' | 'failed';
}

/** The keyboard user's current highlight, shown by the navigator. */
export interface CurrentItem {
  index: number;
  total: number;
  item: HighlightItem;
}

/** The "Annotate" button for the user's own selection and, once opened, its note and tags form. */
export interface SelectionSaveModel {
  /** New for each selection offered, so a new form starts empty. */
  id: number;
  /** Viewport pixels (position: fixed), next to the end of the selection. */
  top: number;
  left: number;
  /** The selected article text, shown in the form. */
  quote: string;
  /** False: only the small button shows; true: the form is open. */
  open: boolean;
  status: 'idle' | 'saving' | 'saved' | 'failed';
  error: string | null;
}
