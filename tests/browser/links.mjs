// Links to passages survive edits: every passage link of one web dossier
// export (OLD), opened in a later export of the same dossier after the
// curator added citations (NEW: one earlier in the article, one
// overlapping a cited passage), must still land on the same passage, whole
// and highlighted.
//
//   node links.mjs OLD_EXPORT_DIR NEW_EXPORT_DIR
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, fail } from './chromium.mjs';

const [oldDir, newDir] = process.argv.slice(2);
if (!newDir) fail('usage: node links.mjs OLD_EXPORT_DIR NEW_EXPORT_DIR');
const oldRoot = pathToFileURL(resolve(oldDir) + '/').href;
const newRoot = pathToFileURL(resolve(newDir) + '/').href;
const flat = (t) => t.replace(/[\s“”]/gu, '');

const browser = await launch();
try {
  const tab = await browser.context.newPage();
  // The passage links of the old export, with the passage each quotes.
  const links = [];
  const pages = new Set(['index.html']);
  await tab.goto(oldRoot + 'index.html');
  for (const h of await tab.evaluate(() => [...document.querySelectorAll('a[href^="issues/"]')].map((a) => a.getAttribute('href')))) pages.add(h);
  for (const p of pages) {
    await tab.goto(oldRoot + p);
    const found = await tab.evaluate(() => [...document.querySelectorAll('a.passage')].map((a) => ({ href: a.href, text: a.textContent })));
    for (const l of found) links.push({ rel: l.href.slice(oldRoot.length), text: l.text });
  }
  if (links.length === 0) fail('no passage links in the old export');
  for (const l of links) {
    await tab.goto(newRoot + l.rel);
    const got = await tab.evaluate(() => {
      const t = document.querySelector(':target');
      if (!t) return null;
      const pieces = [...document.querySelectorAll(`mark.${CSS.escape(t.id)}`)];
      const bg = getComputedStyle(t).backgroundColor;
      return {
        cited: t.matches('mark.cited'),
        text: pieces.map((p) => p.textContent).join(''),
        unlit: pieces.filter((p) => getComputedStyle(p).backgroundColor !== bg).length,
        pieces: pieces.length,
      };
    });
    if (!got) fail(`${l.rel}, made before the edit, names nothing in the new export`);
    if (!got.cited) fail(`${l.rel} lands on something that is not a passage`);
    if (flat(got.text) !== flat(l.text)) fail(`${l.rel} lands on another passage: "${got.text}" where the link quoted ${l.text}`);
    if (got.unlit) fail(`${l.rel}: ${got.unlit} of ${got.pieces} pieces not highlighted`);
  }
  console.log(`ok: ${links.length} links made before the edit land on their passages, whole and highlighted`);
} finally {
  await browser.close();
}
