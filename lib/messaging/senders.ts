/**
 * Who may ask the background what. Every runtime message names its sender as the browser sees
 * it; a page cannot forge that. Only this extension's own pages and its content script in a tab
 * are served (another extension, or anything else, is refused). A content script runs inside a
 * page a site controls, so it may send only the requests the overlay needs, and what it writes is
 * bound to the address the browser reports for its tab, not the one the message claims.
 */
import { CONTENT_SCRIPT_REQUESTS, type RequestName, type RequestSender } from '../messages';

/** A runtime message's sender as Chrome and Firefox report it (the fields used here). */
export interface RawSender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

/** This extension, as the checks need it: its id and the origin of its pages (`runtime.getURL('')`). */
export interface Self {
  id: string;
  origin: string;
}

/** The sender, classified; or the reason it is refused. */
export function classifySender(
  raw: RawSender | undefined,
  self: Self,
): RequestSender | { refused: string } {
  if (!raw || raw.id !== self.id)
    return { refused: 'Sourcelight answers only its own pages and content script.' };
  const url = raw.url ?? null;
  if (url?.startsWith(self.origin)) return { kind: 'page', tabId: raw.tab?.id ?? null, url };
  // Not one of our pages: it must be our content script in a tab, with the page's address.
  const pageUrl = url ?? raw.tab?.url ?? null;
  if (raw.tab?.id === undefined || !pageUrl)
    return { refused: 'Sourcelight answers only its own pages and content script.' };
  return { kind: 'content', tabId: raw.tab.id, url: pageUrl };
}

/** The origin of a URL, or null when it has none. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The payload a content script's request is served with: refused when the request is not one a
 * content script may send, and with every address it carries bound to the sender's page. A
 * dismissal is stored for the page the browser reports; a note, a visit or a re-anchoring report
 * may name the address the article was read at (the page may have changed it with
 * `history.pushState` since) only within the sender's own origin, which no script can leave
 * without a new document. A content script never edits an existing annotation.
 */
export function contentPayload(
  name: RequestName,
  payload: unknown,
  sender: RequestSender,
): { payload: unknown } | { refused: string } {
  if (!(CONTENT_SCRIPT_REQUESTS as readonly string[]).includes(name))
    return { refused: `A page's content script may not send "${name}".` };
  const page = sender.url ?? '';
  const origin = originOf(page);
  if (!origin) return { refused: 'The sending page has no web address.' };
  const sameOrigin = (url: unknown) => typeof url === 'string' && originOf(url) === origin;
  const p = payload as Record<string, unknown>;
  switch (name) {
    case 'match.dismiss':
      return { payload: { ...p, url: page } };
    case 'annotation.save': {
      const draft = p.draft as Record<string, unknown>;
      if (draft.id !== undefined)
        return { refused: 'A page cannot change an existing annotation.' };
      if (!sameOrigin(draft.url))
        return { refused: 'An annotation can only be saved for the page it was made on.' };
      return { payload };
    }
    case 'annotation.anchored':
    case 'annotation.listForPage':
    case 'page.extract':
      return sameOrigin(p.url) ? { payload } : { refused: 'That address is not this page.' };
    case 'page.analyze': {
      const info = p.page as Record<string, unknown>;
      return sameOrigin(info.url) ? { payload } : { refused: 'That address is not this page.' };
    }
    case 'site.isEnabled':
      return { payload: { ...p, host: new URL(page).hostname } };
    default:
      return { payload };
  }
}
