import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import tar from "tar-stream";
import { TaskFailure } from "../../lib/executions/tasks/types";

// The tar archives the Docker task runner sends into a container (putArchive) and reads back from it
// (getArchive): no host folder is mounted, so a remote Docker host works the same.

/** A tar of each `[host folder, name in the archive]`: directories and regular files; symbolic links stay links (they point inside the container). */
export function packFolders(folders: readonly [string, string][]): Readable {
  const pack = tar.pack();
  const add = async (host: string, name: string) => {
    // directories are open to every user, for a container running as another `user`
    pack.entry({ name, type: "directory", mode: 0o777 });
    for (const entry of await fsp.readdir(host, { withFileTypes: true })) {
      const full = path.join(host, entry.name);
      const inner = `${name}/${entry.name}`;
      if (entry.isDirectory()) await add(full, inner);
      else if (entry.isSymbolicLink()) pack.entry({ name: inner, type: "symlink", linkname: await fsp.readlink(full) });
      else if (entry.isFile()) {
        const stat = await fsp.stat(full);
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ name: inner, size: stat.size, mode: (stat.mode & 0o777) | 0o666 }, (e) => (e ? reject(e) : resolve()));
          fsp
            .open(full)
            .then((h) => {
              const stream = h.createReadStream();
              stream.on("error", reject);
              stream.pipe(sink);
            })
            .catch(reject);
        });
      }
    }
  };
  (async () => {
    const parents = new Set<string>();
    for (const [host, name] of folders) {
      const parts = name.split("/");
      for (let i = 1; i < parts.length; i++) {
        const parent = parts.slice(0, i).join("/");
        if (!parents.has(parent)) pack.entry({ name: parent, type: "directory", mode: 0o755 });
        parents.add(parent);
      }
      await add(host, name);
    }
    pack.finalize();
  })().catch((e: Error) => pack.destroy(e));
  return pack as unknown as Readable;
}

/**
 * Writes the regular files and directories of a tar (from getArchive: its first path element is the
 * folder asked for) into `target`. The archive comes from a tenant's container: a name leaving the
 * folder, a link or a device is not written (only counted), so the host never follows what a
 * script made.
 */
export async function unpackInto(archive: Readable, target: string, maxBytes = Number.POSITIVE_INFINITY): Promise<{ skipped: string[] }> {
  const extract = tar.extract();
  const skipped: string[] = [];
  let bytes = 0;
  archive.on("error", (e) => extract.destroy(e));
  archive.pipe(extract);
  for await (const entry of extract) {
    const parts = entry.header.name.split("/").filter((p) => p && p !== ".").slice(1);
    const safe = parts.every((p) => p !== "..") && !entry.header.name.startsWith("/");
    const type = entry.header.type;
    if (safe && parts.length && type === "directory") await fsp.mkdir(path.join(target, ...parts), { recursive: true });
    else if (safe && parts.length && type === "file") {
      const file = path.join(target, ...parts);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      // the permissions the file had (its execute bits), never set-user-id and the like
      const handle = await fsp.open(file, "w", ((entry.header.mode ?? 0o644) & 0o777) | 0o600);
      try {
        for await (const chunk of entry) {
          bytes += (chunk as Buffer).byteLength;
          if (bytes > maxBytes) {
            archive.destroy();
            throw new TaskFailure(`The container's files exceed ${maxBytes} bytes (TENANTFLOW_MAX_FILE_SIZE): they are not copied back`);
          }
          await handle.write(chunk as Buffer);
        }
      } finally {
        await handle.close();
      }
      continue;
    } else if (parts.length) skipped.push(parts.join("/"));
    entry.resume();
  }
  return { skipped };
}

/** Empties a folder, keeping the folder itself. */
export async function emptyFolder(dir: string): Promise<void> {
  for (const name of await fsp.readdir(dir)) await fsp.rm(path.join(dir, name), { recursive: true, force: true });
}
