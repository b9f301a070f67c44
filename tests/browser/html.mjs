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
// - pages fit a phone's width without scrolling sideways.
// With SCREENSHOTS=DIR, saves the index, an issue and an article at desktop
// and phone widths there.
//
//   node html.mjs EXPORT_DIR [MUST_SHOW_TEXT ...]
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [root, ...mustShow] = process.argv.slice(2);
if (!root) fail('usage: node html.mjs EXPORT_DIR [TEXT ...]');
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
  }));
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
  const allText = [...seen.values()].map((p) => p.text).join('\n');
  for (const t of mustShow) if (!allText.includes(t)) fail(`not shown as text: ${t}`);

  // Follow every source from the index and the issue pages to its passage,
  // by clicking its link as a reader would.
  let followed = 0;
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
        return {
          ok: t.matches('mark.cited') && r.top >= 0 && r.top < window.innerHeight && bg !== 'rgba(0, 0, 0, 0)',
          why: `${t.tagName}.${t.className} at ${r.top}px of ${window.innerHeight}, background ${bg}`,
        };
      });
      if (!landed.ok) fail(`following ${href} from ${url}: ${landed.why}`);
      followed += 1;
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
  console.log(`ok: ${seen.size} pages, ${fragments.length} anchored links, ${followed} sources followed to their passages, ${external} http(s) links`);
} finally {
  await browser.close();
}
