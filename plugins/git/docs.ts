import type { DocsByType, TypeDocs } from "../../lib/flows/validation/catalogue/docs/types";
import { G } from "./catalogue";

// The git tasks' documentation, after the orchestrator's git plugin.

const CONNECTION: Record<string, string> = {
  url: "The repository: https://, ssh:// (or user@host:path), or file:// where the instance allows it (setting TENANTFLOW_GIT_SCHEMES). Its host must be among the instance's allowed hosts, and is refused when it resolves to a private address unless the instance allows them.",
  username: "The user name of HTTP basic authentication (with a token, often any name or the account's).",
  password: "The password or personal access token, usually `{{ secret('GITHUB_ACCESS_TOKEN') }}`. It is given to git for each command only: never written into the repository, its configuration or the logs.",
  privateKey: "A PEM private key for ssh:// URLs, usually from a secret.",
  passphrase: "The passphrase of `privateKey`.",
  trustedCaPemPath: "Not supported: the worker trusts its system's certificate authorities; a task setting it fails.",
  noProxy: "Git connects directly on this instance (no proxy is used).",
  connectTimeout: "Connection timeout in milliseconds (10000).",
  readTimeout: "A transfer slower than one byte a second for this long (milliseconds, 60000) is abandoned.",
  gitConfig: "Git settings applied to the clone: core.fileMode, core.autocrlf, core.eol, core.ignoreCase, core.symlinks, core.quotePath, user.name, user.email.",
  cloneSubmodules: "Not supported: a task setting it to true fails (submodules could reach repositories the instance has not checked).",
};

const SYNC: Record<string, string> = {
  branch: "The branch to sync from (main).",
  delete: "Also delete what is in Tenantflow but no longer in the Git directory (false).",
  dryRun: "Only report what would change, in the output file, without changing anything (false).",
};

const PUSH: Record<string, string> = {
  branch: "The branch to push to (main); created when the repository does not have it.",
  commitMessage: "The commit's message.",
  authorName: "The commit's author name (the username when not set).",
  authorEmail: "The commit's author email.",
  dryRun: "Only report the changes (output file) without committing or pushing (false).",
};

const entry = (description: string, properties: Record<string, string>, example: string): TypeDocs => ({ description, properties, example });

export const GIT_TASK_DOCS: DocsByType = {
  [`${G}.SyncNamespaceFiles`]: entry(
    "Syncs namespace files from a Git branch: each file under `gitDirectory` is written to the namespace (added, overwritten, or left when unchanged); with `delete`, the namespace's files the directory lacks are deleted. Each change is in the audit log with the execution as its actor. Output `files`: an ION file, one row per file ({gitPath, syncState, kestraPath}, syncState ADDED, OVERWRITTEN, UNCHANGED or DELETED).",
    {
      ...CONNECTION,
      ...SYNC,
      namespace: "The namespace to write the files into (the flow's); the flow's namespace must be it, its parent, or allowed by it.",
      gitDirectory: "The folder of the repository holding the files (_files).",
    },
    `- id: sync_files\n  type: ${G}.SyncNamespaceFiles\n  url: https://github.com/my-org/flows\n  branch: main\n  username: git_username\n  password: "{{ secret('GITHUB_ACCESS_TOKEN') }}"\n  namespace: company.team\n  gitDirectory: _files\n  delete: true\n  dryRun: true`,
  ),
  [`${G}.SyncFlows`]: entry(
    "Syncs flows from a Git branch: each .yml file under `gitDirectory` is saved as a flow of `targetNamespace` (its namespace rewritten), validated exactly as a flow saved in the editor. An invalid flow is not saved: it is listed in the output `invalidFlows` and the logs, the others still sync and the task ends in WARNING. With `delete`, flows the directory lacks are deleted (never the flow running the sync). Output `flows`: an ION file, one row per flow ({gitPath, syncState, flowId, namespace, revision}).",
    {
      ...CONNECTION,
      ...SYNC,
      targetNamespace: "The namespace the flows are saved in; each flow's `namespace` is rewritten to it (to its child namespace for sub-folders).",
      gitDirectory: "The folder of the repository holding the flows (_flows).",
      includeChildNamespaces: "Also sync sub-folders, each into the child namespace of its path (`_flows/marketing` into `<targetNamespace>.marketing`) (false).",
      ignoreInvalidFlows: "Kept for the orchestrator's flows: invalid flows are always reported and skipped here.",
    },
    `- id: sync_flows\n  type: ${G}.SyncFlows\n  url: https://github.com/my-org/flows\n  branch: main\n  username: git_username\n  password: "{{ secret('GITHUB_ACCESS_TOKEN') }}"\n  targetNamespace: company.team\n  gitDirectory: _flows\n  includeChildNamespaces: true\n  delete: true`,
  ),
  [`${G}.PushNamespaceFiles`]: entry(
    "Commits the namespace's files to a Git branch and pushes them: `gitDirectory` is made to hold the files matching `files` (files there that the namespace no longer has are removed). Outputs `commitId`, `commitURL` (null when nothing changed or on a dry run) and `files`: an ION file, one row per changed file ({file, additions, deletions, changes}).",
    {
      ...CONNECTION,
      ...PUSH,
      namespace: "The namespace whose files are pushed (the flow's).",
      gitDirectory: "The folder of the repository to write them into (_files).",
      files: "Glob pattern(s) of the files to push (all by default).",
      includeChildNamespaces: "Also push the files of descendant namespaces, each in a folder named after its namespace (false).",
      errorOnMissing: "Fail when no file matches (false: nothing is pushed).",
    },
    `- id: push_files\n  type: ${G}.PushNamespaceFiles\n  url: https://github.com/my-org/flows\n  branch: main\n  username: git_username\n  password: "{{ secret('GITHUB_ACCESS_TOKEN') }}"\n  namespace: company.team\n  files: "**/*.py"\n  commitMessage: "Scripts of {{ flow.namespace }}"`,
  ),
  [`${G}.PushFlows`]: entry(
    "Commits the namespace's flows to a Git branch as `<id>.yml` files and pushes them; flows of the directory the namespace no longer has are removed. Outputs `commitId`, `commitURL` and `flows`: an ION file, one row per changed file ({file, additions, deletions, changes}).",
    {
      ...CONNECTION,
      ...PUSH,
      sourceNamespace: "The namespace whose flows are pushed (the flow's).",
      targetNamespace: "Rewrites the flows' namespace to this one in the files pushed.",
      gitDirectory: "The folder of the repository to write them into (_flows).",
      flows: "Glob pattern(s) of flow ids to push (all by default).",
      includeChildNamespaces: "Also push the flows of child namespaces, in sub-folders (false).",
    },
    `- id: push_flows\n  type: ${G}.PushFlows\n  url: https://github.com/my-org/flows\n  branch: main\n  username: git_username\n  password: "{{ secret('GITHUB_ACCESS_TOKEN') }}"\n  sourceNamespace: company.team\n  commitMessage: "Flows of {{ now() }}"`,
  ),
  [`${G}.Clone`]: entry(
    "Clones a repository into the working directory, for the next tasks of a WorkingDirectory (outside one the clone is removed when the task ends). Output `directory`: where it was cloned.",
    {
      ...CONNECTION,
      directory: "A folder of the working directory to clone into (the working directory itself by default).",
      branch: "The branch to check out (the remote's default one).",
      depth: "How many commits deep (1); ignored with `commit`.",
      commit: "A commit id to check out (full history is fetched).",
      tag: "A tag to check out.",
      cloneAllBranches: "Fetch every branch, not only the one checked out (true).",
      noTags: "Do not fetch tags (false).",
      cache: "Not used here: the repository is cloned afresh on each run.",
      cacheTtl: "Not used here (see cache).",
    },
    `- id: wdir\n  type: io.kestra.plugin.core.flow.WorkingDirectory\n  tasks:\n    - id: clone\n      type: ${G}.Clone\n      url: https://github.com/kestra-io/examples\n      branch: main\n    - id: list\n      type: io.kestra.plugin.scripts.shell.Commands\n      commands:\n        - ls`,
  ),
};
