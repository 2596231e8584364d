import { PassThrough, Writable } from "node:stream";
import Docker from "dockerode";
import { config } from "../../lib/config";
import { TaskFailure } from "../../lib/executions/tasks/types";
import { emptyFolder, packFolders, unpackInto } from "./archive";
import { dockerRunner, DOCKER_RUNNER } from "./catalogue";
import { LineSplitter } from "./lines";
import type { ProcessOutcome } from "./process";
import type { ScriptSettings } from "./settings";

// The Docker task runner: the same script in a container of the instance's Docker daemon
// (TENANTFLOW_DOCKER_HOST). The working directory and the script's scratch folder are copied into
// the container before it starts (putArchive) and back after it ends (getArchive): no host folder
// is mounted, so the container sees nothing of the worker and a remote Docker host works the same.

/** Where the script sees its folders inside the container. */
export const CONTAINER_WORKING_DIR = "/kestra/working-dir";
export const CONTAINER_SCRATCH = "/kestra/scratch";

/** The image of a task that names none, after the orchestrator's defaults. */
export const DEFAULT_IMAGES = { shell: "ubuntu", python: "python:3-slim", node: "node" } as const;

export type DockerOptions = {
  image: string;
  pullPolicy: "IF_NOT_PRESENT" | "ALWAYS" | "NEVER";
  wait: boolean;
  delete: boolean;
  user?: string;
  entryPoint: string[];
  create: Partial<Docker.ContainerCreateOptions["HostConfig"]> & object;
  auth?: Docker.AuthConfig;
};

const truthy = (v: unknown) => v === true || v === "true";
const falsy = (v: unknown) => v === false || v === "false";
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `512Mb`, `1g`, `1048576`: bytes. */
export function parseBytes(value: unknown, name: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(String(value));
  if (!match) throw new TaskFailure(`taskRunner ${name} "${String(value)}" is not a size (such as 512Mb or 2g)`);
  const power = { "": 0, k: 1, m: 2, g: 3, t: 4 }[match[2].toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.round(Number(match[1]) * 1024 ** power);
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The registry an image comes from (Docker Hub when its first part is not a host). */
function registryOf(image: string): string {
  const first = image.split("/")[0];
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "https://index.docker.io/v1/";
}

/** `credentials` or a `config` (a Docker config.json) as the auth of a pull; never logged. */
function authOf(runner: Record<string, unknown>, image: string): Docker.AuthConfig | undefined {
  const c = runner.credentials as Record<string, string | undefined> | undefined;
  if (c && Object.values(c).some(Boolean)) {
    const auth: Record<string, string> = { serveraddress: c.registry || registryOf(image) };
    if (c.username) auth.username = c.username;
    if (c.password) auth.password = c.password;
    if (c.auth) auth.auth = c.auth;
    if (c.identityToken) auth.identitytoken = c.identityToken;
    if (c.registryToken) auth.registrytoken = c.registryToken;
    return auth as unknown as Docker.AuthConfig;
  }
  let config = runner.config;
  if (typeof config === "string") {
    try {
      config = JSON.parse(config) as unknown;
    } catch {
      throw new TaskFailure("taskRunner config must be a Docker config.json (a JSON object)");
    }
  }
  if (isMap(config) && isMap(config.auths)) {
    const registry = registryOf(image);
    const found = Object.entries(config.auths).find(([k]) => k === registry || k.replace(/^https?:\/\//, "").split("/")[0] === registry.replace(/^https?:\/\//, "").split("/")[0]);
    const entry = found?.[1] as Record<string, string> | undefined;
    if (entry?.auth) {
      const [username, ...rest] = Buffer.from(entry.auth, "base64").toString("utf8").split(":");
      return { username, password: rest.join(":"), serveraddress: registry } as Docker.AuthConfig;
    }
    if (entry?.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: registry } as unknown as Docker.AuthConfig;
  }
  return undefined;
}

/**
 * The Docker options of a task: `taskRunner` (or the deprecated `docker`), checked against what the
 * instance allows. What reaches the Docker host (privileged, volumes, the host's network or another
 * container's, port bindings, devices, another Docker host) is refused unless
 * TENANTFLOW_DOCKER_ALLOW_HOST_ACCESS: a tenant's script must not reach the machine it runs on.
 */
export function dockerOptions(props: Record<string, unknown>, language: keyof typeof DEFAULT_IMAGES, settings: ScriptSettings): DockerOptions {
  const raw = isMap(props.taskRunner) && props.taskRunner.type === DOCKER_RUNNER ? props.taskRunner : isMap(props.docker) ? props.docker : {};
  const parsed = dockerRunner.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TaskFailure(`taskRunner ${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  const r = parsed.data as Record<string, unknown>;
  const hostAccess = (what: string) => {
    if (!settings.dockerAllowHostAccess)
      throw new TaskFailure(
        `The Docker task runner refuses ${what} on this instance: it would let the script reach the Docker host (setting TENANTFLOW_DOCKER_ALLOW_HOST_ACCESS)`,
      );
  };
  if (truthy(r.privileged)) hostAccess("privileged containers (privileged: true)");
  if (list(r.volumes).length) hostAccess("volumes");
  if (list(r.portBindings).length) hostAccess("port bindings");
  if (Array.isArray(r.deviceRequests) && r.deviceRequests.length) hostAccess("device requests");
  const networkMode = r.networkMode ? String(r.networkMode) : undefined;
  if (networkMode === "host" || networkMode?.startsWith("container:")) hostAccess(`networkMode ${networkMode}`);
  if (r.host) throw new TaskFailure("taskRunner host is not used: this instance runs containers on its own Docker host (setting TENANTFLOW_DOCKER_HOST)");

  const hostConfig: Record<string, unknown> = {};
  const cpu = r.cpu as { cpus?: unknown } | undefined;
  if (cpu?.cpus !== undefined && cpu.cpus !== null) {
    const cpus = Number(cpu.cpus);
    if (!(cpus > 0)) throw new TaskFailure(`taskRunner cpu.cpus must be a positive number, not "${String(cpu.cpus)}"`);
    hostConfig.NanoCpus = Math.round(cpus * 1e9);
  }
  const memory = (r.memory ?? {}) as Record<string, unknown>;
  if (memory.memory != null) hostConfig.Memory = parseBytes(memory.memory, "memory.memory");
  if (memory.memorySwap != null) hostConfig.MemorySwap = String(memory.memorySwap).trim() === "-1" ? -1 : parseBytes(memory.memorySwap, "memory.memorySwap");
  if (memory.memoryReservation != null) hostConfig.MemoryReservation = parseBytes(memory.memoryReservation, "memory.memoryReservation");
  if (memory.kernelMemory != null) hostConfig.KernelMemory = parseBytes(memory.kernelMemory, "memory.kernelMemory");
  if (memory.memorySwappiness != null) hostConfig.MemorySwappiness = Number(memory.memorySwappiness);
  if (memory.oomKillDisable != null) hostConfig.OomKillDisable = truthy(memory.oomKillDisable);
  if (r.shmSize) hostConfig.ShmSize = parseBytes(r.shmSize, "shmSize");
  if (networkMode) hostConfig.NetworkMode = networkMode;
  if (list(r.extraHosts).length) hostConfig.ExtraHosts = list(r.extraHosts);
  if (truthy(r.privileged)) hostConfig.Privileged = true;
  if (list(r.volumes).length) hostConfig.Binds = list(r.volumes);
  if (Array.isArray(r.deviceRequests) && r.deviceRequests.length)
    hostConfig.DeviceRequests = (r.deviceRequests as Record<string, unknown>[]).map((d) => ({
      Driver: d.driver,
      Count: d.count,
      DeviceIDs: d.deviceIds,
      Capabilities: d.capabilities,
      Options: d.options,
    }));
  if (list(r.portBindings).length) {
    const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {};
    for (const b of list(r.portBindings)) {
      const parts = b.split(":");
      const container = parts.pop()!;
      const hostPort = parts.pop() ?? "";
      const key = container.includes("/") ? container : `${container}/tcp`;
      (bindings[key] ??= []).push({ HostPort: hostPort, ...(parts.length ? { HostIp: parts.join(":") } : {}) });
    }
    hostConfig.PortBindings = bindings;
  }

  const image = String(props.containerImage || r.image || DEFAULT_IMAGES[language]);
  const auth = authOf(r, image);
  return {
    image,
    pullPolicy: (r.pullPolicy as DockerOptions["pullPolicy"]) ?? "IF_NOT_PRESENT",
    wait: !falsy(r.wait),
    delete: !falsy(r.delete),
    ...(r.user ? { user: String(r.user) } : {}),
    entryPoint: r.entryPoint === undefined || r.entryPoint === null ? [""] : list(r.entryPoint),
    create: hostConfig,
    ...(auth ? { auth } : {}),
  };
}

/** A client of `TENANTFLOW_DOCKER_HOST`: a unix socket (path or unix://) or tcp://, http://, https://host:port. */
export function dockerClient(host: string): Docker {
  if (host.startsWith("/")) return new Docker({ socketPath: host });
  if (host.startsWith("unix://")) return new Docker({ socketPath: host.slice("unix://".length) });
  const url = new URL(host);
  const protocol = url.protocol === "https:" ? "https" : "http";
  return new Docker({ host: url.hostname, port: url.port || (protocol === "https" ? 2376 : 2375), protocol });
}

const withTag = (image: string) => (/[:@][^/]*$/.test(image) ? image : `${image}:latest`);
const reason = (e: unknown) => {
  const err = e as { json?: { message?: string }; message?: string };
  return (err.json?.message ?? err.message ?? String(e)).trim();
};

async function ensureImage(docker: Docker, options: DockerOptions, log: (message: string) => void) {
  const present = await docker
    .getImage(options.image)
    .inspect()
    .then(() => true)
    .catch((e: { statusCode?: number }) => {
      if (e.statusCode === 404) return false;
      throw new TaskFailure(`Cannot reach the Docker host (setting TENANTFLOW_DOCKER_HOST): ${reason(e)}`);
    });
  if (options.pullPolicy === "NEVER") {
    if (!present) throw new TaskFailure(`The image "${options.image}" is not on the Docker host and pullPolicy is NEVER: load it there or use another pullPolicy`);
    return;
  }
  if (present && options.pullPolicy === "IF_NOT_PRESENT") return;
  log(`Pulling image ${options.image}`);
  try {
    const stream = await docker.pull(withTag(options.image), options.auth ? { authconfig: options.auth } : {});
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (e: Error | null, events: { error?: string }[]) => {
        const failed = events?.find((ev) => ev.error);
        if (e || failed) reject(e ?? new Error(failed!.error));
        else resolve();
      }),
    );
  } catch (e) {
    throw new TaskFailure(`Cannot pull the image "${options.image}" (pullPolicy ${options.pullPolicy}): ${reason(e)}`);
  }
}

export type ContainerSpec = {
  host: string;
  options: DockerOptions;
  argv: readonly string[];
  env: Record<string, string>;
  /** the host's working directory and scratch folder, copied in before and back after */
  hostDir: string;
  hostScratch: string;
  labels: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  onLine: (stream: "stdout" | "stderr", line: string) => void;
  log: (level: "INFO" | "WARN" | "DEBUG", message: string) => void;
};

export type ContainerOutcome = ProcessOutcome & { detached?: boolean };

const lineSink = (splitter: LineSplitter) =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      splitter.push(chunk);
      done();
    },
  });

/** Runs the script in a new container; resolves once it ended (or started, with `wait: false`) and its files are back on the host. */
export async function runContainer(spec: ContainerSpec): Promise<ContainerOutcome> {
  const docker = dockerClient(spec.host);
  const { options } = spec;
  await ensureImage(docker, options, (m) => spec.log("INFO", m));
  if (spec.signal.aborted) return { exitCode: null, killedBy: "abort" };
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      Image: options.image,
      Cmd: [...spec.argv],
      Entrypoint: options.entryPoint,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: CONTAINER_WORKING_DIR,
      Labels: spec.labels,
      ...(options.user ? { User: options.user } : {}),
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      HostConfig: options.create as Docker.HostConfig,
    });
  } catch (e) {
    throw new TaskFailure(`Cannot create a container of "${options.image}": ${reason(e)}`);
  }
  let killedBy: ProcessOutcome["killedBy"] = null;
  let started = false;
  try {
    await container.putArchive(
      packFolders([
        [spec.hostDir, CONTAINER_WORKING_DIR.slice(1)],
        [spec.hostScratch, CONTAINER_SCRATCH.slice(1)],
      ]),
      { path: "/" },
    );
    if (!options.wait) {
      await container.start();
      spec.log("INFO", `Container ${container.id.slice(0, 12)} started; the task does not wait for it (wait: false)`);
      return { exitCode: 0, killedBy: null, detached: true };
    }

    const out = new LineSplitter((l) => spec.onLine("stdout", l));
    const err = new LineSplitter((l) => spec.onLine("stderr", l));
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const ended = new Promise<void>((resolve) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
      stream.on("error", () => resolve());
    });
    const outSink = lineSink(out);
    const errSink = lineSink(err);
    docker.modem.demuxStream(stream, outSink, errSink);

    const stop = (why: "abort" | "timeout") => {
      if (killedBy) return;
      killedBy = why;
      if (started) container.kill().catch(() => undefined);
    };
    const onAbort = () => stop("abort");
    spec.signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => stop("timeout"), spec.timeoutMs);
    try {
      if (spec.signal.aborted) onAbort();
      if (killedBy) return { exitCode: null, killedBy };
      await container.start();
      started = true;
      if (killedBy) await container.kill().catch(() => undefined);
      const result = (await container.wait()) as { StatusCode: number };
      await ended;
      out.end();
      err.end();
      if (killedBy) return { exitCode: null, killedBy };
      // the files come back whatever the exit code, as a process's stay in its folder
      await copyBack(container, CONTAINER_WORKING_DIR, spec.hostDir, spec.log);
      await copyBack(container, `${CONTAINER_SCRATCH}/outputs`, `${spec.hostScratch}/outputs`, spec.log);
      return { exitCode: result.StatusCode, killedBy: null };
    } finally {
      clearTimeout(timer);
      spec.signal.removeEventListener("abort", onAbort);
      (stream as unknown as PassThrough).destroy?.();
    }
  } catch (e) {
    if (e instanceof TaskFailure) throw e;
    throw new TaskFailure(`The Docker task runner failed: ${reason(e)}`);
  } finally {
    // a killed or timed-out container always goes; a finished one unless `delete: false`
    if (killedBy || (options.delete && options.wait)) await container.remove({ force: true }).catch(() => undefined);
  }
}

async function copyBack(container: Docker.Container, from: string, to: string, log: ContainerSpec["log"]) {
  const archive = (await container.getArchive({ path: from })) as unknown as import("node:stream").Readable;
  await emptyFolder(to);
  const { skipped } = await unpackInto(archive, to, config().maxFileSize);
  for (const name of skipped) log("WARN", `${name} is not copied back from the container: only regular files and folders are`);
}
