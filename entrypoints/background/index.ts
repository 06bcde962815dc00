import { defineBackground } from 'wxt/utils/define-background';

/** The service worker: owns the library database and answers the extension's pages and content script. */
export default defineBackground(() => {
  // Filled in by the library issue (IndexedDB owner and messaging).
});
