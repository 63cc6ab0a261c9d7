// dailies GitHub Action, bundled by scripts/build-action.js. Do not edit.
import { createRequire as __dailiesCreateRequire } from 'node:module';
import { fileURLToPath as __dailiesFileURLToPath } from 'node:url';
import { dirname as __dailiesDirname } from 'node:path';
const require = __dailiesCreateRequire(import.meta.url);
const __filename = __dailiesFileURLToPath(import.meta.url);
const __dirname = __dailiesDirname(__filename);

// src/action/launcher/launcher.ts
import path2 from "node:path";
import { fileURLToPath } from "node:url";

// src/action/launcher/native-binding.ts
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
var DEFAULT_REGISTRY = "https://registry.npmjs.org";
function tarballUrl(registry, binding) {
  const bare = binding.name.split("/").at(-1) ?? binding.name;
  return `${registry.replace(/\/+$/, "")}/${binding.name}/-/${bare}-${binding.version}.tgz`;
}
function matchesIntegrity(data, integrity) {
  const [algorithm, expected] = integrity.split("-", 2);
  if (!expected || !["sha256", "sha384", "sha512"].includes(algorithm)) return false;
  return createHash(algorithm).update(data).digest("base64") === integrity.slice(algorithm.length + 1);
}
function untar(archive) {
  const files = [];
  let offset = 0;
  let longName = null;
  const text = (start, length) => archive.subarray(start, start + length).toString("utf8").replace(/\0[\s\S]*$/, "");
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = text(offset + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    const mode = parseInt(text(offset + 100, 8).trim() || "644", 8);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    longName = null;
    if (type === "x") {
      const match = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (match) longName = match[1];
    } else if (type === "L") {
      longName = body.toString("utf8").replace(/\0[\s\S]*$/, "");
    } else if (type === "0" || type === "\0") {
      files.push({ path: name, data: Buffer.from(body), mode });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
function unpackPackage(tarball, dir) {
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of untar(gunzipSync(tarball))) {
    const relative = path.posix.normalize(file.path.replace(/^package\//, ""));
    if (relative.startsWith("..") || path.posix.isAbsolute(relative)) throw new Error(`unsafe path in the DuckDB binding tarball: ${file.path}`);
    const target = path.join(staging, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.data, { mode: file.mode & 493 });
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}
function platformKey(platform = process.platform, arch = process.arch) {
  return `${platform}-${arch}`;
}
async function ensureNativeBinding(options) {
  const pins = JSON.parse(readFileSync(path.join(options.distDir, "duckdb-bindings.json"), "utf8"));
  const key = options.platform ?? platformKey();
  const binding = pins[key];
  if (!binding) {
    throw new Error(`dailies: no DuckDB binding for ${key} (this Action ships bindings for ${Object.keys(pins).join(", ")}); use a runner on one of those`);
  }
  const dir = path.join(options.distDir, "native", `${key}-${binding.version}`);
  const file = path.join(dir, "duckdb.node");
  if (existsSync(file)) return file;
  const url = tarballUrl(options.registry || DEFAULT_REGISTRY, binding);
  options.log?.(`dailies: installing ${binding.name}@${binding.version} (DuckDB for ${key}) from ${url}`);
  const response = await (options.fetch ?? fetch)(url);
  if (!response.ok) throw new Error(`dailies: downloading ${url} failed: HTTP ${response.status}`);
  const tarball = Buffer.from(await response.arrayBuffer());
  if (!matchesIntegrity(tarball, binding.integrity)) {
    throw new Error(`dailies: ${url} does not match the pinned integrity ${binding.integrity}; refusing to load it`);
  }
  unpackPackage(tarball, dir);
  if (!existsSync(file)) throw new Error(`dailies: ${binding.name}@${binding.version} has no duckdb.node`);
  return file;
}

// src/action/launcher/launcher.ts
var distDir = path2.dirname(fileURLToPath(import.meta.url));
try {
  if (!process.env.DAILIES_DUCKDB_BINDING) {
    process.env.DAILIES_DUCKDB_BINDING = await ensureNativeBinding({
      distDir,
      registry: process.env.DAILIES_NPM_REGISTRY,
      log: (line) => process.stdout.write(`${line}
`)
    });
  }
} catch (error) {
  process.stdout.write(`::error::${String(error instanceof Error ? error.message : error).replace(/\r?\n/g, " ")}
`);
  process.exit(1);
}
var action = new URL("./action.js", import.meta.url).href;
await import(action);
