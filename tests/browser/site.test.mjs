// Real-browser checks of the generated site (issue 5, items 1-4).
//
// Serves a built site on 127.0.0.1 (a random free port) and opens every generated page in
// headless Debian Chromium through playwright-core, at a desktop and a phone width: no console
// error, no failed request, an <h1>, the main navigation, every svg[role=img] chart visible;
// axe-core on every page (serious and critical violations fail); every link answers 200; the
// nav links and the language switch (provinces, bulletins) lead where they should; the Nu HTML
// Checker (vnu.jar, needs Java) over every generated .html file.
//
// `cargo test` runs it through tests/browser.rs. By hand, from the repository root:
//
//   node --test --test-reporter=spec tests/browser/site.test.mjs      (builds the site itself)
//   BULLETIN_SITE_DIR=output node --test --test-reporter=spec tests/browser/site.test.mjs
//
// Environment:
//   BULLETIN_SITE_DIR   a built site to check; when unset the site is built into a temporary
//                       folder with BULLETIN_BIN, or `cargo run --release -- build` without it
//   BULLETIN_BIN        the program that builds the site (and runs injection.test.mjs)
//   BULLETIN_ROOT       the site root (bulletin.toml, content/); default: the repository root
//   BULLETIN_CHROMIUM   the browser; default /usr/bin/chromium
//   CI=true             a missing browser, npm package or Java fails the run instead of skipping

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, CI } from './browser.mjs';
import { ROOT, buildSite, htmlFiles, missingPrerequisites } from './built-site.mjs';

const require = createRequire(import.meta.url);

// One page of each kind, in both languages where the kind has both. These must exist.
const PAGE_KINDS = [
  ['home (vi)', '/'],
  ['home (en)', '/en/'],
  ['provinces index (vi)', '/provinces/'],
  ['provinces index (en)', '/en/provinces/'],
  ['province (vi)', '/provinces/thua-thien-hue/'],
  ['province (en)', '/en/provinces/yen-bai/'],
  ['indicators index (vi)', '/indicators/'],
  ['indicators index (en)', '/en/indicators/'],
  ['indicator (vi)', '/indicators/hi_coverage/'],
  ['indicator (en)', '/en/indicators/hi_coverage/'],
  ['bulletins index (vi)', '/bulletins/'],
  ['bulletins index (en)', '/en/bulletins/'],
  ['bulletin (vi)', '/bulletins/2022-07-thua-thien-hue/'],
  ['bulletin (en)', '/en/bulletins/2022-07-thua-thien-hue/'],
  ['not found page', '/404.html'],
  // The server answers an unknown address with 404.html and status 404, as static hosts do:
  // the page must still work at a nested address (stylesheet and links root-relative).
  ['not found page (served for a missing address)', '/no/such/page/', { status: 404 }],
];

// ---------------------------------------------------------------------------------------------
// Prerequisites: in CI a missing one fails the run; locally the suite is skipped, loudly.

function javaMissing() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error) return `java not found on PATH (${r.error.code}); install a Java runtime (apt-get install default-jre-headless)`;
  if (r.status !== 0) return `\`java -version\` exited with ${r.status}: ${(r.stderr || '').trim()}`;
  return null;
}

const missing = missingPrerequisites(['playwright-core', 'axe-core', 'vnu-jar']);
if (missing.length > 0) {
  const reason = missing.join('; ');
  if (CI) {
    test('browser test prerequisites (CI=true)', () => {
      assert.fail(`browser tests cannot run in CI: ${reason}`);
    });
  } else {
    process.stdout.write(`SKIPPED browser tests: ${reason}\n`);
    test('browser tests', { skip: `SKIPPED browser tests: ${reason}` }, () => {});
  }
} else {
  suite();
}

// ---------------------------------------------------------------------------------------------
// The built site and a static server for it.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
};

function serve(root) {
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const body = file ? fs.readFileSync(file) : Buffer.alloc(0);
      res.writeHead(status, {
        'content-type': file ? TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' : 'text/plain',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null);
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, null);
    }
    const file = path.join(root, path.normalize(pathname));
    if (pathname.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return send(400, null);
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, null, { location: `${pathname}/` });
      stat = fs.statSync(path.join(file, 'index.html'), { throwIfNoEntry: false });
      if (stat?.isFile()) return send(200, path.join(file, 'index.html'));
    } else if (stat?.isFile()) {
      return send(200, file);
    }
    const notFound = path.join(root, '404.html');
    return fs.existsSync(notFound) ? send(404, notFound) : send(404, null);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/// The address of a generated file: `provinces/x/index.html` -> `/provinces/x/`.
function addressOf(siteDir, file) {
  const rel = path.relative(siteDir, file).split(path.sep).join('/');
  return pageOf('/' + rel);
}

/// The page a path shows, in the form this suite names pages: `/provinces/index.html` ->
/// `/provinces/`. Pages link to `…/index.html` (so the site also works opened from disk, where a
/// folder is a listing, not its index) and a server shows the same file at `…/`.
function pageOf(pathname) {
  return pathname.replace(/(^|\/)index\.html$/, '$1');
}

/// The site's default language (served at the root) from bulletin.toml.
function defaultLanguage() {
  const file = path.join(ROOT, 'bulletin.toml');
  const toml = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return /^\s*default_language\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? 'vi';
}

/// Bulletin translations from the content's front matter: `/bulletins/a/` -> `/en/bulletins/b/`.
function bulletinTranslations(siteDir) {
  const dir = path.join(ROOT, 'content', 'bulletins');
  if (!fs.existsSync(dir)) return [];
  const defaultLang = defaultLanguage();
  const byKey = new Map();
  for (const name of fs.readdirSync(dir)) {
    const m = /^(.+)\.([a-z]{2})\.md$/.exec(name);
    if (!m) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const front = /^\uFEFF?\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+/.exec(text)?.[1] ?? '';
    const key = /^\s*translation\s*=\s*"([^"]*)"/m.exec(front)?.[1];
    const draft = /^\s*draft\s*=\s*true/m.test(front);
    if (!key || draft) continue;
    const lang = m[2];
    const address = `${lang === defaultLang ? '' : `/${lang}`}/bulletins/${m[1]}/`;
    if (!fs.existsSync(path.join(siteDir, address, 'index.html'))) continue;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push({ lang, address });
  }
  const pairs = [];
  for (const versions of byKey.values()) {
    for (const from of versions) {
      for (const to of versions) if (from !== to) pairs.push({ from: from.address, to: to.address, lang: to.lang });
    }
  }
  return pairs.sort((a, b) => a.from.localeCompare(b.from));
}

// ---------------------------------------------------------------------------------------------
// Checking one page.

const AXE_PATH = (() => {
  try {
    return require.resolve('axe-core/axe.min.js');
  } catch {
    return null;
  }
})();

// Pages open at the first viewport; charts are measured at each (phones get the narrow drawing).
const VIEWPORTS = [
  { name: 'desktop 1280x800', width: 1280, height: 800 },
  { name: 'phone 375x800', width: 375, height: 800 },
];

async function runAxe(page) {
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.slice(0, 200),
        summary: n.failureSummary,
      })),
    }));
  });
}

/// Every svg[role=img]: its size, whether it is shown, its label and its container.
async function measureCharts(page) {
  return page.evaluate(() => {
    const containers = [];
    return [...document.querySelectorAll('svg.chart-svg[role="img"], svg.chart-svg[role="group"]')].map((svg) => {
      const r = svg.getBoundingClientRect();
      const shown = svg.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      const container = svg.closest('figure') || svg.parentElement;
      let group = containers.indexOf(container);
      if (group < 0) group = containers.push(container) - 1;
      const firstId = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)[0];
      const label =
        svg.getAttribute('aria-label') ||
        (firstId && document.getElementById(firstId)?.textContent) ||
        svg.querySelector('title')?.textContent ||
        '';
      const where = container.id
        ? `${container.localName}#${container.id}`
        : `${container.localName}${[...container.classList].map((c) => `.${c}`).join('')}`;
      return {
        w: Math.round(r.width),
        h: Math.round(r.height),
        visible: shown && r.width > 0 && r.height > 0,
        group,
        where,
        label: label.trim().replace(/\s+/g, ' ').slice(0, 80),
      };
    });
  });
}

/// Opens `address`, returns the problems found (strings) and the axe violations. axe runs at the
/// first viewport, and at every viewport when `axeEveryViewport` is set.
async function checkPage(context, origin, address, { status = 200, axeEveryViewport = false } = {}) {
  const page = await context.newPage();
  const problems = [];
  const url = origin + address;
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      // Chromium logs the status of a document it was told to expect (the deliberate 404).
      if (status !== 200 && loc?.url === url && msg.text().includes(`status of ${status} `)) return;
      problems.push(`console error: ${msg.text()}${loc?.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (resp) => {
    const isDocument = resp.request().isNavigationRequest() && resp.url() === url;
    if (resp.status() >= 400 && !(isDocument && resp.status() === status)) {
      problems.push(`HTTP ${resp.status()}: ${resp.request().method()} ${resp.url()}`);
    }
  });
  let violations = [];
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response) problems.push('no response for the page itself');
    else if (response.status() !== status) problems.push(`page answered HTTP ${response.status()}, expected ${status}`);

    const h1 = await page.locator('h1').count();
    if (h1 === 0) problems.push('no <h1> on the page');
    else if (!(await page.locator('h1').first().isVisible())) problems.push('the <h1> is not visible');
    const lang = await page.getAttribute('html', 'lang');
    if (!lang) problems.push('<html> has no lang attribute');

    // The main navigation leads to the sections of the page's own language.
    const prefix = !lang || lang === defaultLanguage() ? '' : `/${lang}`;
    const nav = await page.locator('nav.nav a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname)).then((paths) => paths.map(pageOf));
    for (const section of ['provinces/', 'indicators/', 'bulletins/']) {
      if (!nav.includes(`${prefix}/${section}`)) {
        problems.push(`nav.nav has no link to ${prefix}/${section} (its links: ${nav.join(', ') || 'none'})`);
      }
    }

    // Every link to another page of the site, to be fetched once by the link test.
    const links = await page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => new URL(a.getAttribute("href"), document.baseURI).href))
      .then((hrefs) =>
        hrefs.map((h) => h.replace(/#.*$/, '')).filter((h) => h.startsWith(origin + '/') && h !== url),
      );
    for (const l of links) linkSources(l).add(address);

    // Charts: every svg[role=img] is rendered with a non-zero size at one viewport at least
    // (a chart may come as a wide and a narrow drawing, one of them hidden by a media query),
    // and at each viewport every chart container (its <figure>) shows one of its drawings.
    const measured = [await measureCharts(page)];
    await page.addScriptTag({ path: AXE_PATH });
    const seen = new Map(); // rule + element -> violation, over both viewports
    const addViolations = (list, viewport) => {
      for (const v of list) {
        for (const node of v.nodes) {
          const key = `${v.id} ${node.target}`;
          if (!seen.has(key)) seen.set(key, { ...v, node, viewport });
        }
      }
    };
    addViolations(await runAxe(page), VIEWPORTS[0].name);
    for (const viewport of VIEWPORTS.slice(1)) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      measured.push(await measureCharts(page));
      if (axeEveryViewport) addViolations(await runAxe(page), viewport.name);
    }
    const n = measured[0].length;
    for (let i = 0; i < n; i++) {
      const c = measured[0][i];
      if (!measured.some((m) => m[i]?.visible)) {
        const sizes = VIEWPORTS.map((v, k) => `${measured[k][i]?.w ?? '?'}x${measured[k][i]?.h ?? '?'} at ${v.name}`);
        problems.push(
          `svg[role=img] #${i + 1} of ${n} in ${c.where}${c.label ? ` ("${c.label}")` : ''} is never visible: ${sizes.join(', ')}`,
        );
      }
    }
    VIEWPORTS.forEach((v, k) => {
      const groups = new Map();
      for (const c of measured[k]) {
        const g = groups.get(c.group) ?? { where: c.where, count: 0, visible: 0 };
        g.count += 1;
        if (c.visible) g.visible += 1;
        groups.set(c.group, g);
      }
      for (const g of groups.values()) {
        if (g.visible === 0 && g.count > 0) {
          problems.push(`at ${v.name}, ${g.where} shows none of its ${g.count} svg[role=img] drawings`);
        }
      }
    });

    violations = [];
    for (const { node, viewport, ...v } of seen.values()) {
      violations.push({ ...v, viewport, nodes: [node] });
      if (v.impact === 'serious' || v.impact === 'critical') {
        problems.push(
          `axe ${v.impact} ${v.id} (${v.help}) at ${viewport}: ${node.target} ${node.html}\n      ${(node.summary || '').replace(/\n/g, '\n      ')}`,
        );
      }
    }
    return { problems, violations, charts: n };
  } finally {
    await page.close();
  }
}

const linkSourceMap = new Map(); // link target (no fragment) -> Set of pages linking to it
function linkSources(target) {
  if (!linkSourceMap.has(target)) linkSourceMap.set(target, new Set());
  return linkSourceMap.get(target);
}

function reportOf(address, problems) {
  return `${address}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

// ---------------------------------------------------------------------------------------------

function suite() {
  const state = {};
  const axeTally = new Map(); // rule -> { impact, help, nodes, pages:Set }
  const pagesOpened = new Set();
  let chartsSeen = 0;

  function tally(address, violations) {
    pagesOpened.add(address);
    for (const v of violations) {
      const t = axeTally.get(v.id) ?? { impact: v.impact, help: v.help, nodes: 0, pages: new Set() };
      t.nodes += v.nodes.length;
      t.pages.add(address);
      axeTally.set(v.id, t);
    }
  }

  describe('site in headless Chromium', () => {
    before(async () => {
      const { chromium } = await import('playwright-core');
      state.site = buildSite();
      state.server = await serve(state.site.dir);
      state.origin = `http://127.0.0.1:${state.server.address().port}`;
      state.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      state.context = await state.browser.newContext({
        serviceWorkers: 'block',
        viewport: { width: VIEWPORTS[0].width, height: VIEWPORTS[0].height },
      });
      // No page may reach anything but the local server.
      state.external = [];
      await state.context.route(
        (u) => !u.href.startsWith(state.origin) && !/^(data|blob|about):/.test(u.protocol),
        (route) => {
          state.external.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
    });

    after(async () => {
      await state.context?.close().catch(() => {});
      await state.browser?.close().catch(() => {});
      await new Promise((r) => (state.server ? state.server.close(r) : r()));
      state.site?.cleanup();
      const lines = [`browser summary: ${pagesOpened.size} pages opened, ${chartsSeen} svg charts checked`];
      const rules = [...axeTally.entries()].sort((a, b) => b[1].nodes - a[1].nodes);
      const total = rules.reduce((s, [, t]) => s + t.nodes, 0);
      const serious = rules.filter(([, t]) => t.impact === 'serious' || t.impact === 'critical');
      lines.push(
        `axe summary: ${total} violating elements in ${rules.length} rules; ` +
          `${serious.reduce((s, [, t]) => s + t.nodes, 0)} serious or critical`,
      );
      for (const [id, t] of rules) {
        lines.push(`  axe ${t.impact} ${id}: ${t.nodes} elements on ${t.pages.size} pages (${t.help})`);
      }
      if (state.external?.length) lines.push(`blocked requests to other hosts: ${[...new Set(state.external)].join(', ')}`);
      process.stdout.write(lines.join('\n') + '\n');
    });

    describe('every page kind: no console error, no failed request, an <h1>, visible charts, axe at both widths', () => {
      for (const [kind, address, options] of PAGE_KINDS) {
        test(`${kind}: ${address}`, async () => {
          if (!options?.status) {
            const file = path.join(state.site.dir, address.endsWith('/') ? `${address}index.html` : address);
            assert.ok(fs.existsSync(file), `the site has no page ${address} (${file})`);
          }
          const r = await checkPage(state.context, state.origin, address, { ...options, axeEveryViewport: true });
          tally(address, r.violations);
          chartsSeen += r.charts;
          if (r.problems.length) assert.fail(reportOf(`${kind} ${address}`, r.problems));
        });
      }
    });

    test('every other generated page: no console error, no failed request, an <h1>, visible charts, axe', async (t) => {
      const known = new Set(PAGE_KINDS.map(([, a]) => a));
      const addresses = htmlFiles(state.site.dir)
        .map((f) => addressOf(state.site.dir, f))
        .filter((a) => !known.has(a));
      const failures = [];
      // A few pages at a time: the machine has two cores.
      let next = 0;
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          while (next < addresses.length) {
            const address = addresses[next++];
            const r = await checkPage(state.context, state.origin, address);
            tally(address, r.violations);
            chartsSeen += r.charts;
            if (r.problems.length) failures.push(reportOf(address, r.problems));
          }
        }),
      );
      t.diagnostic(`${addresses.length} pages checked`);
      if (failures.length) {
        assert.fail(`${failures.length} of ${addresses.length} pages have problems:\n${failures.sort().join('\n')}`);
      }
    });

    test('every link on the opened pages leads to a page that answers HTTP 200', async (t) => {
      if (pagesOpened.size === 0) return t.skip('no page was opened (the page tests were filtered out)');
      const targets = [...linkSourceMap.keys()].sort();
      assert.ok(targets.length > 0, `no links on the ${pagesOpened.size} pages opened`);
      const problems = [];
      for (const target of targets) {
        const r = await fetch(target, { redirect: 'manual' });
        await r.arrayBuffer();
        if (r.status !== 200) {
          const from = [...linkSourceMap.get(target)].sort();
          problems.push(
            `${target.slice(state.origin.length)}: HTTP ${r.status}, linked from ${from.slice(0, 5).join(', ')}` +
              (from.length > 5 ? ` and ${from.length - 5} more` : ''),
          );
        }
      }
      process.stdout.write(`link summary: ${targets.length} distinct link targets fetched, ${problems.length} broken\n`);
      if (problems.length) assert.fail(`${problems.length} broken links:\n${problems.join('\n')}`);
    });

    for (const prefix of ['', '/en']) {
      test(`navigation links from ${prefix || ''}/ reach the provinces, indicators and bulletins pages`, async () => {
        const page = await state.context.newPage();
        try {
          await page.goto(`${state.origin}${prefix}/`);
          const links = page.locator('nav.nav a');
          const count = await links.count();
          const reached = [];
          const problems = [];
          for (let i = 0; i < count; i++) {
            await page.goto(`${state.origin}${prefix}/`);
            const link = page.locator('nav.nav a').nth(i);
            const label = (await link.textContent()).trim();
            const navigation = page.waitForResponse((r) => r.request().isNavigationRequest());
            await link.click();
            const response = await navigation;
            await page.waitForLoadState('load');
            const where = pageOf(new URL(page.url()).pathname);
            reached.push(where);
            if (response.status() !== 200) problems.push(`"${label}" -> ${where}: HTTP ${response.status()}`);
            if ((await page.locator('h1').count()) === 0) problems.push(`"${label}" -> ${where}: no <h1>`);
            const current = await page
              .locator('nav.nav a[aria-current="page"]')
              .evaluate((a) => new URL(a.href).pathname, null, { timeout: 2000 })
              .then(pageOf, () => null);
            if (current !== where) {
              problems.push(`"${label}" -> ${where}: the nav marks ${current ?? 'no link'} as aria-current="page"`);
            }
          }
          const expected = ['provinces/', 'indicators/', 'bulletins/'].map((s) => `${prefix}/${s}`);
          for (const e of expected) if (!reached.includes(e)) problems.push(`no nav link reaches ${e} (reached: ${reached.join(', ')})`);
          // The brand link leads home.
          await page.goto(`${state.origin}${prefix}/provinces/`);
          await page.locator('a.brand').click();
          await page.waitForURL((u) => pageOf(u.pathname) === `${prefix}/`, { timeout: 5000 }).catch(() => {});
          const home = pageOf(new URL(page.url()).pathname);
          if (home !== `${prefix}/`) problems.push(`the brand link on ${prefix}/provinces/ leads to ${home}, not ${prefix}/`);
          if (problems.length) assert.fail(problems.join('\n'));
        } finally {
          await page.close();
        }
      });
    }

    async function switchLanguage(page, from, lang) {
      const r = await page.goto(state.origin + from);
      assert.equal(r.status(), 200, `${from} answered HTTP ${r.status()}`);
      const link = page.locator(`ul.langs a[hreflang="${lang}"]`);
      assert.equal(await link.count(), 1, `${from}: expected one language link to ${lang} in ul.langs`);
      const navigation = page.waitForResponse((resp) => resp.request().isNavigationRequest());
      await link.click();
      const response = await navigation;
      await page.waitForLoadState('load');
      return {
        where: pageOf(new URL(page.url()).pathname),
        status: response.status(),
        lang: await page.getAttribute('html', 'lang'),
        h1: await page.locator('h1').count(),
      };
    }

    test('language switch on every province page reaches the same province in the other language', async () => {
      const dir = state.site.dir;
      const slugs = fs
        .readdirSync(path.join(dir, 'provinces'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      assert.ok(slugs.includes('thua-thien-hue') && slugs.includes('yen-bai'), `province pages: ${slugs.join(', ')}`);
      const problems = [];
      const page = await state.context.newPage();
      for (const slug of slugs) {
        for (const [from, to, lang] of [
          [`/provinces/${slug}/`, `/en/provinces/${slug}/`, 'en'],
          [`/en/provinces/${slug}/`, `/provinces/${slug}/`, 'vi'],
        ]) {
          if (!fs.existsSync(path.join(dir, from, 'index.html'))) {
            problems.push(`${from} does not exist`);
            continue;
          }
          const r = await switchLanguage(page, from, lang);
          if (r.where !== to) problems.push(`${from} -> ${lang}: reached ${r.where}, expected ${to}`);
          else if (r.status !== 200 || r.lang !== lang || r.h1 === 0) {
            problems.push(`${from} -> ${to}: HTTP ${r.status}, <html lang="${r.lang}">, ${r.h1} <h1>`);
          }
        }
      }
      await page.close();
      if (problems.length) assert.fail(problems.join('\n'));
    });

    test('language switch on every bulletin reaches its translation', async () => {
      const pairs = bulletinTranslations(state.site.dir);
      assert.ok(
        pairs.some((p) => p.from === '/bulletins/2022-07-thua-thien-hue/'),
        `expected /bulletins/2022-07-thua-thien-hue/ to have a translation (found: ${pairs.map((p) => p.from).join(', ')})`,
      );
      const problems = [];
      const page = await state.context.newPage();
      for (const { from, to, lang } of pairs) {
        const r = await switchLanguage(page, from, lang);
        if (r.where !== to) problems.push(`${from} -> ${lang}: reached ${r.where}, expected its translation ${to}`);
        else if (r.status !== 200 || r.lang !== lang || r.h1 === 0) {
          problems.push(`${from} -> ${to}: HTTP ${r.status}, <html lang="${r.lang}">, ${r.h1} <h1>`);
        }
      }
      await page.close();
      if (problems.length) assert.fail(problems.join('\n'));
    });

    test('Nu HTML Checker: no errors in any generated .html file', async (t) => {
      const noJava = javaMissing();
      if (noJava) {
        if (CI) assert.fail(`HTML validation cannot run in CI: ${noJava}`);
        process.stdout.write(`SKIPPED HTML validation (Nu HTML Checker): ${noJava}\n`);
        t.skip(`SKIPPED HTML validation: ${noJava}`);
        return;
      }
      const files = htmlFiles(state.site.dir);
      assert.ok(files.length > 0, 'no .html files in the site');
      const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
      const r = spawnSync('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', ...files], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 180_000,
      });
      if (r.error) assert.fail(`running vnu.jar failed: ${r.error.message}`);
      let report;
      try {
        report = JSON.parse(r.stderr || r.stdout);
      } catch {
        assert.fail(`vnu.jar exited with ${r.status} without a JSON report:\n${r.stdout}\n${r.stderr}`);
      }
      const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
      t.diagnostic(`Nu HTML Checker: ${files.length} files, ${errors.length} errors`);
      process.stdout.write(`vnu summary: ${files.length} .html files checked, ${errors.length} errors\n`);
      if (errors.length) {
        // Grouped by message: one template mistake shows up on many pages.
        const byMessage = new Map();
        for (const m of errors) {
          const file = m.url ? path.relative(state.site.dir, fileURLToPath(m.url)) : '(no file)';
          const at = m.lastLine ? `:${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
          const key = `${m.type === 'error' ? '' : `${m.type}: `}${m.message}`;
          if (!byMessage.has(key)) byMessage.set(key, []);
          byMessage.get(key).push(`${file}${at}${m.extract ? `  ${JSON.stringify(m.extract)}` : ''}`);
        }
        const lines = [...byMessage.entries()]
          .sort((a, b) => b[1].length - a[1].length)
          .map(([message, where]) => `  ${where.length}x ${message}\n${where.map((w) => `      ${w}`).join('\n')}`);
        assert.fail(`${errors.length} HTML errors (${byMessage.size} distinct messages):\n${lines.join('\n')}`);
      }
      assert.equal(r.status, 0, `vnu.jar exited with ${r.status}:\n${r.stderr}`);
    });
  });
}
