/**
 * The overlay's UI inside its shadow root: a navigator for keyboard users (which highlight is
 * current, Enter opens it), a polite live region, the popover, and the annotator of the user's
 * own selection.
 */
import { useEffect, useRef } from 'preact/hooks';
import { kindWords } from '../../lib/overlay/model';
import { Popover } from './Popover';
import { SelectionSave } from './SelectionSave';
import type { CurrentItem, PopoverModel, SelectionSaveModel } from './types';

/** Props of the overlay UI; the container owns all state. */
export interface OverlayAppProps {
  current: CurrentItem | null;
  /** Bumped each time the keyboard user moves, so the navigator takes focus again. */
  focusTick: number;
  popover: PopoverModel | null;
  announcement: string;
  onOpenCurrent: () => void;
  onClose: () => void;
  onSave: () => void;
  onDismiss: () => void;
  onPopoverPointer: (inside: boolean) => void;
  selectionSave: SelectionSaveModel | null;
  onOpenSelectionSave: () => void;
  onSaveSelection: (note: string, tags: string) => void;
  onCancelSelectionSave: () => void;
}

/** Short label of a highlight for the navigator and screen readers. */
function label(current: CurrentItem): string {
  const { item, index, total } = current;
  const words =
    item.kind === 'actor' ? `${item.actor.name}, named in your sources` : kindWords(item.kind);
  const text = item.kind === 'actor' ? item.mention.text : item.match.pageText;
  const clipped = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  return `Highlight ${index + 1} of ${total}: ${words}. “${clipped}”. Press Enter for details.`;
}

/** The overlay UI. */
export function OverlayApp(props: OverlayAppProps) {
  const nav = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.current && props.focusTick > 0) nav.current?.focus();
  }, [props.focusTick]);
  return (
    <>
      <div class="live" role="status" aria-live="polite">
        {props.announcement}
      </div>
      {props.current && (
        <button ref={nav} type="button" class="navigator" onClick={props.onOpenCurrent}>
          {label(props.current)}
        </button>
      )}
      {props.popover && (
        <Popover
          model={props.popover}
          onClose={props.onClose}
          onSave={props.onSave}
          onDismiss={props.onDismiss}
          onPointerEnter={() => props.onPopoverPointer(true)}
          onPointerLeave={() => props.onPopoverPointer(false)}
        />
      )}
      {props.selectionSave && (
        <SelectionSave
          key={props.selectionSave.id}
          model={props.selectionSave}
          onOpen={props.onOpenSelectionSave}
          onSave={props.onSaveSelection}
          onCancel={props.onCancelSelectionSave}
        />
      )}
    </>
  );
}
