// Loads a TimelineJS export in TimelineJS itself (its npm package) in
// headless Chromium and checks that it shows one slide per event, plus the
// title slide, in the dossier's order (the export sets each slide's start so
// that TimelineJS's own sort by date keeps it), with no error message, no page error, and no script from the
// content run (the hostile fixture's markup would set window.__pwned).
//
//   node timelinejs.mjs TIMELINE.json EVENTS [TIMELINE.json EVENTS ...]
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2) fail('usage: node timelinejs.mjs TIMELINE.json EVENTS ...');
const dist = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/@knight-lab/timelinejs/dist');

// The page: TimelineJS's own script and style, and the export as an object
// (a file:// page cannot fetch a JSON file).
const dir = mkdtempSync(join(tmpdir(), 'dossier-tl-'));
const page = join(dir, 'index.html');
writeFileSync(page, `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(join(dist, 'css/timeline.css'))}">
<script src="${pathToFileURL(join(dist, 'js/timeline.js'))}"></script></head>
<body><div id="embed" style="width: 1000px; height: 600px"></div></body></html>`);

const browser = await launch();
try {
  for (let i = 0; i < args.length; i += 2) await check(args[i], args[i + 1]);
} finally {
  await browser.close();
}

async function check(file, expected) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const tab = await browser.context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  tab.on('console', (m) => { if (m.type() === 'error' && !/net::|Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`); });
  await tab.goto(pathToFileURL(page).href);
  const result = await tab.evaluate(async (data) => {
    const loaded = new Promise((resolve) => {
      window.timeline = new TL.Timeline('embed', data, {
        script_path: '', language: 'en', hash_bookmark: false,
      });
      window.timeline.on('loaded', () => resolve('loaded'));
      setTimeout(() => resolve('timeout'), 10000);
    });
    const state = await loaded;
    const messages = [...document.querySelectorAll('.tl-message, .tl-message-full')]
      .map((m) => m.textContent.trim()).filter((t) => t.length > 0);
    return {
      state,
      slides: document.querySelectorAll('.tl-slide').length,
      markers: document.querySelectorAll('.tl-timemarker').length,
      events: window.timeline.config ? window.timeline.config.events.length : -1,
      // The order TimelineJS put the slides in, after its own sort by date.
      order: window.timeline.config ? window.timeline.config.events.map((e) => e.unique_id) : [],
      slideOrder: [...document.querySelectorAll('.tl-slide')].map((s) => s.id).filter((id) => id.startsWith('event-')),
      messages,
      pwned: window.__pwned,
      injected: document.querySelectorAll(['script', 'img', 'svg', 'iframe', '[onerror]', '[onload]', '[onmouseover]', 'b', 'i'].map((t) => `.tl-slide ${t}, .tl-timegroup ${t}, .tl-timemarker ${t}`).join(', ')).length,
      injectedHtml: [...document.querySelectorAll(['script', 'img', 'svg', 'iframe', '[onerror]', '[onload]', '[onmouseover]', 'b', 'i'].map((t) => `.tl-slide ${t}, .tl-timegroup ${t}, .tl-timemarker ${t}`).join(', '))].map((e) => e.outerHTML.slice(0, 120)),
      groups: [...document.querySelectorAll('.tl-timegroup-message')].map((g) => g.textContent),
      quotations: document.querySelectorAll('.tl-slide blockquote').length,
      cites: document.querySelectorAll('.tl-slide cite').length,
      text: document.body.innerText,
    };
  }, data);
  const want = Number(expected);
  if (errors.length) fail(`${file}: ${errors.join('\n')}`);
  if (result.state !== 'loaded') fail(`TimelineJS did not finish loading (${result.state}); messages: ${result.messages.join(' | ')}`);
  if (result.messages.length) fail(`TimelineJS shows a message: ${result.messages.join(' | ')}`);
  if (result.events !== want) fail(`TimelineJS read ${result.events} events, expected ${want}`);
  if (result.slides !== want + 1) fail(`${result.slides} slides, expected ${want} events and a title slide`);
  if (result.markers !== want) fail(`${result.markers} markers on the time axis, expected ${want}`);
  const dossierOrder = data.events.map((e) => e.unique_id);
  for (const [what, got] of [['events', result.order], ['slides', result.slideOrder]]) {
    const k = dossierOrder.findIndex((id, n) => got[n] !== id);
    if (k >= 0) fail(`${file}: TimelineJS's ${what} leave the dossier's order at ${k + 1}: ${got[k]} where the dossier has ${dossierOrder[k]}`);
  }
  if (result.pwned !== undefined) fail(`a script from the content ran: window.__pwned = ${result.pwned}`);
  if (result.injected) fail(`${file}: ${result.injected} elements from the content's markup in the slides: ${result.injectedHtml.join(" | ")}`);
  if (result.quotations) fail(`${file}: ${result.quotations} quotations (<blockquote>) in the slides: sources are citations`);
  const wantCites = data.events.reduce((n, e) => n + (e.text.text.match(/<cite>/g) || []).length, 0);
  if (result.cites !== wantCites) fail(`${file}: ${result.cites} citations shown, the export has ${wantCites}`);
  const unescape = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  // A group label is escaped twice: TimelineJS decodes it once before setting it as HTML.
  for (const g of new Set(data.events.map((e) => unescape(unescape(e.group))))) {
    if (!result.groups.includes(g)) fail(`${file}: group label not shown as text: ${g} (shown: ${result.groups.join(' | ')})`);
  }
  for (const e of data.events) {
    const headline = e.text.headline.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    if (!result.text.includes(headline)) fail(`headline not shown as text: ${headline}`);
  }
  console.log(`ok: ${file}: ${result.slides} slides (${want} events and the title), ${result.markers} markers, no error`);
  await tab.close();
}
