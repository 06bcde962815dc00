/**
 * The toolbar popup's view: what the overlay found on the current tab (counts per kind, matched
 * sources), the on/off switch for the site, "Save this page as a source", and a link to the
 * dashboard. Props only.
 */
import { HIGHLIGHT_KINDS, KIND_LOOK } from '../../lib/kinds';
import type { OverlayStatus } from '../../lib/overlay/tab-messages';
import { type SemanticStatus, statusWords } from '../../lib/semantic/session';
import { PageNotes, type PageNotesProps } from './PageNotes';

/** Where "Save this page as a source" stands, with the message for the user. */
export interface SaveAsSource {
  status: 'idle' | 'saving' | 'saved' | 'exists' | 'failed';
  message: string;
}

/** Props of the popup view. */
export interface PopupAppProps {
  status: OverlayStatus | null;
  /** Why there is no status (e.g. a browser page the content script cannot run on). */
  problem: string | null;
  busy: boolean;
  onSiteEnabled: (enabled: boolean) => void;
  onOpenDashboard: () => void;
  save: SaveAsSource;
  onSaveAsSource: () => void;
  /** Notes on the whole page and replies, when the library holds any for it. */
  pageNotes?: PageNotesProps | null;
  /** Whether links through meaning are on (null while the background is asked). */
  meaning?: SemanticStatus | null;
}

/**
 * The overlay's state on this page in one sentence: the switch says whether the site is on, this
 * says what happened on the page, so the two never repeat each other.
 */
export function stateWords(status: OverlayStatus): string {
  const total = HIGHLIGHT_KINDS.reduce((n, k) => n + status.counts[k], 0);
  switch (status.state) {
    case 'working':
      return 'Reading the page…';
    case 'ready':
      return total === 0
        ? 'Nothing from your library on this page.'
        : `${total} highlight${total === 1 ? '' : 's'} on this page.`;
    case 'not-article':
      return 'This page does not look like an article: nothing to highlight.';
    case 'off':
      return status.siteEnabled
        ? 'Switched off on this page (Alt+Shift+H switches it back on).'
        : `Off on ${status.host}: turn the switch on to highlight its articles.`;
    case 'error':
      return 'Something went wrong.';
  }
}

/** The popup. */
export function PopupApp({
  status,
  problem,
  busy,
  onSiteEnabled,
  onOpenDashboard,
  save,
  onSaveAsSource,
  pageNotes,
  meaning,
}: PopupAppProps) {
  return (
    <main class="popup">
      <h1>Sourcelight</h1>
      {problem && <p class="muted">{problem}</p>}
      {status && (
        <>
          <label class="switch">
            <input
              type="checkbox"
              checked={status.siteEnabled}
              disabled={busy}
              onChange={(e) => onSiteEnabled((e.currentTarget as HTMLInputElement).checked)}
            />
            Highlight on {status.host}
          </label>
          <p class="state" role="status">
            {stateWords(status)}
            {status.error ? ` ${status.error}` : ''}
          </p>
          {meaning && (
            <p
              class={meaning.state === 'unavailable' ? 'meaning-off' : 'muted'}
              data-testid="meaning-status"
            >
              {statusWords(meaning)}
            </p>
          )}
          <table class="counts" aria-label="Highlights on this page">
            <tbody>
              {HIGHLIGHT_KINDS.map((kind) => (
                <tr key={kind} data-kind={kind}>
                  <td>
                    <span class={`swatch kind-${kind}`} aria-hidden="true">
                      {KIND_LOOK[kind].symbol}
                    </span>{' '}
                    {KIND_LOOK[kind].name}
                  </td>
                  <td class="n">{status.counts[kind]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="save">
            <button
              type="button"
              onClick={onSaveAsSource}
              disabled={save.status === 'saving' || save.status === 'saved'}
            >
              {save.status === 'saving' ? 'Saving…' : 'Save this page as a source'}
            </button>
          </p>
          {save.message && (
            <p
              class={save.status === 'failed' ? 'error' : 'ok'}
              role={save.status === 'failed' ? 'alert' : 'status'}
              data-testid="save-source-message"
            >
              {save.message}
            </p>
          )}
          {status.sources.length > 0 && (
            <>
              <h2>Sources on this page</h2>
              <ul class="sources">
                {status.sources.map((s) => (
                  <li key={s.id}>
                    {s.title}
                    {s.outlet ? <span class="muted"> · {s.outlet}</span> : null}
                    <span class="muted"> ({s.matches})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {pageNotes && <PageNotes {...pageNotes} />}
        </>
      )}
      <p>
        <button type="button" class="link" onClick={onOpenDashboard}>
          Open the dashboard
        </button>
      </p>
      <p class="muted keys">
        Alt+Shift+H: overlay on/off · Alt+Shift+N / P: next / previous highlight · Enter: details ·
        Esc: close · Alt+Shift+S: annotate the selected text
      </p>
    </main>
  );
}
