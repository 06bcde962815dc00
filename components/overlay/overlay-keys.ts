/**
 * The overlay's keys: Alt+Shift+H on/off, Alt+Shift+N/P next/previous highlight, Alt+Shift+S
 * annotate the selection, Esc closes. Only the reader's own key presses count: the lifetime that
 * registers this handler drops events the page's script dispatched.
 */
import type { ToggleOrigin } from '../../lib/overlay/toggle-gate';
import type { HighlightPopover } from './highlight-popover';
import type { SelectionAnnotator } from './selection-annotator';

/** What the keys act on. */
export interface KeyTargets {
  isActive(): boolean;
  hasItems(): boolean;
  toggle(origin: ToggleOrigin): void;
  popovers: HighlightPopover;
  selection: SelectionAnnotator;
}

/** The keydown handler for the window (capture) and the overlay's shadow root. */
export function createKeyHandler(t: KeyTargets): (e: KeyboardEvent) => void {
  // Registered on the window and in the shadow root: a key in our UI (the navigator) reaches both,
  // and acting twice on Alt+Shift+H switched the overlay off and straight back on.
  const seen = new WeakSet<Event>();
  return (e) => {
    // Belt and braces: the lifetime already drops script-made events.
    if (!e.isTrusted || seen.has(e)) return;
    seen.add(e);
    // Alt+Shift types characters on some layouts: never take keys from a field the user types in.
    if (isEditable(e.composedPath()[0])) return;
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
      if (e.code === 'KeyH') {
        e.preventDefault();
        if (!e.repeat) t.toggle('key');
        return;
      }
      if (e.code === 'KeyS' && t.isActive()) {
        e.preventDefault();
        t.selection.open();
        return;
      }
      if ((e.code === 'KeyN' || e.code === 'KeyP') && t.isActive() && t.hasItems()) {
        e.preventDefault();
        e.stopPropagation();
        t.popovers.move(e.code === 'KeyN' ? 1 : -1);
        return;
      }
    }
    if (e.key === 'Escape' && t.popovers.isOpen()) {
      e.preventDefault();
      t.popovers.close(true);
    } else if (e.key === 'Escape' && t.selection.view()) {
      e.preventDefault();
      t.selection.close();
    }
  };
}

/** Whether an event target is a text field or editable content of the page. */
function isEditable(target: EventTarget | undefined): boolean {
  if (!target || !(target as Element).tagName) return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}
