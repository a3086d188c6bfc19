// Run after `npm install` changes the lockfile: adds the platform builds (swc, rollup, ...) that the npm mirror here lacks,
// which npm then drops from package-lock.json and `npm ci` refuses as "Missing: ... from lock file".
// Usage: node scripts/complete-lockfile.mjs package-lock.json
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
const file = process.argv[2];
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const missing = new Map();
function resolveFrom(path, name) {
  // walk up node_modules chain
  let base = path;
  while (true) {
    const candidate = (base ? base + '/' : '') + 'node_modules/' + name;
    if (pkgs[candidate]) return candidate;
    if (!base) return null;
    const idx = base.lastIndexOf('node_modules/');
    if (idx < 0) {
      base = '';
      continue;
    }
    base = base.slice(0, idx).replace(/\/$/, '');
  }
}
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    if (resolveFrom(path, name)) continue;
    // place at root if free, else nested under the parent
    const root = 'node_modules/' + name;
    const where = pkgs[root] ? path + '/node_modules/' + name : root;
    missing.set(where, { name, range });
  }
}
console.log(`${missing.size} optional packages missing from the lockfile`);
for (const [where, { name, range }] of missing) {
  let v;
  try {
    const info = JSON.parse(
      execFileSync(
        'npm',
        ['view', `${name}@${range}`, '--json', 'version', 'dist', 'os', 'cpu', 'libc', 'engines', 'license'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      ),
    );
    v = Array.isArray(info) ? info[info.length - 1] : info;
  } catch {
    // The registry mirror here lacks this platform build: describe it from its name so npm skips it by os/cpu.
    const m =
      /-(darwin|linux|win32|android|freebsd|openbsd|netbsd|sunos|aix|openharmony)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(
        name,
      );
    if (!m || !/^\d+\.\d+\.\d+/.test(range)) throw new Error(`cannot describe ${name}@${range}`);
    const base = name.split('/').pop();
    v = {
      version: range,
      dist: { tarball: `https://registry.npmjs.org/${name}/-/${base}-${range}.tgz` },
      os: [m[1]],
      cpu: [m[2]],
    };
    if (m[1] === 'linux' && m[3]) v.libc = [m[3] === 'musl' ? 'musl' : 'glibc'];
  }
  const entry = { version: v.version, resolved: v.dist.tarball };
  if (v.dist.integrity) entry.integrity = v.dist.integrity;
  if (v.cpu) entry.cpu = v.cpu;
  if (v.license) entry.license = v.license;
  if (v.libc) entry.libc = v.libc;
  entry.optional = true;
  if (v.os) entry.os = v.os;
  if (v.engines) entry.engines = v.engines;
  pkgs[where] = entry;
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
