// What the suites that open the built site share: where the site comes from, its pages, and how
// a page tells whether the site's stylesheet was applied.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const REPO = path.resolve(here, '..', '..');
export const ROOT = path.resolve(process.env.BULLETIN_ROOT || REPO);

/// What is needed and not installed, of Chromium and the npm `packages`, as sentences.
export function missingPrerequisites(packages) {
  const missing = [];
  const absent = packages.filter((pkg) => {
    try {
      require.resolve(`${pkg}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
  if (absent.length) {
    missing.push(`npm packages not installed: ${absent.join(', ')} (run: npm ci --ignore-scripts --prefix tests/browser)`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    missing.push(`no browser at ${CHROMIUM} (install Debian's chromium: apt-get install chromium)`);
  }
  return missing;
}

/// Runs the program: BULLETIN_BIN when set (tests/browser.rs passes the one `cargo test` built),
/// otherwise a release build through cargo.
function bulletin(args) {
  const r = process.env.BULLETIN_BIN
    ? spawnSync(process.env.BULLETIN_BIN, args, { cwd: REPO, encoding: 'utf8' })
    : spawnSync('cargo', ['run', '--release', '--quiet', '--', ...args], { cwd: REPO, encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`bulletin ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  }
}

/// The site to check: BULLETIN_SITE_DIR when set, else a fresh build into a temporary folder.
/// With `baseUrl` the site is always built, with that base URL instead of bulletin.toml's.
export function buildSite({ baseUrl } = {}) {
  if (process.env.BULLETIN_SITE_DIR && !baseUrl) {
    const dir = path.resolve(process.env.BULLETIN_SITE_DIR);
    assert.ok(fs.existsSync(path.join(dir, 'index.html')), `BULLETIN_SITE_DIR=${dir} holds no index.html`);
    return { dir, cleanup() {} };
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-browser-'));
  const dir = path.join(tmp, 'site');
  bulletin(['build', '--root', ROOT, '--output', dir, ...(baseUrl ? ['--base-url', baseUrl] : [])]);
  return { dir, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/// Every generated .html file under `dir`, sorted.
export function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.isFile() && entry.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

/// Run in the page: the computed styles the theme sets (and a browser's defaults do not), and
/// the page's style sheets with their rule counts. A sheet whose rules cannot be read (a file:
/// page reading a file: sheet: each file is an origin of its own) has `rules: null`.
export function styleProbe() {
  const body = getComputedStyle(document.body);
  const masthead = document.querySelector('.masthead');
  return {
    font: body.fontFamily,
    margin: body.marginTop,
    rule: masthead ? getComputedStyle(masthead).borderBottomWidth : null,
    sheets: [...document.styleSheets].map((sheet) => {
      try {
        return { href: sheet.href, rules: sheet.cssRules.length };
      } catch {
        return { href: sheet.href, rules: null };
      }
    }),
  };
}

/// The probe on a page with the site's markup and no style sheet: the browser's defaults.
export async function browserDefaults(context) {
  const page = await context.newPage();
  try {
    await page.setContent('<!DOCTYPE html><html><body><header class="masthead"></header><h1>x</h1></body></html>');
    return await page.evaluate(styleProbe);
  } finally {
    await page.close();
  }
}

/// Why the probed page does not look styled by the theme (empty when it does).
export function unstyled(probe, defaults) {
  const problems = [];
  const sheet = probe.sheets.find((s) => /\/style\.[0-9a-f]+\.css$/.test(s.href ?? ''));
  if (!sheet) {
    problems.push(`no style.<hash>.css among the page's style sheets (${probe.sheets.map((s) => s.href).join(', ') || 'none'})`);
  } else if (sheet.rules === 0) {
    problems.push(`the style sheet ${sheet.href} has no rules`);
  }
  for (const [name, what] of [
    ['font', 'body font-family'],
    ['margin', 'body margin-top'],
    ['rule', '.masthead border-bottom-width'],
  ]) {
    if (probe[name] === defaults[name]) problems.push(`${what} is the browser default (${probe[name]}): the theme did not apply`);
  }
  return problems;
}
