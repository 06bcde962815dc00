/**
 * Styles of the overlay UI, scoped to its shadow root: page CSS cannot reach in, and these rules
 * cannot leak out. The kinds' colours come from lib/kinds.ts, as do the page's highlight styles.
 */
import { kindCss } from '../../lib/kinds';

export const OVERLAY_CSS = `
:host { all: initial !important; position: absolute !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; z-index: 2147483647 !important; }
* { box-sizing: border-box; }
.live { position: fixed; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.navigator { position: fixed; bottom: 12px; right: 12px; max-width: 420px; font: 13px/1.4 system-ui, sans-serif; color: #fff; background: #1f2937; border: 2px solid #56b4e9; border-radius: 6px; padding: 6px 10px; text-align: left; cursor: pointer; }
.navigator:focus-visible { outline: 3px solid #f0e442; outline-offset: 2px; }
.popover { position: fixed; top: 0; left: 0; display: flex; flex-direction: column; width: min(400px, calc(100vw - 16px)); max-height: min(70vh, 520px); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #fff; border: 1px solid #9ca3af; border-radius: 8px; box-shadow: 0 8px 28px rgba(0,0,0,.28); }
.popover:focus { outline: 3px solid #0072b2; outline-offset: 1px; }
.popover header { display: flex; align-items: flex-start; gap: 8px; padding: 10px 12px 6px; border-bottom: 1px solid #e5e7eb; }
.popover .title { flex: 1; min-width: 0; display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 8px; }
.popover .title strong { font-size: 15px; }
.popover .confidence { color: #4b5563; font-size: 13px; white-space: nowrap; }
.popover .close { flex: none; border: none; background: transparent; font-size: 22px; line-height: 1; padding: 0 2px; cursor: pointer; color: #374151; }
.popover .close:focus-visible { outline: 3px solid #0072b2; }
.popover .body { flex: 1 1 auto; min-height: 0; overflow: auto; overscroll-behavior: contain; padding: 8px 12px; }
.popover .body:focus-visible { outline: 2px solid #0072b2; outline-offset: -2px; }
.popover .body p { margin: 0 0 6px; }
.popover .meaning { margin: 0 0 6px; color: #374151; font-size: 13px; }
.swatch { display: inline-flex; align-items: center; justify-content: center; flex: none; width: 20px; height: 20px; border-radius: 4px; font: 700 13px/1 system-ui, sans-serif; }
${kindCss()}
.source-line { margin: 0 0 6px; color: #374151; font-size: 13px; }
.source-line a { color: #0b5cad; }
.passage { margin: 0 0 8px; padding: 6px 8px; border-left: 3px solid #9ca3af; background: #f9fafb; }
.passage .context { color: #4b5563; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #4b5563; margin: 8px 0 4px; }
.diff { margin: 0 0 6px; }
.diff del { color: #8b1a1a; background: #fde2e2; text-decoration: line-through; }
.diff ins { color: #0f5132; background: #d1f0e0; text-decoration: underline; }
.comparison { margin: 0 0 6px; }
.comparison > div { margin: 0 0 4px; }
.comparison dt { display: inline; font-size: 13px; font-weight: 600; margin-right: 4px; }
.comparison dd { display: inline; margin: 0; }
.term { display: inline-block; margin: 1px 4px 1px 0; padding: 0 6px; border-radius: 10px; background: #eef2f7; font-size: 13px; }
.term.name { font-weight: 600; }
.term.figure { font-variant-numeric: tabular-nums; background: #fff4ce; }
.term .related { color: #4b5563; }
.speaker { margin: 4px 0; font-size: 13px; }
.via-meaning { margin: 4px 0; padding: 4px 6px; border-left: 3px solid currentColor; font-size: 13px; }
.warning { margin: 4px 0; padding: 4px 6px; background: #fff4ce; border: 1px solid #e69f00; border-radius: 4px; font-size: 13px; }
.divergences { margin: 4px 0; padding-left: 18px; font-size: 13px; }
.quote-group .source-line { margin: 4px 0 0; font-weight: 600; }
.quotes { margin: 2px 0 6px; padding-left: 18px; }
.muted { color: #4b5563; font-size: 12px; }
.error { color: #8b1a1a; font-size: 13px; }
footer { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.popover footer { flex: none; padding: 8px 12px 10px; border-top: 1px solid #e5e7eb; }
footer button { font: inherit; font-size: 13px; padding: 4px 12px; border: 1px solid #6b7280; border-radius: 4px; background: #f3f4f6; color: #111827; cursor: pointer; }
footer button:focus-visible { outline: 3px solid #0072b2; }
.adder { position: fixed; font: 600 13px/1 system-ui, sans-serif; color: #fff; background: #0072b2; border: 1px solid #005a8c; border-radius: 4px; padding: 6px 10px; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.adder:focus-visible { outline: 3px solid #f0e442; outline-offset: 2px; }
.annotate { position: fixed; width: min(320px, calc(100vw - 16px)); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #fff; border: 1px solid #9ca3af; border-radius: 8px; box-shadow: 0 8px 28px rgba(0,0,0,.28); padding: 10px 12px; }
.annotate .quote { margin: 0 0 8px; padding: 4px 8px; border-left: 3px solid #0072b2; background: #f9fafb; color: #374151; font-size: 13px; }
.annotate label { display: block; font-size: 13px; font-weight: 600; margin: 6px 0 0; }
.annotate textarea, .annotate input { display: block; width: 100%; margin-top: 2px; font: 13px/1.4 system-ui, sans-serif; color: inherit; background: transparent; border: 1px solid #9ca3af; border-radius: 4px; padding: 4px 6px; }
.annotate textarea:focus-visible, .annotate input:focus-visible { outline: 3px solid #0072b2; outline-offset: 0; }
.annotate footer { margin-top: 8px; }
.annotate footer button:first-child { background: #0072b2; color: #fff; border-color: #005a8c; }
@media (prefers-color-scheme: dark) {
  .annotate { color: #f3f4f6; background: #1f2937; border-color: #4b5563; }
  .annotate .quote { background: #111827; color: #d1d5db; }
  .popover { color: #f3f4f6; background: #1f2937; border-color: #4b5563; }
  .popover .confidence, .popover .meaning, .source-line, .passage .context, h3, .muted, .term .related { color: #d1d5db; }
  .popover header, .popover footer { border-color: #374151; }
  .term { background: #374151; }
  ${kindCss(true)}
  .term.figure { background: #4a3b00; }
  .source-line a { color: #93c5fd; }
  .passage { background: #111827; }
  .popover .close { color: #e5e7eb; }
  footer button { background: #374151; color: #f3f4f6; }
  .diff del { color: #fecaca; background: #5b1d1d; }
  .diff ins { color: #bbf7d0; background: #14532d; }
  .warning { background: #4a3b00; }
}
`;
