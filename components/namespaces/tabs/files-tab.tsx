import { abilities } from "@/lib/rbac/abilities";
import { FilesBrowser } from "@/components/files/files-browser";
import { EmptyState } from "@/components/ui/empty-state";
import { config } from "@/lib/config";
import { listFiles } from "@/lib/files/files";
import { createFileAction, createFolderAction, deleteFileAction, moveFileAction, saveFileAction } from "@/lib/files/actions";
import type { NamespaceTabProps } from "./types";

/** Namespace files (FLOW permission): listed on the server, browsed and edited in the browser. */
export async function FilesTab({ ctx, namespace }: NamespaceTabProps) {
  if (!ctx.can("FLOW", "READ", namespace)) {
    return <EmptyState title="No access to files">Reading this namespace's files needs the FLOW:READ permission here.</EmptyState>;
  }
  const initial = await listFiles(ctx, namespace, "");
  return (
    <FilesBrowser
      tenant={ctx.tenantId}
      namespace={namespace}
      initial={{ results: initial.results, total: initial.total }}
      can={abilities(ctx, "FLOW", namespace)}
      maxFileSize={config().maxFileSize}
      actions={{
        createFile: createFileAction,
        saveFile: saveFileAction,
        createFolder: createFolderAction,
        moveFile: moveFileAction,
        deleteFile: deleteFileAction,
      }}
    />
  );
}
