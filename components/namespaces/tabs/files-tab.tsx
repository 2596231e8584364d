import { abilities } from "@/lib/rbac/abilities";
import { FilesBrowser } from "@/components/files/files-browser";
import { EmptyState } from "@/components/ui/empty-state";
import { config } from "@/lib/config";
import { listFiles } from "@/lib/files/files";
import { createFileAction, createFolderAction, deleteFileAction, moveFileAction, saveFileAction } from "@/lib/files/actions";
import { namespaceGitSyncs } from "@/lib/git/syncs";
import type { NamespaceTabProps } from "./types";

/** Namespace files (FLOW permission): listed on the server, browsed and edited in the browser. */
export async function FilesTab({ ctx, namespace }: NamespaceTabProps) {
  if (!ctx.can("FLOW", "READ", namespace)) {
    return <EmptyState title="No access to files">Reading this namespace's files needs the FLOW:READ permission here.</EmptyState>;
  }
  const initial = await listFiles(ctx, namespace, "");
  const fromGit = (await namespaceGitSyncs(ctx, namespace)).find((s) => s.kind === "files");
  const gitPaths = fromGit?.result.paths ?? [];
  return (
    <>
      {fromGit && (
        <p data-testid="files-from-git" className="mb-3 text-sm text-slate-600">
          {gitPaths.length} file{gitPaths.length === 1 ? "" : "s"} of this namespace come from Git (<span className="font-mono break-all">{fromGit.url}</span>, branch{" "}
          <span className="font-mono">{fromGit.branch}</span>, directory <span className="font-mono">{fromGit.gitDirectory || "/"}</span>): a change made here is overwritten by the next sync.
          {gitPaths.length > 0 && <span className="block font-mono text-xs text-slate-500">{gitPaths.slice(0, 20).join(", ")}{gitPaths.length > 20 ? ", …" : ""}</span>}
        </p>
      )}
      <FilesBrowser
      tenant={ctx.tenantId}
      namespace={namespace}
      initial={{ results: initial.results, total: initial.total }}
      can={abilities(ctx, "FLOW", namespace)}
      maxFileSize={config().maxFileSize}
      fromGit={gitPaths}
      actions={{
        createFile: createFileAction,
        saveFile: saveFileAction,
        createFolder: createFolderAction,
        moveFile: moveFileAction,
        deleteFile: deleteFileAction,
      }}
    />
    </>
  );
}
