// The highlight popover as a reader meets it: what it shows, its buttons and keys, and its
// loading and error states. Rendered with Preact into a linkedom document.
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Placement needs layout, which linkedom has not: it is checked in the browser (tests/e2e/ui-*.test.ts).
vi.mock('../../components/overlay/popover-placement', () => ({ followAnchor: () => () => {} }));
import { Popover } from '../../components/overlay/Popover';
import type { PopoverModel } from '../../components/overlay/types';
import { wordDiff } from '../../lib/diff/word-diff';
import { passageInContext } from '../../lib/overlay/model';
import type { Match } from '../../lib/types';
import { button, fire, installDom, mount, textOf } from '../helpers/preact-dom';
import { DAM_RECORD } from '../helpers/dam-source';

const sourceText =
  'Engineers inspected the dam on Monday. "We will open the spillway gates on the first of May," Varga said. The council met later.';
const quote = 'We will open the spillway gates on the first of May';
const match: Match = {
  kind: 'variant',
  pageStart: 10,
  pageEnd: 60,
  pageText: 'We will open the gates on the first of June',
  sourceId: 'wire',
  sourceStart: sourceText.indexOf(quote),
  sourceEnd: sourceText.indexOf(quote) + quote.length,
  sourceText: quote,
  score: 0.82,
  speaker: { page: 'Lena Varga', source: 'Lena Varga' },
  divergences: [],
};

const model = (over: Partial<PopoverModel> = {}): PopoverModel => ({
  item: { id: 'm1', kind: 'variant', start: 10, end: 60, match },
  // A passage near the top left of the viewport; where the popover goes is checked in the browser.
  anchor: {
    getBoundingClientRect: () => ({
      left: 10,
      top: 10,
      right: 200,
      bottom: 30,
      width: 190,
      height: 20,
      x: 10,
      y: 10,
      toJSON: () => ({}),
    }),
    getClientRects: () => [],
  },
  comparison: null,
  pinned: true,
  loading: false,
  error: null,
  source: { ...DAM_RECORD, textLength: sourceText.length, addedAt: 1 },
  context: passageInContext(sourceText, match.sourceStart, match.sourceEnd),
  diff: wordDiff(match.pageText, match.sourceText),
  actor: null,
  saved: 'idle',
  ...over,
});

const handlers = () => ({
  onClose: vi.fn(),
  onSave: vi.fn(),
  onDismiss: vi.fn(),
  onPointerEnter: vi.fn(),
  onPointerLeave: vi.fn(),
});

beforeEach(() => {
  installDom();
});

describe('the highlight popover', () => {
  it('shows the source passage in context, its source, and what changed', async () => {
    const root = await mount(<Popover model={model()} {...handlers()} />);
    const dialog = root.querySelector('[role="dialog"]')!;
    expect(dialog).not.toBeNull();
    const text = textOf(dialog);
    expect(text).toContain('Dam to open in May');
    expect(text).toContain('Wire');
    expect(textOf(dialog.querySelector('mark')!)).toBe(quote);
    expect(text).toContain('Engineers inspected the dam on Monday.');
    // The diff strikes the source's words and marks the page's.
    const removed = [...dialog.querySelectorAll('del, s')].map((n) => textOf(n)).join(' ');
    const added = [...dialog.querySelectorAll('ins, u')].map((n) => textOf(n)).join(' ');
    expect(removed).toMatch(/spillway/);
    expect(added).toMatch(/June/);
  });

  it('saves, dismisses and closes through its buttons, and Escape closes it', async () => {
    const h = handlers();
    const root = await mount(<Popover model={model()} {...h} />);
    await fire(button(root, 'Save'), 'click');
    expect(h.onSave).toHaveBeenCalledTimes(1);
    await fire(button(root, 'Not a match'), 'click');
    expect(h.onDismiss).toHaveBeenCalledTimes(1);
    await fire(button(root, 'Close'), 'click');
    expect(h.onClose).toHaveBeenCalledTimes(1);
    const esc = await fire(root.querySelector('[role="dialog"]')!, 'keydown', { key: 'Escape' });
    expect(h.onClose).toHaveBeenCalledTimes(2);
    expect(esc.defaultPrevented).toBe(true);
    // Other keys leave it open.
    await fire(root.querySelector('[role="dialog"]')!, 'keydown', { key: 'a' });
    expect(h.onClose).toHaveBeenCalledTimes(2);
  });

  it('says it is loading, then shows an error the background gave, and a failed save', async () => {
    const loading = await mount(
      <Popover model={model({ loading: true, context: null })} {...handlers()} />,
    );
    expect(textOf(loading)).toContain('Loading the source');
    const failed = await mount(
      <Popover
        model={model({
          context: null,
          error: 'This source is no longer in your library.',
          saved: 'failed',
        })}
        {...handlers()}
      />,
    );
    expect(textOf(failed)).toContain('This source is no longer in your library.');
    expect(textOf(failed)).toContain('Could not save.');
    expect(textOf(failed)).not.toContain('Loading the source');
  });

  it('cannot be saved twice: Save turns into a disabled "Saved"', async () => {
    const h = handlers();
    const root = await mount(<Popover model={model({ saved: 'saved' })} {...h} />);
    const saved = button(root, 'Saved');
    expect(saved.disabled).toBe(true);
  });
});
