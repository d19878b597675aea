// `bulletin serve` in a real browser: a page left open reloads by itself after a data edit and
// shows the new figure; a mistake in a bulletin shows as an overlay over the last good page; the
// fix clears it; Ctrl-C stops the server. The HTTP side (types, paths, the event stream, the
// build without the script) is tests/serve.rs; this file checks what a person sees.
//
// Serves a copy of the reference site (a temporary folder) with `bulletin serve --port <free>`,
// opens /bulletins/2022-05-binh-duong/ (Vietnamese) in headless Chromium and never reloads or
// navigates it from the test: every change of the page must come from the preview's script.
//
// `cargo test --test browser` runs it through tests/browser.rs. By hand, from the repository root:
//
//   cargo build && BULLETIN_BIN=$PWD/target/debug/bulletin \
//     node --test --test-reporter=spec tests/browser/serve.test.mjs
//
// Environment:
//   BULLETIN_BIN          the program to serve with; when unset, `cargo build` makes one
//   BULLETIN_CHROMIUM     the browser; default /usr/bin/chromium
//   BULLETIN_SCREENSHOTS  a folder: the page with the overlay is saved there at 1280 and 375 px
//   CI=true               a missing browser or npm package fails the run instead of skipping

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, CI } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const REPO = path.resolve(here, '..', '..');

// Generous: a debug build on a loaded 2-core machine reloads in a second or two.
const WAIT_MS = 30_000;

// The page, the data cells it shows and the Markdown line the mistake goes into.
const PAGE = '/bulletins/2022-05-binh-duong/';
const CSV = 'data/observations/2022-05-binh-duong.csv';
const MARKDOWN = 'content/bulletins/2022-05-binh-duong.vi.md';
// Each figure: the CSV text before and after, and the <data class="fig"> the page shows it in,
// formatted as a Vietnamese page writes it (`.` thousands, `,` decimals).
const FIGURES = [
  {
    name: 'outreach_attendees',
    csv: [',310,15974,', ',310,23456,'],
    before: { value: '15974', text: '15.974' },
    after: { value: '23456', text: '23.456' },
  },
  {
    name: 'hi_coverage',
    csv: [',over 2000000,nearly 85,', ',over 2000000,nearly 86.4,'],
    before: { value: '85', text: 'gần 85%' },
    after: { value: '86.4', text: 'gần 86,4%' },
  },
];
const GOOD_SHORTCODE = 'value(indicator="outreach_attendees"';
const BAD_SHORTCODE = 'value(indicator="outreach_attendes"';

// ---------------------------------------------------------------------------------------------
// Prerequisites: in CI a missing one fails the run; locally the file is skipped, loudly.

function missingPrerequisites() {
  const missing = [];
  try {
    require.resolve('playwright-core/package.json');
  } catch {
    missing.push('npm package playwright-core not installed (run: npm ci --ignore-scripts --prefix tests/browser)');
  }
  if (!fs.existsSync(CHROMIUM)) {
    missing.push(`no browser at ${CHROMIUM} (install Debian's chromium: apt-get install chromium)`);
  }
  return missing;
}

const missing = missingPrerequisites();
if (missing.length > 0) {
  const reason = missing.join('; ');
  if (CI) {
    test('serve browser test prerequisites (CI=true)', () => {
      assert.fail(`the serve browser test cannot run in CI: ${reason}`);
    });
  } else {
    process.stdout.write(`SKIPPED serve browser test: ${reason}\n`);
    test('serve browser test', { skip: `SKIPPED serve browser test: ${reason}` }, () => {});
  }
} else {
  suite();
}

// ---------------------------------------------------------------------------------------------
// The site copy, the program and the server.

/// The program to test: the one `cargo test` built, else a debug build made now.
function bulletinProgram() {
  if (process.env.BULLETIN_BIN) return path.resolve(process.env.BULLETIN_BIN);
  const r = spawnSync('cargo', ['build', '--quiet', '--bin', 'bulletin'], { cwd: REPO, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`cargo build failed (${r.error ?? `exit ${r.status}`}):\n${r.stderr}`);
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
  return path.join(target, 'debug', 'bulletin');
}

/// What a site is made of, as tests/common/mod.rs `copy_site` copies it.
function copySite() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-serve-browser-'));
  const root = path.join(tmp, 'site');
  fs.mkdirSync(root);
  for (const entry of ['bulletin.toml', 'data', 'content', 'templates', 'static']) {
    const from = path.join(REPO, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, entry), { recursive: true });
  }
  return { tmp, root };
}

/// Rewrites the whole file, as an editor saves it; `from` must be there exactly once.
function edit(root, file, from, to) {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  assert.equal(text.split(from).length, 2, `${file} holds ${JSON.stringify(from)} exactly once`);
  fs.writeFileSync(full, text.replace(from, to));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// `bulletin serve` on a free port, once it answers; its output is kept for failure messages.
async function startServer(program, root) {
  // Another process may take the port between the probe and the bind: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(program, ['serve', '--root', root, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = { child, port, origin: `http://127.0.0.1:${port}`, output: '', exit: null };
    const keep = (chunk) => {
      server.output += chunk;
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    server.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        server.exit = { code, signal };
        resolve(server.exit);
      });
      child.once('error', (error) => {
        server.exit = { error };
        resolve(server.exit);
      });
    });
    const started = Date.now();
    while (!server.exit && Date.now() - started < WAIT_MS * 2) {
      try {
        const r = await fetch(`${server.origin}/`, { signal: AbortSignal.timeout(WAIT_MS) });
        await r.arrayBuffer();
        if (r.status === 200) return server;
      } catch {
        // Not listening yet, or still building the site.
      }
      await sleep(100);
    }
    if (server.exit && /cannot listen/.test(server.output) && attempt < 3) continue;
    child.kill('SIGKILL');
    throw new Error(`bulletin serve never answered on ${server.origin} (exit: ${JSON.stringify(server.exit)}):\n${server.output}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The open page.

/// Runs `fn` in the page until it returns something truthy; a navigation in between (the page
/// reloading itself) only costs a try.
async function pollPage(page, fn, arg, what, server) {
  const started = Date.now();
  let last;
  while (Date.now() - started < WAIT_MS) {
    try {
      last = await page.evaluate(fn, arg);
      if (last?.ok) return last;
    } catch (error) {
      last = { error: error.message.split('\n')[0] };
    }
    await sleep(100);
  }
  assert.fail(`${what}: not seen within ${WAIT_MS / 1000} s (last seen: ${JSON.stringify(last)})\nbulletin serve said:\n${server.output}`);
}

/// The figure's <data> element, its text and whether it is the expected one.
function figureIs({ value, text }) {
  const node = document.querySelector(`main data.fig[value="${value}"]`);
  const shown = node?.textContent.trim();
  return { ok: shown === text, shown: shown ?? null };
}

function overlayState() {
  const box = document.getElementById('bulletin-preview-error');
  if (!box) return { ok: false, shown: false };
  const rect = box.getBoundingClientRect();
  return {
    ok: box.checkVisibility() && rect.height > 0,
    shown: true,
    role: box.getAttribute('role'),
    title: box.querySelector('h2')?.textContent ?? '',
    location: box.querySelector('code')?.textContent ?? '',
    help: box.querySelector('[data-help]')?.textContent ?? '',
    text: box.innerText,
    width: rect.width,
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
  };
}

/// The Vietnamese interface words the overlay uses (templates/i18n/vi.toml).
function overlayWords() {
  const toml = fs.readFileSync(path.join(REPO, 'templates', 'i18n', 'vi.toml'), 'utf8');
  const word = (key) => new RegExp(`^"${key.replace('.', '\\.')}"\\s*=\\s*"([^"]*)"`, 'm').exec(toml)?.[1];
  return { title: word('preview.error_title'), help: word('preview.help') };
}

async function screenshots(page, name) {
  const dir = process.env.BULLETIN_SCREENSHOTS;
  if (!dir) return [];
  fs.mkdirSync(dir, { recursive: true });
  const saved = [];
  const size = page.viewportSize();
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    const file = path.join(path.resolve(dir), `${name}-${width}.png`);
    await page.screenshot({ path: file });
    saved.push(file);
  }
  await page.setViewportSize(size);
  return saved;
}

// ---------------------------------------------------------------------------------------------

function suite() {
  describe('bulletin serve in a real browser', { concurrency: false }, () => {
    const state = { navigations: 0, problems: [] };

    before(async () => {
      const program = bulletinProgram();
      assert.ok(fs.existsSync(program), `no program at ${program}`);
      const site = copySite();
      state.site = site;
      state.server = await startServer(program, site.root);

      const { chromium } = await import('playwright-core');
      state.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const context = await state.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      state.page = page;
      page.on('pageerror', (error) => state.problems.push(`uncaught exception: ${error.message}`));
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) state.navigations++;
      });
      // The stream being answered, so the first edit is not made before the page listens
      // (the page would still catch up, by the version it carries; this keeps the test plain).
      const listening = page.waitForResponse((r) => r.url().includes('/__bulletin/events'), { timeout: WAIT_MS });
      const response = await page.goto(state.server.origin + PAGE, { waitUntil: 'load' });
      assert.equal(response.status(), 200, `${PAGE} answered HTTP ${response.status()}`);
      await listening;
    });

    after(async () => {
      await state.browser?.close();
      if (state.server && !state.server.exit) {
        state.server.child.kill('SIGKILL');
        await state.server.exited;
      }
      if (state.site) fs.rmSync(state.site.tmp, { recursive: true, force: true });
    });

    test('the open page shows the figures of the data before any edit', async () => {
      const page = state.page;
      assert.equal(await page.getAttribute('html', 'lang'), 'vi');
      const scripts = await page.locator('script').evaluateAll((s) => s.map((e) => e.textContent.slice(0, 40)));
      assert.ok(scripts.some((s) => s.includes('bulletin serve')), `the preview's script is in the page: ${JSON.stringify(scripts)}`);
      for (const figure of FIGURES) {
        const seen = await page.evaluate(figureIs, figure.before);
        assert.ok(seen.ok, `${figure.name}: expected ${figure.before.text}, the page shows ${JSON.stringify(seen.shown)}`);
        const early = await page.evaluate(figureIs, figure.after);
        assert.equal(early.shown, null, `${figure.name}: ${figure.after.value} is not on the page yet`);
      }
      assert.equal(await page.locator('#bulletin-preview-error').count(), 0, 'no overlay on a good site');
    });

    test('a CSV edit reloads the open page by itself with the new figures', async () => {
      const page = state.page;
      await page.evaluate(() => {
        window.bulletinTestMark = 'before the CSV edit';
      });
      const navigations = state.navigations;
      const text = fs.readFileSync(path.join(state.site.root, CSV), 'utf8');
      let edited = text;
      for (const { csv: [from, to] } of FIGURES) {
        assert.equal(edited.split(from).length, 2, `${CSV} holds ${from} exactly once`);
        edited = edited.replace(from, to);
      }
      const saved = Date.now();
      fs.writeFileSync(path.join(state.site.root, CSV), edited);
      for (const figure of FIGURES) {
        await pollPage(page, figureIs, figure.after, `${figure.name} shown as ${figure.after.text}`, state.server);
      }
      const seconds = ((Date.now() - saved) / 1000).toFixed(1);
      process.stdout.write(`the open page showed the CSV edit ${seconds} s after the save\n`);
      assert.equal(await page.evaluate(() => window.bulletinTestMark ?? null), null, 'the page was loaded again');
      assert.ok(state.navigations > navigations, 'the page navigated (reloaded) by itself');
      assert.equal(new URL(page.url()).pathname, PAGE, 'the same address');
      assert.deepEqual(state.problems, []);
    });

    test('a mistake in a bulletin shows the overlay over the last good page', async () => {
      const page = state.page;
      await page.evaluate(() => {
        window.bulletinTestMark = 'before the mistake';
      });
      edit(state.site.root, MARKDOWN, GOOD_SHORTCODE, BAD_SHORTCODE);
      const overlay = await pollPage(page, overlayState, undefined, 'the error overlay', state.server);
      const words = overlayWords();
      const problems = [];
      if (overlay.role !== 'alert') problems.push(`role="${overlay.role}", expected alert`);
      if (words.title && overlay.title !== words.title) problems.push(`title ${JSON.stringify(overlay.title)}, expected ${JSON.stringify(words.title)}`);
      if (!overlay.location.includes('2022-05-binh-duong.vi.md')) problems.push(`location ${JSON.stringify(overlay.location)} lacks the file`);
      if (!/:\d+:\d+/.test(overlay.location)) problems.push(`location ${JSON.stringify(overlay.location)} lacks line:column`);
      if (!overlay.text.includes('outreach_attendes')) problems.push('the overlay does not quote the unknown indicator');
      if (!overlay.help.includes('outreach_attendees')) problems.push(`hint ${JSON.stringify(overlay.help)} does not suggest outreach_attendees`);
      if (words.help && !overlay.help.startsWith(`${words.help}: `)) problems.push(`hint ${JSON.stringify(overlay.help)} lacks the label "${words.help}: "`);
      // The page beneath is the one from before the mistake, not reloaded.
      if ((await page.evaluate(() => window.bulletinTestMark ?? null)) !== 'before the mistake') problems.push('the page reloaded on an error');
      for (const figure of FIGURES) {
        const seen = await page.evaluate(figureIs, figure.after);
        if (!seen.ok) problems.push(`${figure.name}: the page beneath shows ${JSON.stringify(seen.shown)}, expected ${figure.after.text}`);
      }
      // A new page (a new tab) of the last good site gets the overlay at once.
      const other = await page.context().newPage();
      try {
        const r = await other.goto(state.server.origin + PAGE, { waitUntil: 'load' });
        if (r.status() !== 200) problems.push(`a new tab got HTTP ${r.status()} while the site has a mistake`);
        const late = await pollPage(other, overlayState, undefined, 'the overlay in a tab opened after the mistake', state.server);
        if (late.location !== overlay.location) problems.push(`a new tab shows ${JSON.stringify(late.location)}, not ${JSON.stringify(overlay.location)}`);
        // At a phone's width the overlay stays inside the screen.
        await other.setViewportSize({ width: 375, height: 800 });
        const narrow = await other.evaluate(overlayState);
        if (narrow.width > 375.5 || narrow.scrollWidth > narrow.clientWidth) {
          problems.push(`at 375 px the overlay is ${narrow.width} px wide, its content ${narrow.scrollWidth} px in ${narrow.clientWidth} px`);
        }
      } finally {
        await other.close();
      }
      const files = await screenshots(page, 'serve-overlay');
      if (files.length) process.stdout.write(`screenshots of the overlay: ${files.join(', ')}\n`);
      if (problems.length) assert.fail(`${problems.join('\n')}\noverlay: ${JSON.stringify(overlay, null, 1)}`);
      assert.deepEqual(state.problems, []);
    });

    test('fixing the mistake clears the overlay by itself', async () => {
      const page = state.page;
      // Undone exactly, as an editor's undo does: the bulletin is again what it was.
      edit(state.site.root, MARKDOWN, BAD_SHORTCODE, GOOD_SHORTCODE);
      await pollPage(page, () => ({ ok: !document.getElementById('bulletin-preview-error') }), undefined, 'the overlay gone', state.server);
      for (const figure of FIGURES) {
        await pollPage(page, figureIs, figure.after, `${figure.name} still ${figure.after.text}`, state.server);
      }
      // Gone for good, not hidden until the next event: a moment later it is still gone.
      await sleep(500);
      assert.equal(await page.locator('#bulletin-preview-error').count(), 0, 'the overlay stays gone');
      assert.equal(new URL(page.url()).pathname, PAGE);
      assert.deepEqual(state.problems, []);
    });

    test('Ctrl-C (SIGINT) stops the server within a few seconds', async () => {
      const server = state.server;
      assert.equal(server.exit, null, `the server is still running:\n${server.output}`);
      const sent = Date.now();
      server.child.kill('SIGINT');
      const exit = await Promise.race([server.exited, sleep(5000).then(() => null)]);
      assert.ok(exit, `bulletin serve still runs 5 s after SIGINT:\n${server.output}`);
      process.stdout.write(`bulletin serve stopped ${Date.now() - sent} ms after SIGINT (${JSON.stringify(exit)})\n`);
      // The signal handler exits with 128 + SIGINT, as a shell reports a Ctrl-C.
      assert.ok(exit.code === 130 || exit.signal === 'SIGINT', `exit: ${JSON.stringify(exit)}\n${server.output}`);
      const refused = await fetch(`${server.origin}/`).then(
        () => false,
        () => true,
      );
      assert.ok(refused, 'nothing answers on the port any more');
    });
  });
}
