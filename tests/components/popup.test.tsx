// The toolbar popup as a reader meets it: counts and sources of the page, the site switch, saving
// the page as a source, and what it says when there is no page to talk to or something failed.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp, type PopupAppProps } from '../../components/popup/PopupApp';
import type { OverlayStatus } from '../../lib/overlay/tab-messages';
import { button, fire, installDom, mount, textOf } from '../helpers/preact-dom';

const status = (over: Partial<OverlayStatus> = {}): OverlayStatus => ({
  host: 'news.example',
  url: 'https://news.example/story',
  state: 'ready',
  siteEnabled: true,
  counts: { verbatim: 3, variant: 1, paraphrase: 0, reuse: 2, actor: 4 },
  sources: [{ id: 'wire', title: 'Dam to open in May', outlet: 'Wire', matches: 6 }],
  error: null,
  ...over,
});

const props = (over: Partial<PopupAppProps> = {}): PopupAppProps => ({
  status: status(),
  problem: null,
  busy: false,
  onSiteEnabled: vi.fn(),
  onOpenDashboard: vi.fn(),
  save: { status: 'idle', message: '' },
  onSaveAsSource: vi.fn(),
  ...over,
});

beforeEach(() => {
  installDom();
});

describe('the popup', () => {
  it('shows the counts per kind and the sources matched on the page', async () => {
    const root = await mount(<PopupApp {...props()} />);
    const count = (kind: string) =>
      textOf(root.querySelector(`tr[data-kind="${kind}"] .n`) as Element);
    expect([count('verbatim'), count('variant'), count('reuse'), count('actor')]).toEqual([
      '3',
      '1',
      '2',
      '4',
    ]);
    expect(textOf(root)).toContain('10 highlights on this page.');
    expect(textOf(root.querySelector('ul.sources')!)).toBe('Dam to open in May · Wire (6)');
  });

  it('switches the site off, saves the page and opens the dashboard through its controls', async () => {
    const p = props();
    const root = await mount(<PopupApp {...p} />);
    const toggle = root.querySelector('input[type="checkbox"]') as HTMLInputElement;
    expect(textOf(toggle.parentElement!)).toContain('Highlight on news.example');
    toggle.checked = false;
    await fire(toggle, 'change');
    expect(p.onSiteEnabled).toHaveBeenCalledWith(false);
    await fire(button(root, 'Save this page as a source'), 'click');
    expect(p.onSaveAsSource).toHaveBeenCalledTimes(1);
    await fire(button(root, 'Open the dashboard'), 'click');
    expect(p.onOpenDashboard).toHaveBeenCalledTimes(1);
    // Every control is a native, keyboard-reachable element.
    for (const el of root.querySelectorAll('button, input'))
      expect(['BUTTON', 'INPUT']).toContain(el.tagName);
  });

  it('without a page to talk to, says why and still offers the dashboard', async () => {
    const root = await mount(
      <PopupApp {...props({ status: null, problem: 'Sourcelight does not run on this page.' })} />,
    );
    expect(textOf(root)).toContain('Sourcelight does not run on this page.');
    expect(root.querySelector('input[type="checkbox"]')).toBeNull();
    expect(root.querySelector('table')).toBeNull();
    expect(button(root, 'Open the dashboard')).toBeTruthy();
  });

  it('reports an overlay error and a failed save as alerts with their reasons', async () => {
    const root = await mount(
      <PopupApp
        {...props({
          status: status({ state: 'error', error: 'The background did not answer.' }),
          save: { status: 'failed', message: 'This page has no article Sourcelight can read.' },
        })}
      />,
    );
    expect(textOf(root.querySelector('[role="status"]')!)).toBe(
      'Something went wrong. The background did not answer.',
    );
    expect(textOf(root.querySelector('[role="alert"]')!)).toBe(
      'This page has no article Sourcelight can read.',
    );
  });

  it('cannot save the page twice while it is being saved', async () => {
    const p = props({ save: { status: 'saving', message: '' } });
    const root = await mount(<PopupApp {...p} />);
    expect(button(root, 'Saving…').disabled).toBe(true);
  });
});
