// The built site served under a sub-path it was not built for (/some/deep/sub/), as when the
// output folder is copied into a corner of another site: pages link relatively, so every page
// must work there unchanged. A tiny static server strips the prefix, serves the files, a
// folder's index.html, and 404.html with status 404 for a missing address; anything outside the
// prefix is another site's and answers a bare 404.
//
// Every page but 404.html (each opened at its folder address, as a host shows it): the
// stylesheet loaded (its rules readable, the theme's styles computed), no failed request, no
// request outside the sub-path, no console error; then every internal link of every page
// answers 200 under the sub-path. The 404 page keeps root-absolute links (a host serves it at
// any depth): under a sub-path it was not built for, its stylesheet and links miss, which is
// asserted as it is; built with that sub-path as its base URL (`--base-url`), it works there.
// site.test.mjs checks the 404 page at the site's real base path.
//
// `cargo test --test browser` runs it through tests/browser.rs. By hand, from the repository root:
//
//   BULLETIN_SITE_DIR=output node --test --test-reporter=spec tests/browser/subpath.test.mjs
//
// Environment: BULLETIN_SITE_DIR (else the site is built into a temporary folder), BULLETIN_BIN
// (the program for the --base-url build; else `cargo run --release`), BULLETIN_ROOT,
// BULLETIN_CHROMIUM, CI=true (see site.test.mjs).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, CI } from './browser.mjs';
import { browserDefaults, buildSite, htmlFiles, missingPrerequisites, styleProbe, unstyled } from './built-site.mjs';

const PREFIX = '/some/deep/sub/';
const MISSING = `${PREFIX}no/such/page/`;
const NOT_FOUND_PAGE = '404.html';

const missing = missingPrerequisites(['playwright-core']);
if (missing.length > 0) {
  const reason = missing.join('; ');
  if (CI) {
    test('sub-path browser test prerequisites (CI=true)', () => assert.fail(`cannot run in CI: ${reason}`));
  } else {
    process.stdout.write(`SKIPPED sub-path browser tests: ${reason}\n`);
    test('site under a sub-path', { skip: `SKIPPED: ${reason}` }, () => {});
  }
} else {
  suite();
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/// Serves `root` under `prefix` on 127.0.0.1; `outside` collects the paths asked for outside it.
function serveUnder(root, prefix, outside) {
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const body = file ? fs.readFileSync(file) : Buffer.from('not found');
      const type = file ? TYPES[path.extname(file)] || 'application/octet-stream' : 'text/plain';
      res.writeHead(status, { 'content-type': type, 'content-length': body.length, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, null);
    }
    if (!pathname.startsWith(prefix)) {
      outside.push(pathname);
      return send(404, null);
    }
    const file = path.join(root, path.normalize(pathname.slice(prefix.length)));
    if (pathname.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return send(400, null);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, null, { location: `${pathname}/` });
      if (fs.existsSync(path.join(file, 'index.html'))) return send(200, path.join(file, 'index.html'));
    } else if (stat?.isFile()) {
      return send(200, file);
    }
    return send(404, path.join(root, NOT_FOUND_PAGE));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/// Run in the page: its <h1> and the address of every `a[href]`, `link[href]` and `img[src]`.
function gather() {
  return {
    h1: document.querySelector('h1')?.textContent.trim() ?? null,
    links: [...document.querySelectorAll('a[href], link[href], img[src]')].map((e) => {
      const value = e.getAttribute(e.localName === 'img' ? 'src' : 'href');
      return { tag: e.localName, rel: e.getAttribute('rel'), value, url: new URL(value, document.baseURI).href };
    }),
  };
}

/// A tab that opens served pages one after the other; `visit` returns the page's status, what it
/// gathered, its style probe and every failed or refused request while it loaded.
async function openTab(context) {
  const page = await context.newPage();
  let seen = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.push({ kind: 'console', text: msg.text() });
  });
  page.on('pageerror', (err) => seen.push({ kind: 'exception', text: err.message }));
  page.on('requestfailed', (req) => {
    // The favicon loads after `load` and is cut short when the tab moves on; the link test
    // fetches it.
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') seen.push({ kind: 'failed', text: `${req.url()} (${req.failure()?.errorText})` });
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400) seen.push({ kind: 'status', status: resp.status(), url: resp.url(), document: resp.request().isNavigationRequest() });
  });
  return {
    async visit(url) {
      seen = [];
      const response = await page.goto(url, { waitUntil: 'load' });
      const found = await page.evaluate(gather);
      const style = await page.evaluate(styleProbe);
      return { status: response?.status(), url: page.url(), ...found, style, seen };
    },
    close: () => page.close(),
  };
}

function describeSeen(s) {
  return s.kind === 'status' ? `HTTP ${s.status}: ${s.url}` : `${s.kind}: ${s.text}`;
}

function suite() {
  const state = {};

  describe(`site served under ${PREFIX} in headless Chromium`, () => {
    before(async () => {
      const { chromium } = await import('playwright-core');
      state.site = buildSite();
      state.outside = [];
      state.server = await serveUnder(state.site.dir, PREFIX, state.outside);
      state.origin = `http://127.0.0.1:${state.server.address().port}`;
      state.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      state.context = await state.browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
      state.external = [];
      await state.context.route(
        (u) => !u.href.startsWith(`${state.origin}/`) && !/^(data|blob|about):$/.test(u.protocol),
        (route) => {
          state.external.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      state.defaults = await browserDefaults(state.context);
    });

    after(async () => {
      await state.context?.close().catch(() => {});
      await state.browser?.close().catch(() => {});
      await new Promise((r) => (state.server ? state.server.close(r) : r()));
      state.site?.cleanup();
      state.rebased?.cleanup();
    });

    test('every page: stylesheet loaded, no failed request, every internal link answers 200 under the sub-path', async (t) => {
      const dir = state.site.dir;
      const base = state.origin + PREFIX;
      const addresses = htmlFiles(dir)
        .filter((f) => f !== path.join(dir, NOT_FOUND_PAGE))
        .map((f) => path.relative(dir, f).split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1'));
      const failures = [];
      const linked = new Map(); // link target without fragment -> pages linking to it
      let next = 0;
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          const tab = await openTab(state.context);
          while (next < addresses.length) {
            const address = PREFIX + addresses[next++];
            const page = await tab.visit(state.origin + address);
            const problems = page.seen.map(describeSeen);
            if (page.status !== 200) problems.push(`answered HTTP ${page.status}`);
            if (!page.h1) problems.push('no <h1>');
            problems.push(...unstyled(page.style, state.defaults));
            const sheet = page.style.sheets.find((s) => /\/style\.[0-9a-f]+\.css$/.test(s.href ?? ''));
            // Served from one origin, the sheet's rules are readable (from disk they are not).
            if (sheet && sheet.rules === null) problems.push(`the rules of ${sheet.href} cannot be read`);
            for (const { tag, rel, value, url } of page.links) {
              if (!url.startsWith(`${state.origin}/`)) continue;
              const target = url.replace(/#.*$/, '');
              if (!target.startsWith(base)) {
                problems.push(`<${tag}${rel ? ` rel="${rel}"` : ''}> ${JSON.stringify(value)} leaves the sub-path: ${target}`);
                continue;
              }
              if (!linked.has(target)) linked.set(target, new Set());
              linked.get(target).add(address);
            }
            if (problems.length) failures.push(`${address}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
          }
          await tab.close();
        }),
      );

      for (const [target, from] of [...linked].sort(([a], [b]) => a.localeCompare(b))) {
        const r = await fetch(target, { redirect: 'manual' });
        await r.arrayBuffer();
        if (r.status !== 200) {
          const pages = [...from].sort();
          failures.push(
            `${target.slice(state.origin.length)}: HTTP ${r.status}, linked from ${pages.slice(0, 5).join(', ')}` +
              (pages.length > 5 ? ` and ${pages.length - 5} more` : ''),
          );
        }
      }
      const outside = [...new Set(state.outside)];
      if (outside.length) failures.push(`requests outside ${PREFIX}: ${outside.join(', ')}`);
      if (state.external.length) failures.push(`requests to other hosts (blocked): ${[...new Set(state.external)].join(', ')}`);
      t.diagnostic(`${addresses.length} pages opened, ${linked.size} link targets fetched`);
      process.stdout.write(`sub-path summary: ${addresses.length} pages under ${PREFIX}, ${linked.size} distinct link targets fetched, ${failures.length} problems\n`);
      if (failures.length) assert.fail(`${failures.length} problems under ${PREFIX}:\n${failures.sort().join('\n')}`);
    });

    test(`the 404 page at ${MISSING} of a site built for /: shown, with root links that miss the sub-path`, async () => {
      // What is true, not what one would wish: the 404 page names its stylesheet and home page
      // from the root of the base URL the site was built for (here /), because a host serves it
      // at any depth. Copied under another sub-path, its text shows, unstyled, and its links
      // lead out of the sub-path. The next test builds the site for the sub-path.
      state.outside.length = 0;
      const tab = await openTab(state.context);
      try {
        const page = await tab.visit(state.origin + MISSING);
        assert.equal(page.status, 404);
        assert.ok(page.h1, 'the 404 page has an <h1>');
        const stylesheet = page.links.find((l) => l.rel === 'stylesheet');
        assert.match(stylesheet?.value ?? '', /^\/style\.[0-9a-f]+\.css$/, 'the stylesheet is named from the root');
        assert.ok(
          page.seen.some((s) => s.kind === 'status' && s.status === 404 && s.url === state.origin + stylesheet.value),
          `the stylesheet ${stylesheet.value} is not found outside ${PREFIX}: ${page.seen.map(describeSeen).join('; ')}`,
        );
        assert.notDeepEqual(unstyled(page.style, state.defaults), [], 'the page shows without the theme');
        const home = page.links.find((l) => l.tag === 'a' && l.value === '/');
        assert.ok(home, `the 404 page links home as "/" (links: ${page.links.map((l) => l.value).join(', ')})`);
        assert.ok(state.outside.includes(stylesheet.value), `the server saw ${stylesheet.value} asked for outside ${PREFIX}`);
      } finally {
        await tab.close();
      }
    });

    test(`the 404 page of a site built for ${PREFIX} works there at any depth`, async () => {
      state.rebased = buildSite({ baseUrl: `https://bulletin.example.vn${PREFIX}` });
      const outside = [];
      const server = await serveUnder(state.rebased.dir, PREFIX, outside);
      const origin = `http://127.0.0.1:${server.address().port}`;
      const context = await state.browser.newContext({ serviceWorkers: 'block' });
      await context.route(
        (u) => !u.href.startsWith(`${origin}/`) && !/^(data|blob|about):$/.test(u.protocol),
        (route) => route.abort('blockedbyclient'),
      );
      const tab = await openTab(context);
      try {
        for (const address of [MISSING, `${PREFIX}en/no/such/deeper/page/`, `${PREFIX}missing.html`]) {
          const page = await tab.visit(origin + address);
          assert.equal(page.status, 404, address);
          const problems = page.seen.filter((s) => !(s.kind === 'status' && s.document && s.status === 404));
          // Chromium logs the status of the deliberate 404 document as a console error.
          const unexpected = problems.filter((s) => !(s.kind === 'console' && s.text.includes('status of 404')));
          assert.deepEqual(unexpected.map(describeSeen), [], `${address}: failed loads`);
          assert.deepEqual(unstyled(page.style, state.defaults), [], `${address}: not styled`);
          // `#main` (the skip link) is this very page, the missing address.
          const links = page.links.filter((l) => l.url.startsWith(`${origin}/`) && !l.value.startsWith('#'));
          for (const l of links) {
            assert.ok(l.url.startsWith(origin + PREFIX), `${address}: ${l.value} leaves ${PREFIX}`);
            const r = await fetch(l.url.replace(/#.*$/, ''), { redirect: 'manual' });
            await r.arrayBuffer();
            assert.equal(r.status, 200, `${address}: ${l.value} answers HTTP ${r.status}`);
          }
          assert.ok(links.some((l) => l.tag === 'a' && l.url === origin + PREFIX), `${address}: no link to ${PREFIX}`);
        }
        assert.deepEqual(outside, [], `requests outside ${PREFIX}`);
      } finally {
        await tab.close();
        await context.close();
        await new Promise((r) => server.close(r));
      }
    });
  });
}
