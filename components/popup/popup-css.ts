/** Styles of the toolbar popup (its own extension page, so plain global CSS is safe). */
export const POPUP_CSS = `
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #111827; background: #fff; }
.popup { width: 320px; padding: 12px 14px; }
h1 { font-size: 16px; margin: 0 0 8px; }
h2 { font-size: 13px; margin: 10px 0 4px; }
.switch { display: flex; gap: 8px; align-items: center; font-weight: 600; }
.state { margin: 6px 0; }
.counts { width: 100%; border-collapse: collapse; }
.counts td { padding: 2px 0; }
.counts .n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; }
.sourcelight-verbatim { background: #f0e442; border-bottom: 2px solid #e69f00; }
.sourcelight-variant { background: #56b4e9; }
.sourcelight-paraphrase { background: #cc79a7; }
.sourcelight-reuse { background: #009e73; }
.sourcelight-actor { border-bottom: 3px double #d55e00; }
.sources { margin: 0; padding-left: 18px; }
.muted { color: #4b5563; font-size: 12px; }
.save { margin: 10px 0 4px; }
.save button { font: inherit; padding: 4px 10px; border: 1px solid #005a8c; border-radius: 4px; background: #0072b2; color: #fff; cursor: pointer; }
.save button:disabled { opacity: .6; cursor: default; }
.ok { margin: 4px 0; color: #0f5132; }
.error { margin: 4px 0; color: #8b1a1a; }
.link { border: none; background: none; padding: 0; color: #0b5cad; text-decoration: underline; cursor: pointer; font: inherit; }
@media (prefers-color-scheme: dark) { body { color: #f3f4f6; background: #1f2937; } .muted { color: #d1d5db; } .save { margin: 10px 0 4px; }
.save button { font: inherit; padding: 4px 10px; border: 1px solid #005a8c; border-radius: 4px; background: #0072b2; color: #fff; cursor: pointer; }
.save button:disabled { opacity: .6; cursor: default; }
.ok { margin: 4px 0; color: #0f5132; }
.error { margin: 4px 0; color: #8b1a1a; }
.link { color: #93c5fd; } .ok { color: #bbf7d0; } .error { color: #fecaca; } }
`;
