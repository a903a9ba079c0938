/** @module The one style sheet of the pages, served as /assets/style.css (the CSP allows no inline style). */
export const STYLE_CSS = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --line: #dde1e8; --bg: #fff; --head: #f4f6f9; --accent: #1f5fbf; --up: #1a7f37; --down: #c62828; --unknown: #8a93a3; --row: #f8f9fb;
  --badge-fg: #fff; --badge-up: #1a7f37; --badge-down: #c62828; --badge-unknown: #5b6475; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --line: #343a46; --bg: #15181e; --head: #1e232b; --accent: #79a8ff; --up: #4cc36b; --down: #ff6b6b; --unknown: #6b7383; --row: #1a1e25;
  --badge-fg: #15181e; --badge-up: #4cc36b; --badge-down: #ff6b6b; --badge-unknown: #9aa3b2; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1.2rem; padding: .6rem 1rem; background: var(--head); border-bottom: 1px solid var(--line); }
header strong { margin-right: .5rem; letter-spacing: .01em; }
header .live-dot { width: .55rem; height: .55rem; border-radius: 50%; background: var(--unknown); display: inline-block; margin-left: auto; }
body.live header .live-dot { background: var(--up); }
header .live-dot[hidden] { display: none; }
html:not(.js) .js-only { display: none; }
form.actions { margin: 1rem 0 0; }
nav { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
nav a { color: var(--accent); text-decoration: none; padding: .1rem 0; }
nav a[aria-current] { font-weight: 700; border-bottom: 2px solid var(--accent); }
main { padding: 1rem; max-width: 76rem; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .6rem; }
a { color: var(--accent); }
table a { text-decoration: none; } table a:hover { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: middle; overflow-wrap: break-word; }
th { font-size: .8rem; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
tbody tr:hover { background: var(--row); }
tr.unread td { font-weight: 700; }
td.check { width: 1.8rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted, time { color: var(--muted); }
.nowrap { white-space: nowrap; }
form.filters, form.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; align-items: center; }
form.inline { display: inline; }
input, select, button { font: inherit; padding: .3rem .55rem; border: 1px solid var(--line); border-radius: 5px; background: var(--bg); color: var(--fg); }
input[type=search] { min-width: 14rem; flex: 1 1 14rem; max-width: 28rem; }
button { cursor: pointer; background: var(--head); }
button.danger { color: var(--down); }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0 0 1rem; }
.pager { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; }
.badge { display: inline-block; min-width: 4.2rem; text-align: center; padding: .05rem .45rem; border-radius: 999px; font-size: .8rem; font-weight: 700; color: var(--badge-fg); }
.badges { display: inline-flex; gap: .3rem; flex-wrap: wrap; } .badge.note { background: var(--badge-unknown); }
.target-forms { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin-top: .4rem; } .inline-form { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
.status-up { background: var(--badge-up); } .status-down { background: var(--badge-down); } .status-unknown, .status-unreachable { background: var(--badge-unknown); }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .82rem; }
dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.headers dt { color: var(--muted); } dl.headers dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--head); padding: .8rem; border-radius: 6px; margin: 0 0 1rem; }
.frame-box { height: clamp(12rem, 50vh, 36rem); min-height: 6rem; resize: vertical; overflow: hidden; padding-bottom: .9rem; margin-bottom: 1rem; }
.frame-box iframe { display: block; width: 100%; height: 100%; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.notice { background: var(--head); border-left: 3px solid var(--accent); padding: .5rem .8rem; margin: 0 0 1rem; border-radius: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; }
.card:target { outline: 2px solid var(--accent); }
.card h2 { margin: 0 0 .3rem; display: flex; gap: .6rem; align-items: center; justify-content: space-between; overflow-wrap: anywhere; }
.card .facts { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; font-size: .9rem; color: var(--muted); margin-bottom: .5rem; }
.card .facts b { color: var(--fg); font-weight: 600; }
svg.beats, svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { fill: var(--muted); font-size: 10px; }
.beat-ok { fill: var(--up); } .beat-fail { fill: var(--down); } .beat-none { fill: var(--line); }
.chart-line { fill: none; stroke: var(--accent); stroke-width: 1.5; } .chart-area { fill: var(--accent); opacity: .12; } .chart-grid { stroke: var(--line); stroke-width: 1; }
.chart-gap { fill: var(--down); opacity: .18; }
tr:target td { background: var(--row); box-shadow: inset 3px 0 0 var(--accent); }
svg.chart { margin-top: .45rem; }
@media (max-width: 40rem) {
  .wide { display: none; } main { padding: .6rem; } .cards { grid-template-columns: 1fr; } input[type=search] { min-width: 0; }
  table.inbox thead tr { display: block; padding: .3rem 0; border-bottom: 1px solid var(--line); }
  html:not(.js) table.inbox thead { display: none; }
  table.inbox thead th { display: none; } table.inbox thead th.check { display: block; border: 0; padding: 0 .2rem; }
  table.inbox tr { display: grid; grid-template-columns: 1.9rem 1fr auto; column-gap: .3rem; padding: .45rem 0; border-bottom: 1px solid var(--line); }
  table.inbox td { border: 0; padding: 0 .2rem; }
  table.inbox td.check { grid-row: 1 / span 2; align-self: center; }
  table.inbox td.from { grid-column: 2; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  table.inbox td.date { grid-column: 3; font-size: .8rem; }
  table.inbox td.subject { grid-column: 2 / span 2; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack, table.stack tbody, table.stack tr { display: block; }
  table.stack tr { display: flex; flex-wrap: wrap; gap: .1rem 1rem; padding: .5rem .2rem; border-bottom: 1px solid var(--line); }
  table.stack td { display: block; border: 0; padding: 0; text-align: left; }
  table.stack td:empty { display: none; }
  table.stack td[data-label]::before { content: attr(data-label) " " / ""; color: var(--muted); font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; }
}
`;
