import { dynBool, dynDuration, dynInteger, dynMap, nonEmptyText, opt, text, textOrTextList } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.git: syncing namespace files and flows from a repository, pushing them back,
// and cloning, with the properties the orchestrator's git plugin documents.

export const G = "io.kestra.plugin.git";

/** The connection properties every git task has (the orchestrator's AbstractGitTask). */
const connection = {
  url: opt(text),
  username: opt(text),
  password: opt(text),
  privateKey: opt(text),
  passphrase: opt(text),
  trustedCaPemPath: opt(text),
  noProxy: opt(dynBool),
  connectTimeout: opt(dynInteger),
  readTimeout: opt(dynInteger),
  gitConfig: opt(dynMap),
  cloneSubmodules: opt(dynBool),
};

const sync = {
  ...connection,
  branch: opt(text),
  gitDirectory: opt(text),
  delete: opt(dynBool),
  dryRun: opt(dynBool),
};

const push = {
  ...connection,
  branch: opt(text),
  gitDirectory: opt(text),
  commitMessage: opt(text),
  authorName: opt(text),
  authorEmail: opt(text),
  includeChildNamespaces: opt(dynBool),
  dryRun: opt(dynBool),
};

export const syncNamespaceFiles: TaskEntry = {
  type: `${G}.SyncNamespaceFiles`,
  shape: { ...sync, namespace: opt(text) },
};

export const syncFlows: TaskEntry = {
  type: `${G}.SyncFlows`,
  shape: { ...sync, targetNamespace: nonEmptyText, includeChildNamespaces: opt(dynBool), ignoreInvalidFlows: opt(dynBool) },
};

export const pushNamespaceFiles: TaskEntry = {
  type: `${G}.PushNamespaceFiles`,
  shape: { ...push, namespace: opt(text), files: opt(textOrTextList), errorOnMissing: opt(dynBool) },
};

export const pushFlows: TaskEntry = {
  type: `${G}.PushFlows`,
  shape: { ...push, sourceNamespace: opt(text), targetNamespace: opt(text), flows: opt(textOrTextList) },
};

export const clone: TaskEntry = {
  type: `${G}.Clone`,
  shape: {
    ...connection,
    directory: opt(text),
    branch: opt(text),
    depth: opt(dynInteger),
    commit: opt(text),
    tag: opt(text),
    cloneAllBranches: opt(dynBool),
    noTags: opt(dynBool),
    cache: opt(dynBool),
    cacheTtl: opt(dynDuration),
  },
};

export const GIT_TASKS: readonly TaskEntry[] = [syncNamespaceFiles, syncFlows, pushNamespaceFiles, pushFlows, clone];
