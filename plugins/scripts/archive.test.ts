import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import tar from "tar-stream";
import { afterEach, describe, expect, it } from "vitest";
import { unpackInto } from "./archive";

// What comes back from a tenant's container: only regular files and folders, inside the target,
// and no more bytes than the instance keeps.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "archive-test-"));
  dirs.push(d);
  return d;
};

function archive(entries: { name: string; type?: "file" | "symlink" | "directory"; body?: string; linkname?: string }[]): Readable {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? "file", ...(e.linkname ? { linkname: e.linkname } : {}) }, e.body ?? "");
  pack.finalize();
  return pack as unknown as Readable;
}

describe("unpackInto", () => {
  it("writes files and folders under the target, skipping links and names that leave it", async () => {
    const target = temp();
    const { skipped } = await unpackInto(
      archive([
        { name: "working-dir/a.txt", body: "hello" },
        { name: "working-dir/sub", type: "directory" },
        { name: "working-dir/sub/b.txt", body: "b" },
        { name: "working-dir/link", type: "symlink", linkname: "/etc/passwd" },
        { name: "working-dir/../escape.txt", body: "no" },
      ]),
      target,
    );
    expect(fs.readFileSync(path.join(target, "a.txt"), "utf8")).toBe("hello");
    expect(fs.readFileSync(path.join(target, "sub/b.txt"), "utf8")).toBe("b");
    expect(fs.existsSync(path.join(target, "link"))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(target), "escape.txt"))).toBe(false);
    expect(skipped).toContain("link");
  });

  it("stops past the byte limit, naming it", async () => {
    const target = temp();
    await expect(unpackInto(archive([{ name: "w/a.txt", body: "123456" }, { name: "w/b.txt", body: "789012" }]), target, 10)).rejects.toThrow(
      "The container's files exceed 10 bytes (TENANTFLOW_MAX_FILE_SIZE): they are not copied back",
    );
  });
});
