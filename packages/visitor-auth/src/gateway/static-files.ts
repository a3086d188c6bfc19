// A folder of static files held in memory (with gzip and brotli made once at startup), answered with ETag, 304, Range and no per-request fs work.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { join, posix } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { getMimeType } from 'hono/utils/mime';
import parseRange from 'range-parser';

/** Files larger than this are streamed from disk (still with ETag and Range) instead of held in memory. */
const IN_MEMORY_LIMIT = 4 * 1024 * 1024;
/** Smaller files gain nothing from compression. */
const COMPRESS_MIN = 256;
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json|wasm)|image\/svg\+xml)/;

type Encoding = 'br' | 'gzip' | 'identity';

interface Variant {
  body: Buffer;
  etag: string;
  /** Response headers for a 200 of this variant (security and cache headers included). */
  headers: OutgoingHttpHeaders;
}

interface StaticFile {
  path: string;
  size: number;
  etag: string;
  lastModified: string;
  mtimeMs: number;
  /** In-memory variants; `identity` is absent for large files, which are streamed from `path`. */
  variants: Partial<Record<Encoding, Variant>>;
  type: string;
  base: OutgoingHttpHeaders;
}

/** A folder read once at startup. */
export interface StaticSite {
  /** Answers a GET or HEAD for `pathname`; returns false when no file matches (the caller answers 404). */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): boolean;
  /** How many files, and how many bytes are held in memory. */
  readonly stats: { files: number; bytes: number };
}

function walk(dir: string, prefix: string, out: Array<[string, string]>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Dotfiles (.env, .git) are never published.
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`, out);
    else if (entry.isFile()) out.push([`${prefix}${entry.name}`, full]);
  }
}

function etagOf(body: Buffer, suffix = ''): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}${suffix}"`;
}

function loadFile(full: string, headers: OutgoingHttpHeaders): StaticFile {
  const stat = statSync(full);
  const type = getMimeType(full) ?? 'application/octet-stream';
  const lastModified = stat.mtime.toUTCString();
  const base: OutgoingHttpHeaders = {
    ...headers,
    'content-type': type,
    'last-modified': lastModified,
    'accept-ranges': 'bytes',
  };
  const file: StaticFile = {
    path: full,
    size: stat.size,
    etag: '',
    lastModified,
    mtimeMs: stat.mtimeMs,
    variants: {},
    type,
    base,
  };
  if (stat.size > IN_MEMORY_LIMIT) {
    file.etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
    return file;
  }
  const body = readFileSync(full);
  file.etag = etagOf(body);
  const compressible = COMPRESSIBLE.test(type) && body.length >= COMPRESS_MIN;
  const vary = compressible ? { vary: 'accept-encoding' } : {};
  file.base = { ...base, ...vary };
  file.variants.identity = {
    body,
    etag: file.etag,
    headers: { ...file.base, etag: file.etag, 'content-length': body.length },
  };
  if (compressible) {
    const gz = gzipSync(body, { level: 9 });
    const br = brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    for (const [encoding, packed] of [
      ['gzip', gz],
      ['br', br],
    ] as const) {
      if (packed.length >= body.length) continue;
      const etag = etagOf(body, `-${encoding === 'gzip' ? 'gz' : 'br'}`);
      file.variants[encoding] = {
        body: packed,
        etag,
        headers: { ...file.base, etag, 'content-encoding': encoding, 'content-length': packed.length },
      };
    }
  }
  return file;
}

/** The best encoding the client accepts among those we have: brotli, then gzip, else identity. */
function negotiate(acceptEncoding: string | undefined, file: StaticFile): Encoding {
  if (!acceptEncoding || (!file.variants.br && !file.variants.gzip)) return 'identity';
  let br = false;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'br') br = accepted;
    else if (name === 'gzip' || name === 'x-gzip') gzip = accepted;
    else if (name === '*' && accepted) {
      br ||= true;
      gzip ||= true;
    }
  }
  if (br && file.variants.br) return 'br';
  if (gzip && file.variants.gzip) return 'gzip';
  return 'identity';
}

/** RFC 9110 weak comparison against a list in If-None-Match (`*` matches anything). */
function matchesAny(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

function notModified(req: IncomingMessage, file: StaticFile, etag: string): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return matchesAny(ifNoneMatch, etag);
  const since = req.headers['if-modified-since'];
  if (since === undefined) return false;
  const time = Date.parse(since);
  return !Number.isNaN(time) && Math.floor(file.mtimeMs / 1000) * 1000 <= time;
}

/** If-Range: the Range applies only while the client's copy (by strong ETag or exact date) is current. */
function rangeStillApplies(req: IncomingMessage, file: StaticFile): boolean {
  const ifRange = req.headers['if-range'];
  if (Array.isArray(ifRange)) return false;
  if (ifRange === undefined) return true;
  return ifRange.startsWith('"') ? ifRange === file.etag : ifRange === file.lastModified;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body?: Buffer) {
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Reads every file under `dir` into memory (compressing what is worth it) and returns the server for them.
 *
 * @example
 * ```ts
 * const files = loadStaticSite('./site', GATEWAY_SECURITY_HEADERS);
 * ```
 */
export function loadStaticSite(dir: string, headers: OutgoingHttpHeaders): StaticSite {
  const files = new Map<string, StaticFile>();
  const paths: Array<[string, string]> = [];
  walk(dir, '/', paths);
  let bytes = 0;
  for (const [urlPath, full] of paths) {
    const file = loadFile(full, headers);
    for (const variant of Object.values(file.variants)) bytes += variant.body.length;
    files.set(urlPath, file);
  }
  const directories = new Set<string>();
  for (const urlPath of files.keys()) {
    if (urlPath.endsWith('/index.html')) directories.add(urlPath.slice(0, -'/index.html'.length));
  }

  const lookup = (pathname: string): StaticFile | string | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
    const normal = posix.normalize(decoded);
    const key = normal.endsWith('/') ? `${normal}index.html` : normal;
    const file = files.get(key);
    if (file) return file;
    // `/guide` is a folder: send the browser to `/guide/` so its relative links resolve.
    if (directories.has(normal)) return `${normal}/`;
    return undefined;
  };

  return {
    stats: { files: files.size, bytes },
    serve(req, res, pathname, search) {
      const found = lookup(pathname);
      if (found === undefined) return false;
      if (typeof found === 'string') {
        send(req, res, 301, { ...headers, location: encodeURI(found) + search, 'content-length': 0 });
        return true;
      }
      const file = found;
      const rangeHeader = req.headers.range;
      // A Range is served from the identity bytes; anything else gets the best encoding the client takes.
      const encoding = rangeHeader === undefined ? negotiate(req.headers['accept-encoding'], file) : 'identity';
      const variant = file.variants[encoding];
      const etag = variant?.etag ?? file.etag;
      if (notModified(req, file, etag)) {
        const { 'content-type': _type, ...rest } = file.base;
        send(req, res, 304, { ...rest, etag });
        return true;
      }
      if (rangeHeader !== undefined && req.method === 'GET' && rangeStillApplies(req, file)) {
        const ranges = parseRange(file.size, rangeHeader, { combine: true });
        if (ranges === -1 && /^\s*bytes=/i.test(rangeHeader)) {
          send(req, res, 416, { ...headers, 'content-range': `bytes */${file.size}`, 'content-length': 0 });
          return true;
        }
        // A malformed header is ignored (RFC 9110 §14.2); several ranges are answered with the whole file.
        if (typeof ranges === 'object' && ranges.type === 'bytes' && ranges.length === 1) {
          const { start, end } = ranges[0] as { start: number; end: number };
          const partial = {
            ...file.base,
            etag: file.etag,
            'content-range': `bytes ${start}-${end}/${file.size}`,
            'content-length': end - start + 1,
          };
          if (variant) send(req, res, 206, partial, variant.body.subarray(start, end + 1));
          else {
            res.writeHead(206, partial);
            createReadStream(file.path, { start, end }).pipe(res);
          }
          return true;
        }
      }
      if (variant) {
        send(req, res, 200, variant.headers, variant.body);
        return true;
      }
      res.writeHead(200, { ...file.base, etag: file.etag, 'content-length': file.size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file.path).pipe(res);
      return true;
    },
  };
}
