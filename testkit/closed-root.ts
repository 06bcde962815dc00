/**
 * Looks into the overlay's closed shadow root from the test side, through the DevTools protocol
 * (which sees closed roots; page script cannot): whether a popover is open, and where a control
 * is. The page-attack tests use it on the shipped build, whose root no page script and no
 * Playwright locator can reach.
 */
import type { Page } from 'playwright-core';

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

/** The overlay's shadow root seen through the DevTools protocol. */
export class ClosedRoot {
  constructor(readonly page: Page) {}

  /** The host's shadow roots and their type (`closed` in the shipped build); empty without a host. */
  async roots(): Promise<{ type: string; nodes: DomNode[] }[]> {
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
        root: DomNode;
      };
      const out: { type: string; nodes: DomNode[] }[] = [];
      const walk = (n: DomNode) => {
        if (n.nodeName === 'SOURCELIGHT-OVERLAY')
          for (const s of n.shadowRoots ?? [])
            out.push({ type: s.shadowRootType ?? '', nodes: descendants(s) });
        for (const c of n.children ?? []) walk(c);
      };
      walk(root);
      return out;
    } finally {
      await cdp.detach();
    }
  }

  /** How many popovers (role="dialog") the overlay shows. */
  async dialogs(): Promise<number> {
    const roots = await this.roots();
    return roots
      .flatMap((r) => r.nodes)
      .filter((n) => attr(n, 'role') === 'dialog' && n.nodeName === 'DIV').length;
  }

  /** The texts of the buttons inside the overlay (e.g. "Save", "Not a match"). */
  async buttons(): Promise<string[]> {
    const roots = await this.roots();
    return roots
      .flatMap((r) => r.nodes)
      .filter((n) => n.nodeName === 'BUTTON')
      .map((n) => text(n).trim());
  }
}

function descendants(n: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const walk = (x: DomNode) => {
    out.push(x);
    for (const c of x.children ?? []) walk(c);
    for (const s of x.shadowRoots ?? []) walk(s);
  };
  for (const c of n.children ?? []) walk(c);
  return out;
}

function attr(n: DomNode, name: string): string | null {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1] ?? null;
  return null;
}

function text(n: DomNode): string {
  if (n.nodeName === '#text') return n.nodeValue ?? '';
  return (n.children ?? []).map(text).join('');
}
