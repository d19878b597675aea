// Reads the Lighthouse JSON reports of scripts/lighthouse.sh and prints, in Markdown, the median
// score of each category per page (with the lowest and highest run), the median metrics, and
// every audit that failed in any run with what it points at (element, request, source). Exits 1
// when a page's median is below a target.
//
// Usage: node report.mjs REPORTS_DIR   (files named <anything>.report.json)

import fs from 'node:fs';
import path from 'node:path';

const CATEGORIES = [
  ['performance', 'Performance', 95],
  ['accessibility', 'Accessibility', 100],
  ['best-practices', 'Best Practices', 100],
  ['seo', 'SEO', 100],
];
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
];
const ITEMS_SHOWN = 12;

const dir = process.argv[2];
const reports = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.report.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
if (reports.length === 0) {
  console.error(`no *.report.json in ${dir}`);
  process.exit(2);
}

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

const byPage = new Map(); // path -> reports, in the order the pages were measured
for (const r of reports) {
  const page = new URL(r.requestedUrl).pathname;
  if (!byPage.has(page)) byPage.set(page, []);
  byPage.get(page).push(r);
}

/// An audit that did not pass: a binary one below 1, a scored one below Lighthouse's 0.9 pass.
function failed(audit) {
  if (audit.score === null || audit.score === undefined) return false;
  if (audit.scoreDisplayMode === 'binary') return audit.score < 1;
  if (audit.scoreDisplayMode === 'numeric' || audit.scoreDisplayMode === 'metricSavings') return audit.score < 0.9;
  return false;
}

/// One line per item of an audit's details: the element, the request, the source, the values.
function describeItem(item) {
  const parts = [];
  for (const [key, value] of Object.entries(item)) {
    if (value === null || value === undefined || key === 'subItems') continue;
    if (typeof value === 'object' && value.type === 'node') {
      parts.push(`element \`${value.selector}\` ${value.snippet ? `\`${value.snippet.slice(0, 160)}\`` : ''}`.trim());
      if (value.explanation) parts.push(value.explanation.replace(/\s+/g, ' '));
    } else if (typeof value === 'object' && value.type === 'source-location') {
      parts.push(`source ${value.url}:${value.line}:${value.column}`);
    } else if (typeof value === 'object' && value.type === 'url') {
      parts.push(`${key} ${value.value}`);
    } else if (typeof value === 'object' && ['numeric', 'ms', 'bytes'].includes(value.type)) {
      parts.push(`${key}: ${value.value}`);
    } else if (typeof value !== 'object') {
      parts.push(`${key}: ${String(value).slice(0, 200)}`);
    }
  }
  return parts.join('; ');
}

/// The request chains of a network tree: `a -> b -> c (109 ms)`.
function chainsOf(chains, before = []) {
  return Object.values(chains ?? {}).flatMap((c) => {
    const path = [...before, c.url];
    const children = chainsOf(c.children, path);
    return children.length ? children : [`chain ${path.join(' -> ')} (${Math.round(c.navStartToEndTime)} ms)`];
  });
}

/// One line per item of an audit's details (tables, lists of sections, request trees).
function linesOf(details) {
  if (!details) return [];
  if (details.type === 'list') return details.items.flatMap(linesOf);
  if (details.type === 'list-section') return linesOf(details.value).map((l) => (details.title ? `${details.title}: ${l}` : l));
  if (details.type === 'network-tree') return chainsOf(details.chains);
  if (details.type === 'text') return [details.value];
  return Array.isArray(details.items) ? details.items.map(describeItem) : [];
}

/// How much the audit counts: its weight in the categories that score it.
function weightOf(report, id) {
  const refs = CATEGORIES.flatMap(([cat, name]) =>
    (report.categories[cat]?.auditRefs ?? []).filter((a) => a.id === id).map((a) => `${a.weight} in ${name}`),
  );
  const counted = refs.filter((r) => !r.startsWith('0 '));
  return counted.length ? `weight ${counted.join(', ')}` : 'weight 0, not in the score';
}

const out = [];
const first = reports[0];
out.push(
  `Lighthouse ${first.lighthouseVersion}, ${first.configSettings.formFactor}, ` +
    `${first.configSettings.throttlingMethod} throttling, ${first.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}; ` +
    `median of ${median([...byPage.values()].map((r) => r.length))} runs per page (lowest-highest in brackets when they differ)`,
  '',
  `| page | ${CATEGORIES.map(([, name]) => name).join(' | ')} |`,
  `| --- | ${CATEGORIES.map(() => '---:').join(' | ')} |`,
);
const below = [];
for (const [page, runs] of byPage) {
  const cells = CATEGORIES.map(([id, name, target]) => {
    const scores = runs.map((r) => Math.round((r.categories[id]?.score ?? 0) * 100));
    const m = median(scores);
    if (m < target) below.push(`${page}: ${name} ${m} < ${target}`);
    const [lo, hi] = [Math.min(...scores), Math.max(...scores)];
    return lo === hi ? `${m}` : `${m} (${lo}-${hi})`;
  });
  out.push(`| \`${page}\` | ${cells.join(' | ')} |`);
}

out.push('', `| page | ${METRICS.map(([, name]) => name).join(' | ')} |`, `| --- | ${METRICS.map(() => '---:').join(' | ')} |`);
for (const [page, runs] of byPage) {
  const cells = METRICS.map(([id]) => {
    const m = median(runs.map((r) => r.audits[id]?.numericValue ?? NaN));
    return id === 'cumulative-layout-shift' ? m.toFixed(3) : `${Math.round(m)} ms`;
  });
  out.push(`| \`${page}\` | ${cells.join(' | ')} |`);
}

out.push('', '### Audits that failed');
let failures = 0;
for (const [page, runs] of byPage) {
  const seen = new Map(); // audit id -> { audit of the first failing run, runs failed }
  for (const r of runs) {
    const inCategories = new Set(CATEGORIES.flatMap(([id]) => (r.categories[id]?.auditRefs ?? []).map((a) => a.id)));
    for (const [id, audit] of Object.entries(r.audits)) {
      if (!inCategories.has(id) || !failed(audit)) continue;
      const s = seen.get(id) ?? { audit, runs: 0, weight: weightOf(r, id) };
      s.runs += 1;
      seen.set(id, s);
    }
  }
  if (seen.size === 0) continue;
  out.push('', `\`${page}\`:`);
  for (const [id, { audit, runs: n, weight }] of seen) {
    failures += 1;
    const value = audit.displayValue ? ` (${audit.displayValue})` : '';
    out.push(`- \`${id}\`: ${audit.title}${value}; failed in ${n} of ${runs.length} runs, score ${audit.score}, ${weight}`);
    if (audit.explanation) out.push(`  - ${audit.explanation.replace(/\s+/g, ' ')}`);
    const items = linesOf(audit.details);
    for (const item of items.slice(0, ITEMS_SHOWN)) out.push(`  - ${item}`);
    if (items.length > ITEMS_SHOWN) out.push(`  - and ${items.length - ITEMS_SHOWN} more`);
  }
}
if (failures === 0) out.push('', 'None.');
const warnings = new Map(); // warning -> runs that gave it
for (const r of reports) {
  for (const w of r.runWarnings ?? []) warnings.set(w, (warnings.get(w) ?? 0) + 1);
}
for (const [w, n] of warnings) out.push('', `Lighthouse warned in ${n} of ${reports.length} runs: ${w.replace(/\s+/g, ' ')}`);
if (below.length) out.push('', '### Below target', '', ...below.map((b) => `- ${b}`));
console.log(out.join('\n'));
process.exit(below.length ? 1 : 0);
