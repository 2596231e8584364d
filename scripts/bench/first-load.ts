// First-load JavaScript of a page, from the production build's own manifests (Next 16 no longer
// prints sizes): the root main files every App Router page loads (.next/build-manifest.json
// rootMainFiles) and the client chunks of the page's segments (its layouts, loading boundary and
// page, from the page's client reference manifest, entryJSFiles). Each chunk is counted once,
// raw and gzipped (level 6, as the server's compression sends it).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { ROOT } from "./dataset";

export type FirstLoad = { page: string; chunks: { file: string; raw: number; gzip: number }[]; raw: number; gzip: number };

export function firstLoadJs(page = "/ui/[tenant]/flows/(list)/page", distDir = path.join(ROOT, ".next")): FirstLoad {
  const build = JSON.parse(fs.readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const manifestFile = path.join(distDir, "server", "app", `${page}_client-reference-manifest.js`);
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(manifestFile, "utf8"), sandbox);
  const manifest = sandbox.__RSC_MANIFEST?.[page];
  if (!manifest) throw new Error(`no client reference manifest for ${page}`);
  // the segments on the way to the page: app/layout, app/ui/[tenant]/layout, …/loading, …/page
  const segments = Object.keys(manifest.entryJSFiles).filter((k) => /\/(layout|page|loading)$/.test(k));
  const files = [...new Set([...build.rootMainFiles, ...segments.flatMap((k) => manifest.entryJSFiles[k])])];
  const chunks = files.map((file) => {
    const body = fs.readFileSync(path.join(distDir, file.replace(/^\/?_next\//, "")));
    return { file, raw: body.length, gzip: zlib.gzipSync(body, { level: 6 }).length };
  });
  return {
    page,
    chunks,
    raw: chunks.reduce((s, c) => s + c.raw, 0),
    gzip: chunks.reduce((s, c) => s + c.gzip, 0),
  };
}
