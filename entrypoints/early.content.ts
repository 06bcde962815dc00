import { defineContentScript } from 'wxt/utils/define-content-script';
import { startEarly } from '../components/overlay/early';
import { request } from '../lib/messaging/index';

/** While the page loads: asks whether the overlay is on for the site (see components/overlay/early.ts). */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  main() {
    startEarly(document, (host) => request('site.isEnabled', { host }));
  },
});
