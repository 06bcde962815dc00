/**
 * Renders Preact components into a linkedom document for component tests: a real DOM tree with
 * real event dispatch (what a user's click or key press runs), without a browser. Hooks and
 * effects are flushed with Preact's `act`.
 */
import { parseHTML } from 'linkedom';
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';

/** Installs a fresh document as the global `document`/`window` (Preact creates nodes through it). */
export function installDom(): Document {
  const { window, document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  Object.assign(globalThis, { window, document });
  return document as unknown as Document;
}

/** Renders `view` into a new container of the current document and flushes effects. */
export async function mount(view: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(view, root));
  return root;
}

/** Waits for pending promises (an action's answer) and the renders they cause. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise<void>((ok) => setTimeout(ok, 0)));
}

/** Dispatches a user event of `type` on `el` (bubbling), with extra fields such as `key`. */
export async function fire(
  el: Element,
  type: string,
  fields: Record<string, unknown> = {},
): Promise<Event> {
  const Event = (globalThis as unknown as { window: { Event: typeof globalThis.Event } }).window
    .Event;
  const event = new Event(type, { bubbles: true, cancelable: true });
  for (const [k, v] of Object.entries(fields)) Object.defineProperty(event, k, { value: v });
  await act(() => {
    el.dispatchEvent(event);
  });
  return event;
}

/** The button whose text (or aria-label) is `name`; throws a clear message when there is none. */
export function button(root: Element, name: string | RegExp): HTMLButtonElement {
  const all = [...root.querySelectorAll('button')] as HTMLButtonElement[];
  const found = all.find((b) => {
    const label = b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found)
    throw new Error(
      `no button "${name}" among: ${all.map((b) => b.getAttribute('aria-label') ?? b.textContent).join(', ')}`,
    );
  return found;
}

/** The visible text of `root`, whitespace collapsed. */
export function textOf(root: Element): string {
  return (root.textContent ?? '').replace(/\s+/g, ' ').trim();
}
