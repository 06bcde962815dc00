import { defineContentScript } from 'wxt/utils/define-content-script';

/** Reads the article of the page and highlights what comes from the user's sources. */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  main() {
    // Filled in by the overlay issue.
  },
});
