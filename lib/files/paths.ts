import { invalid } from "../errors";

// A namespace file's path: `/`-separated plain names, relative to the namespace. Anything that could
// name another place is refused outright rather than cleaned up: `.` and `..` (also as Unicode
// look-alikes such as U+FF0E or U+2024, which NFKC turns into dots), absolute paths, backslashes,
// `%` (so no encoded form survives a second decoding), NUL and other control characters.

// in UTF-8 bytes: with the longest prefix, tenant id and namespace, every accepted path still fits
// an S3 object name (1024 bytes) and a local file path
export const MAX_PATH_LENGTH = 512;
export const MAX_DEPTH = 16;
const MAX_SEGMENT_BYTES = 255;

function segmentProblem(seg: string): string | null {
  if (seg === "") return "must not contain an empty segment (// or a leading or trailing /)";
  const folded = seg.normalize("NFKC");
  if (/^\.+$/.test(seg) || /^\.+$/.test(folded)) return "must not contain . or .. segments";
  if (/[/\\]/.test(folded)) return "must not contain slash look-alikes";
  if (new TextEncoder().encode(seg).length > MAX_SEGMENT_BYTES) return `each name must be at most ${MAX_SEGMENT_BYTES} bytes`;
  if (seg !== seg.trim()) return "names must not start or end with a space";
  return null;
}

/** The problem with a file path, or null when it is acceptable. */
export function filePathProblem(p: string): string | null {
  if (typeof p !== "string" || p.length === 0) return "path is required";
  if (p.length > MAX_PATH_LENGTH || new TextEncoder().encode(p).length > MAX_PATH_LENGTH) {
    return `path must be at most ${MAX_PATH_LENGTH} bytes (UTF-8)`;
  }
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return "path must be relative to the namespace (no leading / or drive letter)";
  if (p.includes("\\")) return "path must use / between names, never \\";
  if (p.includes("%")) return "path must not contain % (send names decoded once)";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/.test(p)) return "path must not contain control characters";
  if (/[<>:"|?*]/.test(p)) return 'path must not contain < > : " | ? or *';
  const segments = p.split("/");
  if (segments.length > MAX_DEPTH) return `path must be at most ${MAX_DEPTH} levels deep`;
  for (const s of segments) {
    const problem = segmentProblem(s);
    if (problem) return `path ${problem}`;
  }
  return null;
}

/** Validates a file path (NFC-normalised), 422 naming the problem. */
export function checkFilePath(raw: string, field = "path"): string {
  const p = typeof raw === "string" ? raw.normalize("NFC") : raw;
  const problem = filePathProblem(p);
  if (problem) throw invalid("Invalid file path", [{ path: field, message: problem }]);
  return p;
}

/** A folder path: like a file path, a trailing `/` allowed, "" (or "/") for the namespace's root. */
export function checkFolderPath(raw: string | null | undefined, field = "path"): string {
  if (raw === null || raw === undefined || raw === "" || raw === "/") return "";
  return checkFilePath(raw.endsWith("/") ? raw.slice(0, -1) : raw, field);
}

/** The catch-all URL segments of `/files/{...path}` as one path (Next.js has decoded them once). */
export function pathFromSegments(segments: string[] | string | undefined): string {
  const list = Array.isArray(segments) ? segments : segments ? [segments] : [];
  return list.join("/");
}

/** `a/b/c.txt` → [`a`, `a/b`]. */
export const ancestorFolders = (p: string) => {
  const parts = p.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
};

export const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

const TYPES: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  yml: "application/x-yaml",
  yaml: "application/x-yaml",
  xml: "application/xml",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  js: "text/javascript",
  mjs: "text/javascript",
  ts: "text/x-typescript",
  py: "text/x-python",
  sh: "text/x-sh",
  sql: "application/sql",
  ini: "text/plain",
  toml: "text/plain",
  env: "text/plain",
  r: "text/plain",
  rb: "text/plain",
  go: "text/plain",
  java: "text/plain",
  properties: "text/plain",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  webp: "image/webp",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
};

/** The content type of a file, from its extension (what a client claims is not trusted). */
export function contentTypeOf(p: string): string {
  const name = baseName(p).toLowerCase();
  const dot = name.lastIndexOf(".");
  const ext = dot >= 0 ? name.slice(dot + 1) : "";
  return TYPES[ext] ?? (name === "dockerfile" || name === "makefile" ? "text/plain" : "application/octet-stream");
}

/** Whether a content type is text the code editor can open. */
export const isTextType = (ct: string) =>
  ct.startsWith("text/") || ["application/json", "application/x-yaml", "application/xml", "application/sql"].includes(ct) || ct === "image/svg+xml";
