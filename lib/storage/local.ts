import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { isSafeRelativeKey } from "./keys";
import type { ObjectInfo, StorageBackend } from "./types";

const missing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === "ENOENT";

/**
 * Objects as files under a root directory, one directory level per key segment. Every key is
 * resolved and checked to stay inside the root, whatever produced it.
 */
export class LocalStorage implements StorageBackend {
  readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get label() {
    return `local directory ${this.root}`;
  }

  /** The file of a key, refusing any key that would leave the root. */
  file(key: string): string {
    if (!isSafeRelativeKey(key)) throw new Error("unsafe storage key");
    const full = path.resolve(this.root, ...key.split("/"));
    if (!full.startsWith(this.root + path.sep)) throw new Error("storage key outside the root");
    return full;
  }

  async put(key: string, body: Uint8Array) {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // write beside, then rename: a reader never sees half a file, a crash leaves the old one. The
    // temporary name is short whatever the file's (a name of 255 bytes has no room for a suffix).
    const tmp = path.join(path.dirname(file), `.${crypto.randomBytes(6).toString("hex")}.partial`);
    try {
      await fs.writeFile(tmp, body);
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string) {
    try {
      return new Uint8Array(await fs.readFile(this.file(key)));
    } catch (e) {
      if (missing(e) || (e as NodeJS.ErrnoException).code === "EISDIR") return null;
      throw e;
    }
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const s = await fs.stat(this.file(key));
      return s.isFile() ? { key, size: s.size, updated: s.mtime } : null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async delete(key: string) {
    const file = this.file(key);
    await fs.rm(file, { force: true });
    await this.pruneEmptyDirs(path.dirname(file));
  }

  /** Removes directories left empty, up to (never including) the root. */
  private async pruneEmptyDirs(dir: string) {
    let cur = dir;
    while (cur.startsWith(this.root + path.sep)) {
      try {
        await fs.rmdir(cur);
      } catch {
        return; // not empty, or gone
      }
      cur = path.dirname(cur);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const dirKey = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
    const start = dirKey ? this.file(dirKey) : this.root;
    const out: ObjectInfo[] = [];
    const walk = async (dir: string, keyPrefix: string) => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e) => (missing(e) ? [] : Promise.reject(e)));
      for (const e of entries) {
        if (e.name.endsWith(".partial")) continue;
        const full = path.join(dir, e.name);
        const key = keyPrefix ? `${keyPrefix}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(full, key);
        else if (e.isFile()) {
          const s = await fs.stat(full);
          out.push({ key, size: s.size, updated: s.mtime });
        }
      }
    };
    await walk(start, dirKey);
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async copy(from: string, to: string) {
    const target = this.file(to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(this.file(from), target);
  }

  async move(from: string, to: string) {
    const source = this.file(from);
    const target = this.file(to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(source, target);
    await this.pruneEmptyDirs(path.dirname(source));
  }
}
