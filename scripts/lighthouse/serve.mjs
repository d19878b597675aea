// A static server for scripts/lighthouse.sh: serves a built site on 127.0.0.1 as a production
// host is expected to (gzip for text, a year's immutable caching for the content-hashed theme
// files, a folder's index.html, 404.html with status 404), so Lighthouse measures the site and
// not a development server's shortcuts.
//
// Usage: node serve.mjs SITE_DIR PORT_FILE   (listens on a free port and writes it to PORT_FILE)

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const [root, portFile] = [path.resolve(process.argv[2]), process.argv[3]];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};
const TEXT = new Set(['.html', '.css', '.svg', '.csv', '.xml', '.txt']);
// style.7e5b47d4dc.css, favicon.6058deddbe.svg: the name changes when the content does.
const HASHED = /\.[0-9a-f]{10}\.[a-z]+$/;

function send(req, res, status, file) {
  const ext = path.extname(file);
  let body = fs.readFileSync(file);
  const headers = {
    'content-type': TYPES[ext] || 'application/octet-stream',
    'cache-control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=600',
    vary: 'accept-encoding',
  };
  if (TEXT.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body, { level: 9 });
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

const server = http.createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = path.join(root, path.normalize(pathname));
  if (pathname.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
    res.writeHead(400).end();
    return;
  }
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: `${pathname}/` }).end();
      return;
    }
    if (fs.existsSync(path.join(file, 'index.html'))) return send(req, res, 200, path.join(file, 'index.html'));
  } else if (stat?.isFile()) {
    return send(req, res, 200, file);
  }
  return send(req, res, 404, path.join(root, '404.html'));
});

server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
