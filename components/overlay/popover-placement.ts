/**
 * Where a popover goes: next to the passage it explains, never over it, and whole inside the
 * viewport. @floating-ui/dom places it below the passage, flips it above (or beside it on a wide
 * screen) when there is more room there, shifts it sideways to stay inside the viewport, and caps its
 * height at the room left, so its body scrolls and its buttons stay in view. It follows the passage
 * as the page scrolls or resizes until the returned function stops it.
 */
import {
  autoUpdate,
  computePosition,
  flip,
  offset,
  shift,
  size,
  type Placement,
  type VirtualElement,
} from '@floating-ui/dom';

/** The passage a popover explains: a live Range of the page works as it is. */
export interface PopoverAnchor {
  getBoundingClientRect(): DOMRect;
  getClientRects(): DOMRectList | DOMRect[];
  /** The element holding the passage: its scrolling ancestors move the popover too. */
  contextElement?: Element | null;
}

/** Gap between passage and popover, and the popover's distance to the viewport's edges. */
const GAP = 8;
const EDGE = 8;
/** Where to try first and what next; the highlight popover's defaults suit a line of text. */
export interface PlacementOptions {
  placement?: Placement;
  fallbacks?: Placement[];
  /** Highest it grows; shorter when the viewport has less room on the chosen side. */
  maxHeight?: number;
}

/**
 * Places `floating` next to `anchor` (position: fixed) and keeps it there; returns the function that
 * stops following. The element is hidden until its first position is known, so it never flashes
 * at the corner. `data-placement` tells where it went (for tests and styles).
 */
export function followAnchor(
  anchor: PopoverAnchor,
  floating: HTMLElement,
  {
    placement = 'bottom-start',
    fallbacks = ['top-start', 'right-start', 'left-start'],
    maxHeight = 520,
  }: PlacementOptions = {},
): () => void {
  const reference: VirtualElement = {
    getBoundingClientRect: () => anchor.getBoundingClientRect(),
    getClientRects: () => anchor.getClientRects() as DOMRect[],
    contextElement: anchor.contextElement ?? undefined,
  };
  floating.style.visibility = 'hidden';
  let stopped = false;
  const update = () => {
    void computePosition(reference, floating, {
      strategy: 'fixed',
      placement,
      middleware: [
        offset(GAP),
        // Above, then beside: whichever side leaves the most room, never on the passage itself.
        flip({
          padding: EDGE,
          // Too wide for its side is shift's to mend; only a lack of room above or below flips it.
          crossAxis: false,
          fallbackPlacements: fallbacks,
          fallbackStrategy: 'bestFit',
        }),
        // Sideways only (the main axis): sliding along the passage's side never covers it.
        shift({ padding: EDGE }),
        size({
          padding: EDGE,
          apply({ availableHeight, availableWidth, elements }) {
            const s = elements.floating.style;
            s.maxHeight = `${Math.max(0, Math.min(maxHeight, Math.floor(availableHeight)))}px`;
            s.maxWidth = `${Math.max(0, Math.floor(availableWidth))}px`;
          },
        }),
      ],
    }).then(({ x, y, placement: where }) => {
      if (stopped) return;
      Object.assign(floating.style, {
        left: `${Math.round(x)}px`,
        top: `${Math.round(y)}px`,
        visibility: 'visible',
      });
      floating.dataset.placement = where;
    });
  };
  const stop = autoUpdate(reference, floating, update);
  return () => {
    stopped = true;
    stop();
  };
}
