import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { POPUP_CSS } from '../../components/popup/popup-css';
import { PopupApp, type SaveAsSource } from '../../components/popup/PopupApp';
import { pageKey } from '../../lib/anchoring/model';
import type { Response } from '../../lib/messages';
import { errorMessage, request } from '../../lib/messaging/index';
import type { OverlayStatus, TabMessage } from '../../lib/overlay/tab-messages';

/** The tab the popup is about: the active one, or `?tab=<id>` when opened as a page (tests). */
async function targetTab(): Promise<number> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('No current tab.');
  return tab.id;
}

/** Asks the overlay in the tab; no "tabs" permission needed for that. */
async function askTab(message: TabMessage): Promise<OverlayStatus> {
  const status = (await browser.tabs.sendMessage(await targetTab(), message)) as
    | OverlayStatus
    | undefined;
  if (!status) throw new Error('No answer from the page.');
  return status;
}

function Popup() {
  const [status, setStatus] = useState<OverlayStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [save, setSave] = useState<SaveAsSource>({ status: 'idle', message: '' });
  const [pageNotes, setPageNotes] = useState<Response<'annotation.notesForPage'> | null>(null);
  const [meaning, setMeaning] = useState<Response<'meaning.status'> | null>(null);
  useEffect(() => {
    request('meaning.status', {}).then(setMeaning, () => undefined);
  }, []);
  useEffect(() => {
    if (status?.url)
      request('annotation.notesForPage', { url: status.url }).then(setPageNotes, () => undefined);
  }, [status?.url]);
  useEffect(() => {
    askTab({ sourcelightOverlay: 'status' }).then(setStatus, () =>
      setProblem(
        'Sourcelight does not run on this page (browser pages and pages opened before the extension was installed; reload the page).',
      ),
    );
  }, []);
  const onSiteEnabled = async (enabled: boolean) => {
    if (!status) return;
    // Show the new position at once; the answer from the tab replaces it.
    setStatus({ ...status, siteEnabled: enabled });
    setBusy(true);
    try {
      await request('site.setEnabled', { host: status.host, enabled });
      setStatus(await askTab({ sourcelightOverlay: 'setSiteEnabled', enabled }));
      setProblem(null);
    } catch (e) {
      setStatus(status);
      setProblem(`Could not change the setting: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const onSaveAsSource = async () => {
    setSave({ status: 'saving', message: '' });
    try {
      // Saving twice would add the same article twice under two ids.
      const here = status?.url ? pageKey(status.url) : null;
      const existing = here
        ? (await request('library.list', {})).find((s) => s.url && pageKey(s.url) === here)
        : undefined;
      if (existing) {
        setSave({
          status: 'exists',
          message: `This page is already in your library as “${existing.title}”.`,
        });
        return;
      }
      const saved = await request('library.addTab', { tabId: await targetTab() });
      setSave({
        status: 'saved',
        message: `Saved “${saved.title}” to your library (${saved.textLength.toLocaleString()} characters of text).`,
      });
    } catch (e) {
      setSave({ status: 'failed', message: `Could not save this page: ${errorMessage(e)}` });
    }
  };
  const onOpenDashboard = () => {
    void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html' as '/popup.html') });
    window.close();
  };
  return (
    <PopupApp
      status={status}
      problem={problem}
      busy={busy}
      onSiteEnabled={onSiteEnabled}
      onOpenDashboard={onOpenDashboard}
      save={save}
      onSaveAsSource={() => void onSaveAsSource()}
      pageNotes={pageNotes}
      meaning={meaning}
    />
  );
}

const style = document.createElement('style');
style.textContent = POPUP_CSS;
document.head.append(style);
render(<Popup />, document.getElementById('app')!);
