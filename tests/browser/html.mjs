// Reads a web dossier export in headless Chromium as a reader would, from
// the file system, and checks:
// - every link resolves: each page of the export reached from index.html,
//   each #fragment naming an element of its page, other links http(s) only;
// - following a source lands on its passage: the target is a marked passage,
//   shown highlighted, in the viewport;
// - nothing from the content runs or becomes an element: window.__pwned
//   (which the hostile fixture's scripts would set) stays unset, and no
//   script, img, svg, iframe or event-handler attribute is on any page; the
//   policy blocks scripts, the style sheet applies;
// - pages fit a phone's width without scrolling sideways;
// - with --articles JSON (the dossier's JSON export with --full-text), the
//   share of each article a page shows, measured as its reader sees it: at
//   most a third of the article's words, or, where its cited passages alone
//   are more, no more than those passages (and the page says so); with
//   --full the whole text instead.
// With SCREENSHOTS=DIR, saves the index, an issue and an article at desktop
// and phone widths there.
//
//   node html.mjs EXPORT_DIR [--articles JSON [--full]] [MUST_SHOW_TEXT ...]
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [root, ...rest] = process.argv.slice(2);
if (!root) fail('usage: node html.mjs EXPORT_DIR [--articles JSON [--full]] [TEXT ...]');
let articlesJson = null;
let full = false;
if (rest[0] === '--articles') {
  articlesJson = rest[1];
  rest.splice(0, 2);
  if (rest[0] === '--full') { full = true; rest.shift(); }
}
const mustShow = rest;
// Whitespace as Rust's char::is_whitespace has it: words are counted alike.
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const words = (t) => t.split(SPACE).filter(Boolean).length;
const rootUrl = pathToFileURL(resolve(root) + '/').href;
const shots = process.env.SCREENSHOTS;

const browser = await launch();
const tab = await browser.context.newPage();
const errors = [];
tab.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
tab.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });

// What a page holds, read in the page.
async function inspect() {
  return tab.evaluate(() => ({
    links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, raw: a.getAttribute('href'), cls: a.className })),
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    pwned: window.__pwned,
    injected: [...document.querySelectorAll('script, img, svg, iframe, object, embed, form, style, [onerror], [onload], [onmouseover], [onclick], [style]')].map((e) => e.outerHTML.slice(0, 80)),
    maxWidth: getComputedStyle(document.body).maxWidth,
    text: document.body.innerText,
    // The article's text as shown, without the exporter's own words: the
    // `…` marks and the lists of what cites each passage.
    shown: (() => {
      const a = document.querySelector('article.text');
      if (!a) return null;
      const copy = a.cloneNode(true);
      copy.querySelectorAll('.gap, ul.citers').forEach((e) => e.remove());
      copy.querySelectorAll('p').forEach((p) => p.append(' '));
      return copy.textContent;
    })(),
    notice: document.querySelector('p.excerpt')?.textContent ?? null,
  }));
}

// What each article page may show, from the JSON export: its words, and
// the words of its cited passages alone (overlaps merged).
function limits(file) {
  const v = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Map();
  for (const a of v.articles) {
    const bytes = Buffer.from(a.text, 'utf8');
    const spans = a.cited_by.map((c) => [c.start, c.end]).sort((x, y) => x[0] - y[0]);
    const merged = [];
    for (const [s, e] of spans) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    const passages = merged.reduce((n, [s, e]) => n + words(bytes.subarray(s, e).toString('utf8')), 0);
    out.set(a.id, { words: words(a.text), passages, cited: a.cited_by.length });
  }
  return out;
}

try {
  const seen = new Map(); // page URL (no fragment) -> what it holds
  const queue = [rootUrl + 'index.html'];
  const fragments = []; // [from, url]
  let external = 0;
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    const path = fileURLToPath(url);
    if (!existsSync(path)) fail(`a link leads to a missing page: ${url}`);
    await tab.goto(url);
    const page = await inspect();
    seen.set(url, page);
    if (page.pwned !== undefined) fail(`${url}: a script from the content ran (window.__pwned = ${page.pwned})`);
    if (page.injected.length) fail(`${url}: elements the exporter does not write: ${page.injected.join(' | ')}`);
    if (page.maxWidth !== '704px') fail(`${url}: the style sheet did not apply (body max-width ${page.maxWidth})`);
    for (const l of page.links) {
      if (l.href.startsWith('file:')) {
        if (!l.href.startsWith(rootUrl)) fail(`${url}: a link out of the export: ${l.raw}`);
        const [base, frag] = l.href.split('#');
        if (frag !== undefined) fragments.push([url, l.href, base, frag, l.cls]);
        queue.push(base);
      } else if (/^https?:\/\//.test(l.raw)) {
        external += 1;
      } else {
        fail(`${url}: a link that is neither the export's nor http(s): ${l.raw}`);
      }
    }
  }
  for (const [from, href, base, frag] of fragments) {
    const page = seen.get(base);
    if (!page.ids.includes(decodeURIComponent(frag))) fail(`${from}: ${href} names no element of its page`);
  }
  // The share of each article its page shows.
  let measured = 0;
  if (articlesJson) {
    const limit = limits(articlesJson);
    for (const [id, l] of limit) {
      const url = `${rootUrl}articles/${id}.html`;
      const page = seen.get(url);
      if (!page) fail(`no page reached for article ${id}`);
      if (page.shown === null) fail(`${url}: no article text element`);
      const shown = words(page.shown);
      const share = `${shown} of ${l.words} words shown (passages alone: ${l.passages})`;
      if (full) {
        if (shown !== l.words) fail(`${url}: --full-text, but ${share}`);
      } else if (l.cited === 0) {
        if (shown !== 0) fail(`${url}: no passage cited, but ${share}`);
      } else if (l.passages * 3 > l.words) {
        if (shown > l.passages) fail(`${url}: passages over the cap, yet more than them: ${share}`);
        if (!page.notice?.includes('only they are shown here, without context')) fail(`${url}: does not say its passages alone exceed the cap`);
      } else if (shown * 3 > l.words) {
        fail(`${url}: more than a third: ${share}`);
      }
      measured += 1;
    }
  }

  const allText = [...seen.values()].map((p) => p.text).join('\n');
  for (const t of mustShow) if (!allText.includes(t)) fail(`not shown as text: ${t}`);

  // Follow every source from the index and the issue pages to its passage,
  // by clicking its link as a reader would.
  let followed = 0;
  let split = 0;
  for (const [url, page] of seen) {
    const count = page.links.filter((l) => l.cls.includes('passage')).length;
    for (let i = 0; i < count; i += 1) {
      await tab.goto(url);
      const link = tab.locator('a.passage').nth(i);
      const href = await link.evaluate((a) => a.href);
      await link.click();
      await tab.waitForURL(href);
      const landed = await tab.evaluate(() => {
        const t = document.querySelector(':target');
        if (!t) return { ok: false, why: `no element for ${location.hash}` };
        const r = t.getBoundingClientRect();
        const bg = getComputedStyle(t).backgroundColor;
        // Every piece of the passage (split around another, or across
        // paragraphs) is highlighted as the target is.
        const pieces = [...document.querySelectorAll(`mark.${CSS.escape(t.id)}`)];
        const unlit = pieces.filter((p) => getComputedStyle(p).backgroundColor !== bg);
        return {
          ok: t.matches('mark.cited') && r.top >= 0 && r.top < window.innerHeight && bg !== 'rgba(0, 0, 0, 0)' && pieces.includes(t) && unlit.length === 0,
          pieces: pieces.length,
          why: `${t.tagName}.${t.className} at ${r.top}px of ${window.innerHeight}, background ${bg}; ${unlit.length} of its ${pieces.length} pieces not highlighted: ${unlit.map((p) => `${p.textContent.slice(0, 40)} (${getComputedStyle(p).backgroundColor})`).join(' | ')}`,
        };
      });
      if (!landed.ok) fail(`following ${href} from ${url}: ${landed.why}`);
      followed += 1;
      if (landed.pieces > 1) split += 1;
    }
  }
  if (followed === 0) fail('no source links');
  if (errors.length) fail(errors.join('\n'));

  if (shots) {
    mkdirSync(shots, { recursive: true });
    const pages = [...seen.keys()];
    const pick = [pages[0], pages.find((p) => p.includes('/issues/')), pages.find((p) => p.includes('/articles/'))].filter(Boolean);
    for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
      await tab.setViewportSize({ width, height });
      for (const p of pick) {
        await tab.goto(p);
        const file = join(shots, `${name}-${p.slice(rootUrl.length).replace(/[/.]/g, '_')}.png`);
        await tab.screenshot({ path: file });
      }
    }
  }

  // At a phone's width nothing makes the page scroll sideways.
  await tab.setViewportSize({ width: 360, height: 740 });
  for (const url of seen.keys()) {
    await tab.goto(url);
    const wide = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 0) fail(`${url} is ${wide}px wider than a 360px phone`);
  }
  console.log(`ok: ${seen.size} pages, ${fragments.length} anchored links, ${followed} sources followed to their passages (${split} to a passage in pieces, every piece highlighted), ${external} http(s) links, ${measured} articles' shares measured`);
} finally {
  await browser.close();
}
