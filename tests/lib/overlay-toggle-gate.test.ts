import { describe, expect, it } from 'vitest';
import { createToggleGate } from '../../lib/overlay/toggle-gate';

describe('one keypress toggles the overlay once', () => {
  it('drops the browser command that repeats a keypress the page already handled, and the reverse', () => {
    const allow = createToggleGate(500);
    expect(allow('key', 1000)).toBe(true);
    expect(allow('command', 1040)).toBe(false);
    expect(allow('command', 5000)).toBe(true);
    expect(allow('key', 5030)).toBe(false);
  });

  it('lets quick presses of the same key through: each is a real toggle', () => {
    const allow = createToggleGate(500);
    expect([allow('key', 0), allow('key', 120), allow('key', 240)]).toEqual([true, true, true]);
    expect([allow('command', 2000), allow('command', 2100)]).toEqual([true, true]);
  });

  it('counts the next keypress after a dropped twin, and requests from elsewhere always', () => {
    const allow = createToggleGate(500);
    expect(allow('key', 0)).toBe(true);
    expect(allow('command', 30)).toBe(false);
    expect(allow('command', 200)).toBe(true);
    expect(allow('other', 210)).toBe(true);
    expect(allow('key', 220)).toBe(true);
  });
});
