import { describe, expect, it } from 'vitest';
import { deferHandlers } from '../../lib/messaging/index';
import { libraryWake, type WakeReason } from '../../lib/messaging/wake';
import type { Handlers } from '../../lib/messages';

const noSender = { tabId: null, url: null };

describe('the waking worker gets its library ready once', () => {
  it('for a tab that starts loading, not for a changed title or favicon', () => {
    const calls: WakeReason[] = [];
    const wake = libraryWake((reason) => calls.push(reason));
    wake.tabChanged({});
    wake.tabChanged({ status: 'complete' });
    expect(calls).toEqual([]);
    wake.tabChanged({ status: 'loading' });
    wake.tabChanged({ status: 'loading' });
    wake.requested();
    expect(calls).toEqual(['page-loading']);
  });

  it('for the first request when no page started loading', () => {
    const calls: WakeReason[] = [];
    const wake = libraryWake((reason) => calls.push(reason));
    wake.requested();
    wake.tabChanged({ status: 'loading' });
    expect(calls).toEqual(['request']);
  });

  it("starts before the waking request's own work, so the library's read is under way first", async () => {
    const order: string[] = [];
    let open!: (h: Partial<Handlers>) => void;
    const ready = new Promise<Partial<Handlers>>((ok) => {
      open = ok;
    });
    const wake = libraryWake(() => {
      void ready.then(() => order.push('prepare'));
    });
    const served = deferHandlers(ready, wake.requested);
    const answer = served['site.isEnabled']({ host: 'example.org' }, noSender);
    open({
      'site.isEnabled': async () => {
        order.push('site');
        return true;
      },
    });
    expect(await answer).toBe(true);
    expect(order).toEqual(['prepare', 'site']);
  });
});
