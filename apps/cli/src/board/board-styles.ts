/**
 * The board's whole stylesheet, inlined into the page (no external files, so the page works
 * offline from a `file://` URL): a laptop-sized layout, badges that carry a symbol and a word
 * besides their colour, and a print stylesheet (landscape, black on white, no navigation).
 *
 * @example
 * ```ts
 * const head = `<style>${BOARD_STYLES}</style>`;
 * ```
 */
export const BOARD_STYLES = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #5c5c5c; --line: #d6d6d6; --bg: #ffffff; --panel: #f7f7f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 18px 0 8px; }
.meta { color: var(--muted); margin: 0; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 10px 0 0; }
nav a { color: #1d4ed8; }
code, .sha { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
.none { color: var(--muted); }
.empty { padding: 12px 14px; background: var(--panel); border: 1px dashed var(--line); border-radius: 6px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; white-space: nowrap; }
tbody th { font-weight: 600; }
tr.group th { background: #eef0f3; font-size: 0.9rem; text-transform: uppercase; letter-spacing: 0.04em; color: #333; }
tr.shipped td, tr.shipped th { color: #333; }
tr.closed td, tr.closed th { color: var(--muted); }
.marks { margin-top: 2px; }
.closed-by { color: var(--muted); font-size: 0.85rem; }
.request-id { font-size: 1.05rem; }
.head, .requester, .ago, .files, .holds { color: var(--muted); font-size: 0.85rem; }
.age { display: inline-block; margin-left: 4px; font-size: 0.85rem; color: #333; }
.kind { font-size: 0.75rem; font-weight: 400; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; vertical-align: middle; }
.badge { display: inline-block; white-space: nowrap; border: 1px solid; border-radius: 999px; padding: 0 8px; font-size: 0.85rem; font-weight: 600; line-height: 1.5; }
.badge.ok { background: #e6f4ea; color: #14532d; border-color: #86c79a; }
.badge.warn { background: #fff4d6; color: #6b4500; border-color: #e0b44c; }
.badge.bad { background: #fde8e8; color: #8a1c1c; border-color: #e59a9a; }
.badge.muted { background: #f2f2f2; color: #555; border-color: #cfcfcf; font-weight: 400; }
.badge.info { background: #e8eefc; color: #1e3a8a; border-color: #9db2ea; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.plain li + li { margin-top: 3px; }
.envs { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.env { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--panel); }
.env h3 { margin: 0 0 6px; }
.env dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0; }
.env dt { color: var(--muted); }
.env dd { margin: 0; overflow-wrap: anywhere; }
table.matrix { width: auto; }
table.matrix td, table.matrix th { text-align: center; }
table.matrix tbody th { text-align: left; }
td.self { color: var(--muted); background: var(--panel); }
td.conflict { background: #fff5f5; }
.conflict-list li { margin: 3px 0; }
table.timeline tr.rolled-back td { background: #fffaeb; }
table.timeline tr.failed td { background: #fff5f5; }
td.when { white-space: nowrap; }
td.title { min-width: 14em; overflow-wrap: anywhere; }
footer { margin: 32px auto 24px; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 10px; }
@media (max-width: 700px) { body { font-size: 14px; } header, main, footer { padding: 0 10px; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 9.5pt; color: #000; background: #fff; }
  header, main, footer { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; border-bottom-color: #000; }
  h3 { break-after: avoid; }
  tr, .env { break-inside: avoid; }
  .scroll { overflow: visible; }
  th, td { border-color: #777; }
  .badge { border-color: #000 !important; color: #000 !important; }
  .env, thead th, tr.group th { background: #fff !important; }
  a { color: #000; text-decoration: none; }
}
`;
