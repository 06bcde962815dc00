/**
 * Styles of the toolbar popup (its own extension page, so plain global CSS is safe). The kinds'
 * colours and symbols come from lib/kinds.ts, as on the page and in the popover.
 */
import { kindCss } from '../../lib/kinds';

export const POPUP_CSS = `
:root { color-scheme: light dark; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #111827; background: #fff; }
.popup { width: 320px; padding: 12px 14px; }
h1 { font-size: 16px; margin: 0 0 8px; }
h2 { font-size: 13px; margin: 10px 0 4px; }
.switch { display: flex; gap: 8px; align-items: center; font-weight: 600; }
.state { margin: 6px 0; }
.counts { width: 100%; border-collapse: collapse; }
.counts td { padding: 2px 0; }
.counts .n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.swatch { display: inline-flex; align-items: center; justify-content: center; width: 18px; height: 18px; border-radius: 3px; font: 700 12px/1 system-ui, sans-serif; vertical-align: -3px; }
${kindCss()}
.sources { margin: 0; padding-left: 18px; }
.muted { color: #4b5563; font-size: 12px; }
.save { margin: 10px 0 4px; }
.save button { font: inherit; padding: 4px 10px; border: 1px solid #005a8c; border-radius: 4px; background: #0072b2; color: #fff; cursor: pointer; }
.save button:disabled { opacity: .6; cursor: default; }
.ok { margin: 4px 0; color: #0f5132; }
.error { margin: 4px 0; color: #8b1a1a; }
.meaning-off { margin: 6px 0; font-size: 12px; color: #6b3a00; }
.link { border: none; background: none; padding: 0; color: #0b5cad; text-decoration: underline; cursor: pointer; font: inherit; }
@media (prefers-color-scheme: dark) {
  body { color: #f3f4f6; background: #1f2937; }
  .muted { color: #d1d5db; }
  .link { color: #93c5fd; }
  .ok { color: #bbf7d0; }
  .error { color: #fecaca; }
  .meaning-off { color: #fde68a; }
}
`;
