/**
 * A demo page made as big as a heavy news site: the same article inside a mega-menu and a footer
 * of section links, enough elements to be read away from the page (see lib/extract-offpage.ts).
 */
import { OFF_PAGE_ELEMENTS } from '../../lib/extract-offpage';

/** `html` with `links` navigation links around its article (three elements each). */
export function withSiteChrome(html: string, links = OFF_PAGE_ELEMENTS): string {
  const items = (from: number, to: number) =>
    Array.from(
      { length: to - from },
      (_, i) => `<li><a href="/section/${from + i}">Section ${from + i}</a></li>`,
    ).join('\n');
  const half = Math.ceil(links / 2);
  const menu = `<nav class="mega-menu" aria-label="All sections"><ul>\n${items(0, half)}\n</ul></nav>`;
  const footer = `<footer class="site-map"><ul>\n${items(half, links)}\n</ul></footer>`;
  return html
    .replace(/<body([^>]*)>/i, `<body$1>\n${menu}`)
    .replace(/<\/body>/i, `${footer}\n</body>`);
}
