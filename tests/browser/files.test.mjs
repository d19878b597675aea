// The built site opened straight from disk (file://) in headless Chromium, as someone who
// unpacks it, or a reviewer with the output folder, would open it: pages link relatively and name
// `index.html`, because a folder opened from disk shows a listing, not its index.
//
// Every generated page but the 404 page: the theme's stylesheet applied, a favicon that is a
// file, no failed load and no request off the disk, and every internal `a[href]`, `link[href]`
// and `img[src]` resolves to an existing file (not a folder) inside the output folder; a
// #fragment names an id on the page it leads to. Then a walk by clicks from the home page
// through the navigation to a province, an indicator, a bulletin and the language switch.
//
// `cargo test --test browser` runs it through tests/browser.rs. By hand, from the repository root:
//
//   BULLETIN_SITE_DIR=output node --test --test-reporter=spec tests/browser/files.test.mjs
//
// Environment: BULLETIN_SITE_DIR (else the site is built into a temporary folder),
// BULLETIN_BIN, BULLETIN_ROOT, BULLETIN_CHROMIUM, CI=true (see site.test.mjs).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, CI } from './browser.mjs';
import { browserDefaults, buildSite, htmlFiles, missingPrerequisites, styleProbe, unstyled } from './built-site.mjs';

// The 404 page is not opened: a host serves it at whatever address was missing, so its links
// are rooted at the site's base path and mean nothing from disk (subpath.test.mjs and
// site.test.mjs check it served).
const NOT_FOUND_PAGE = '404.html';

const missing = missingPrerequisites(['playwright-core']);
if (missing.length > 0) {
  const reason = missing.join('; ');
  if (CI) {
    test('file:// browser test prerequisites (CI=true)', () => assert.fail(`cannot run in CI: ${reason}`));
  } else {
    process.stdout.write(`SKIPPED file:// browser tests: ${reason}\n`);
    test('site opened from disk', { skip: `SKIPPED: ${reason}` }, () => {});
  }
} else {
  suite();
}

/// Run in the page: what the checks need, gathered in one round trip.
function gather() {
  const attr = (e) => (e.localName === 'img' ? 'src' : 'href');
  return {
    lang: document.documentElement.lang,
    h1: document.querySelector('h1')?.textContent.trim() ?? null,
    icons: [...document.querySelectorAll('link[rel~="icon"]')].map((l) => l.getAttribute('href')),
    links: [...document.querySelectorAll('a[href], link[href], img[src]')].map((e) => ({
      tag: e.localName,
      rel: e.getAttribute('rel'),
      value: e.getAttribute(attr(e)),
    })),
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
  };
}

/// A tab that opens pages from disk one after the other; `visit` returns what a page gathered
/// and the problems seen while it loaded. One tab per worker: a new tab per page costs more than
/// the page.
async function openTab(context, defaults) {
  const page = await context.newPage();
  let problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    // The favicon loads after `load` and is cut short when the tab moves on (its file is
    // checked below); a missing file fails with ERR_FILE_NOT_FOUND.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`load failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  return {
    async visit(file) {
      problems = [];
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const found = await page.evaluate(gather);
      const style = await page.evaluate(styleProbe);
      const seen = problems;
      seen.push(...unstyled(style, defaults));
      if (!found.h1) seen.push('no <h1>');
      if (found.icons.length === 0) seen.push('no link rel="icon"');
      return { ...found, url: page.url(), problems: seen };
    },
    close: () => page.close(),
  };
}

/// What is wrong with one internal reference of `from`, or null. `idsOf(file)` gives the ids of
/// a generated page.
function checkReference(siteDir, from, { tag, rel, value }, idsOf) {
  const where = `<${tag}${rel ? ` rel="${rel}"` : ''}> ${JSON.stringify(value)}`;
  if (value === '#') return null;
  let url;
  try {
    url = new URL(value, from);
  } catch {
    return `${where}: not a URL`;
  }
  const fragment = url.hash ? decodeURIComponent(url.hash.slice(1)) : '';
  if (value.startsWith('#')) {
    return idsOf(fileURLToPath(from)).has(fragment) ? null : `${where}: no id "${fragment}" on this page`;
  }
  // Other hosts (the canonical address, sources, licences) and mailto: are not the site's files.
  if (url.protocol !== 'file:') return null;
  const file = fileURLToPath(url);
  if (!file.startsWith(siteDir + path.sep)) return `${where} -> ${file}: outside the output folder`;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return `${where} -> ${path.relative(siteDir, file)}: no such file`;
  if (stat.isDirectory()) {
    return `${where} -> ${path.relative(siteDir, file)}/: a folder (from disk a folder shows a listing, not its index.html)`;
  }
  if (fragment && !idsOf(file).has(fragment)) {
    return `${where} -> ${path.relative(siteDir, file)}: no id "${fragment}" there`;
  }
  return null;
}

function suite() {
  const state = {};

  describe('site opened from disk (file://) in headless Chromium', () => {
    before(async () => {
      const { chromium } = await import('playwright-core');
      state.site = buildSite();
      state.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      state.context = await state.browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
      // A page from disk may load nothing from a network: everything it needs is beside it.
      state.offDisk = [];
      await state.context.route(
        (u) => !/^(file|data|blob|about):$/.test(u.protocol),
        (route) => {
          state.offDisk.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      state.defaults = await browserDefaults(state.context);
    });

    after(async () => {
      await state.context?.close().catch(() => {});
      await state.browser?.close().catch(() => {});
      state.site?.cleanup();
    });

    test('every page: stylesheet applied, favicon a file, every internal link an existing file', async (t) => {
      const dir = state.site.dir;
      const files = htmlFiles(dir).filter((f) => f !== path.join(dir, NOT_FOUND_PAGE));
      assert.ok(files.length > 0, `no pages in ${dir}`);
      const visited = new Map(); // file -> what visit() gathered
      let next = 0;
      // Three pages at a time: the machine may have two cores.
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          const tab = await openTab(state.context, state.defaults);
          while (next < files.length) {
            const file = files[next++];
            visited.set(file, await tab.visit(file));
          }
          await tab.close();
        }),
      );

      const idCache = new Map();
      const idsOf = (file) => {
        if (visited.has(file)) return new Set(visited.get(file).ids);
        if (!idCache.has(file)) {
          // A page not opened (the 404 page) or not a page: ids as written in its markup.
          const text = file.endsWith('.html') && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
          idCache.set(file, new Set([...text.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1])));
        }
        return idCache.get(file);
      };

      const failures = [];
      let references = 0;
      for (const [file, page] of [...visited].sort(([a], [b]) => a.localeCompare(b))) {
        // The favicons are among the links: each must name an existing file.
        const problems = [...page.problems];
        for (const link of page.links) {
          references += 1;
          const problem = checkReference(dir, page.url, link, idsOf);
          if (problem) problems.push(problem);
        }
        if (problems.length) {
          failures.push(`${path.relative(dir, file)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        }
      }
      const offDisk = [...new Set(state.offDisk)];
      if (offDisk.length) failures.push(`requests off the disk (blocked): ${offDisk.join(', ')}`);
      t.diagnostic(`${visited.size} pages opened from disk, ${references} links checked`);
      process.stdout.write(`file:// summary: ${visited.size} pages, ${references} links and references checked, ${failures.length} pages with problems\n`);
      if (failures.length) assert.fail(`${failures.length} pages do not work from disk:\n${failures.join('\n')}`);
    });

    test('clicking from the home page: nav to a province, an indicator, a bulletin, the language switch', async () => {
      const dir = state.site.dir;
      const page = await state.context.newPage();
      const failed = [];
      page.on('requestfailed', (req) => failed.push(`${req.url()} (${req.failure()?.errorText})`));
      const main = (name) => page.locator('main').getByRole('link', { name, exact: true }).first();
      const nav = (name) => page.locator('nav.nav').getByRole('link', { name, exact: true });
      const language = (lang) => page.locator(`ul.langs a[hreflang="${lang}"]`);
      // Each step: what to click, the file it must open, and that page's <h1>.
      const steps = [
        [nav('Tỉnh, thành phố'), 'provinces/index.html', 'Tỉnh, thành phố'],
        [main('Thừa Thiên Huế'), 'provinces/thua-thien-hue/index.html', 'Thừa Thiên Huế'],
        [nav('Chỉ tiêu'), 'indicators/index.html', 'Chỉ tiêu'],
        [main('Tỷ lệ bao phủ BHYT'), 'indicators/hi_coverage/index.html', 'Tỷ lệ bao phủ BHYT'],
        [nav('Bản tin'), 'bulletins/index.html', 'Bản tin'],
        [
          main('Thừa Thiên Huế: bảo hiểm y tế gần như phủ kín toàn dân'),
          'bulletins/2022-07-thua-thien-hue/index.html',
          'Thừa Thiên Huế: bảo hiểm y tế gần như phủ kín toàn dân',
        ],
        [language('en'), 'en/bulletins/2022-07-thua-thien-hue/index.html', 'Thừa Thiên Huế: health insurance reaches almost everyone'],
        [page.locator('a.brand'), 'en/index.html', 'Social Security Bulletin'],
        [language('vi'), 'index.html', 'Bản tin an sinh xã hội'],
      ];
      try {
        await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
        for (const [link, file, h1] of steps) {
          const from = path.relative(dir, fileURLToPath(page.url()));
          const expected = pathToFileURL(path.join(dir, file)).href;
          await Promise.all([page.waitForURL(expected, { waitUntil: 'load', timeout: 10_000 }).catch(() => {}), link.click()]);
          const reached = page.url().startsWith('file:') ? path.relative(dir, fileURLToPath(page.url())) : page.url();
          assert.equal(reached, file, `clicking ${link} on ${from} opened ${reached}, expected ${file}`);
          assert.equal((await page.locator('h1').first().textContent()).trim(), h1, `the <h1> of ${file}`);
          const problems = unstyled(await page.evaluate(styleProbe), state.defaults);
          assert.deepEqual(problems, [], `${file} reached by a click is not styled`);
        }
        assert.deepEqual(failed, [], 'loads failed during the walk');
      } finally {
        await page.close();
      }
    });
  });
}
