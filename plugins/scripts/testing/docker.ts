import fs from "node:fs";
import Docker from "dockerode";
import tar from "tar-stream";

// The Docker task runner's tests run real containers of a small image made here, offline: a root
// file system of the static busybox (Debian's busybox-static) imported into the local Docker.

export const TEST_IMAGE = "tenantflow-test/busybox:2";
export const TEST_DOCKER_HOST = process.env.TENANTFLOW_DOCKER_HOST || "/var/run/docker.sock";
const BUSYBOX = ["/bin/busybox", "/usr/bin/busybox"].find((p) => fs.existsSync(p));
const APPLETS = ["sh", "echo", "cat", "ls", "mkdir", "env", "sleep", "id", "rm", "cp", "test", "printf", "grep", "wc", "touch", "true", "false", "chmod"];

export const testDocker = () => new Docker(TEST_DOCKER_HOST.startsWith("unix://") ? { socketPath: TEST_DOCKER_HOST.slice(7) } : { socketPath: TEST_DOCKER_HOST });

/** Why the Docker tests cannot run here, or null when they can. */
export async function dockerUnavailable(): Promise<string | null> {
  if (!BUSYBOX) return "no static busybox (apt-get install busybox-static) to make the test image";
  try {
    await testDocker().ping();
    return null;
  } catch (e) {
    return `no Docker daemon answers at ${TEST_DOCKER_HOST}: ${(e as Error).message}`;
  }
}

/** Imports the test image unless the Docker host has it already. */
export async function ensureTestImage(): Promise<void> {
  const docker = testDocker();
  if (await docker.getImage(TEST_IMAGE).inspect().then(() => true, () => false)) return;
  const pack = tar.pack();
  for (const d of ["bin", "tmp", "etc", "root"]) pack.entry({ name: d, type: "directory", mode: d === "tmp" ? 0o1777 : 0o755 });
  pack.entry({ name: "bin/busybox", mode: 0o755 }, fs.readFileSync(BUSYBOX!));
  for (const a of APPLETS) pack.entry({ name: `bin/${a}`, type: "symlink", linkname: "busybox" });
  pack.entry({ name: "etc/passwd", mode: 0o644 }, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
  pack.finalize();
  const [repo, tag] = TEST_IMAGE.split(":");
  const stream = await docker.importImage(pack as unknown as NodeJS.ReadableStream, { repo, tag });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())));
}

/** The containers, running or not, carrying a label. */
export const containersLabelled = async (label: string) => testDocker().listContainers({ all: true, filters: { label: [label] } });
