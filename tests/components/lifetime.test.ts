// The overlay's teardown contract: what a lifetime registers is undone by its one dispose(), and
// its listeners take only trusted events (a page's script dispatches untrusted ones).
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { createLifetime } from '../../components/overlay/lifetime';

const setup = () => {
  const { document, window } = parseHTML('<!doctype html><html><body><p>x</p></body></html>');
  // linkedom's window has no timers or frames: Node's stand in.
  const win = {
    setTimeout: (f: () => void, ms: number) => setTimeout(f, ms) as unknown as number,
    clearTimeout: (id: number) => clearTimeout(id),
    requestAnimationFrame: (f: () => void) => setTimeout(f, 0) as unknown as number,
    cancelAnimationFrame: (id: number) => clearTimeout(id),
  } as unknown as Window;
  const event = (type: string, trusted: boolean) => {
    const e = new window.Event(type, { bubbles: true });
    Object.defineProperty(e, 'isTrusted', { value: trusted });
    return e;
  };
  return { document, win, event };
};
const tick = (ms = 5) => new Promise((ok) => setTimeout(ok, ms));

describe('a lifetime', () => {
  it('drops script-made events unless a listener asks for them', () => {
    const { document, win, event } = setup();
    const life = createLifetime(win);
    const seen: string[] = [];
    life.on(document, 'keydown', () => seen.push('trusted-only'));
    life.on(document, 'keydown', () => seen.push('any'), { untrusted: true });
    document.dispatchEvent(event('keydown', false));
    expect(seen).toEqual(['any']);
    document.dispatchEvent(event('keydown', true));
    expect(seen).toEqual(['any', 'trusted-only', 'any']);
  });

  it('undoes everything at dispose: listeners, timers, frames, and deferred undos in reverse', async () => {
    const { document, win, event } = setup();
    const life = createLifetime(win);
    const seen: string[] = [];
    life.on(document, 'click', () => seen.push('click'));
    life.setTimeout(() => seen.push('timer'), 1);
    life.requestAnimationFrame(() => seen.push('frame'));
    life.defer(() => seen.push('undo 1'));
    life.defer(() => seen.push('undo 2'));
    life.dispose();
    expect(seen).toEqual(['undo 2', 'undo 1']);
    document.dispatchEvent(event('click', true));
    await tick();
    expect(seen).toEqual(['undo 2', 'undo 1']);
    // Nothing new is scheduled once disposed, and a late undo runs at once.
    expect(life.setTimeout(() => seen.push('late'), 0)).toBe(0);
    life.defer(() => seen.push('late undo'));
    await tick();
    expect(seen).toEqual(['undo 2', 'undo 1', 'late undo']);
    expect(life.disposed).toBe(true);
  });

  it('ends a child with its parent, and a child alone without touching the parent', async () => {
    const { document, win, event } = setup();
    const root = createLifetime(win);
    const first = root.child();
    const seen: string[] = [];
    root.on(document, 'keydown', () => seen.push('root'));
    first.on(document, 'keydown', () => seen.push('first'));
    first.dispose();
    document.dispatchEvent(event('keydown', true));
    expect(seen).toEqual(['root']);
    const second = root.child();
    second.setTimeout(() => seen.push('second timer'), 1);
    root.dispose();
    expect(second.disposed).toBe(true);
    document.dispatchEvent(event('keydown', true));
    await tick();
    expect(seen).toEqual(['root']);
  });

  it('keeps undoing when one undo throws', () => {
    const { win } = setup();
    const life = createLifetime(win);
    const seen: string[] = [];
    life.defer(() => seen.push('restored'));
    life.defer(() => {
      throw new Error('boom');
    });
    const error = console.error;
    console.error = () => undefined;
    try {
      life.dispose();
    } finally {
      console.error = error;
    }
    expect(seen).toEqual(['restored']);
  });

  it('pauses through scheduler.yield where the browser has it, and a pause ended by dispose never goes on', async () => {
    const { win } = setup();
    let yields = 0;
    const withYield = Object.assign(Object.create(win), {
      scheduler: {
        yield: () => {
          yields++;
          return Promise.resolve();
        },
      },
    }) as Window;
    const life = createLifetime(withYield);
    await life.pause();
    expect(yields).toBe(1);
    // Without it (Firefox ESR), a task of its own.
    const plain = createLifetime(win);
    let went = false;
    void plain.pause().then(() => {
      went = true;
    });
    expect(went).toBe(false);
    await tick();
    expect(went).toBe(true);

    // Either way, a pause the lifetime's end overtook never goes on.
    for (const ended of [createLifetime(withYield), createLifetime(win)]) {
      let after = false;
      void ended.pause().then(() => {
        after = true;
      });
      ended.dispose();
      await tick();
      expect(after).toBe(false);
    }
  });
});
