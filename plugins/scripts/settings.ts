import { config } from "../../lib/config";

// What the instance allows script tasks (lib/config.ts; README "Settings").

export const DEFAULT_GROUP = "default";

export type ScriptSettings = {
  /** worker group keys where scripts run ("default": the default group); empty: nowhere */
  workerGroups: readonly string[];
  timeoutMs: number;
  maxLogBytes: number;
  /** bytes of ::{"outputs":...}:: lines read (TENANTFLOW_MAX_TASK_OUTPUT_SIZE) */
  maxOutputBytes: number;
  /** the Docker daemon of the Docker task runner (TENANTFLOW_DOCKER_HOST); unset: no Docker */
  dockerHost?: string;
  /** privileged, volumes, host network, ports and devices allowed (TENANTFLOW_DOCKER_ALLOW_HOST_ACCESS) */
  dockerAllowHostAccess: boolean;
  /** the user script processes run as (TENANTFLOW_SCRIPT_USER), else the worker's own */
  runAs?: { uid: number; gid: number };
};

/** `uid` or `uid:gid` (the gid is the uid when not given). */
export function parseUser(value: string | undefined): ScriptSettings["runAs"] {
  if (!value) return undefined;
  const [uid, gid = uid] = value.split(":").map(Number);
  return { uid, gid };
}

/** `TENANTFLOW_SCRIPT_WORKER_GROUPS` as a list of keys (unset or blank: none). */
export const parseWorkerGroups = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);

export function scriptSettings(): ScriptSettings {
  const c = config();
  return {
    workerGroups: parseWorkerGroups(c.scriptWorkerGroups),
    timeoutMs: c.scriptTimeoutMs,
    maxLogBytes: c.scriptMaxLogBytes,
    maxOutputBytes: c.maxTaskOutputSize,
    ...(c.dockerHost ? { dockerHost: c.dockerHost } : {}),
    dockerAllowHostAccess: c.dockerAllowHostAccess,
    ...(c.scriptUser ? { runAs: parseUser(c.scriptUser) } : {}),
  };
}

/** Why a worker of `group` may not run scripts, or null when it may. */
export function refusedGroup(group: string | undefined, settings: ScriptSettings): string | null {
  const key = group || DEFAULT_GROUP;
  if (settings.workerGroups.includes(key)) return null;
  const where = group ? `worker group "${group}"` : "the default worker group";
  const allowed = settings.workerGroups.length ? `only on ${settings.workerGroups.join(", ")}` : "on no worker group";
  return `Script tasks are not allowed on ${where}: this instance runs them ${allowed} (setting TENANTFLOW_SCRIPT_WORKER_GROUPS)`;
}
