"use client";
import { Badge } from "@/components/ui/badge";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { Table, THead, tbodyClass, tdClass } from "@/components/ui/table";
import { confirmLeave } from "@/components/ui/use-unsaved-changes";
import type { ActionResult } from "@/lib/actions/result";
import { filePathProblem } from "@/lib/files/paths";
import { fileKeys } from "@/lib/query-keys";
import { fetchFolder, fileUrl, uploadFile } from "./api";
import { PathDialog } from "./file-dialogs";
import { FileEditor } from "./file-editor";
import type { FileEntry } from "@/lib/files/types";
import type { Abilities } from "@/lib/rbac/abilities";
import { formatDateTime } from "@/lib/ui/format";
import { errorMessage, unwrap } from "@/lib/actions/client";

type Target = { tenant: string; namespace: string; path: string };
export type FileActions = {
  createFile: (i: Target & { content: string }) => Promise<ActionResult<FileEntry>>;
  saveFile: (i: Target & { content: string }) => Promise<ActionResult<FileEntry>>;
  createFolder: (i: Target) => Promise<ActionResult<unknown>>;
  moveFile: (i: Target & { to: string }) => Promise<ActionResult<unknown>>;
  deleteFile: (i: Target) => Promise<ActionResult<unknown>>;
};

type DialogState = { kind: "newFile" } | { kind: "newFolder" } | { kind: "rename"; entry: FileEntry } | { kind: "delete"; entry: FileEntry } | null;
type Upload = { name: string; progress: number; error?: string };

const parentOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");

function formatSize(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The namespace's files: a folder at a time with a breadcrumb, upload (button or drag and drop,
 * with progress), new file and folder, rename, delete, download, and the open file in the editor.
 */
export function FilesBrowser({
  tenant,
  namespace,
  initial,
  can,
  maxFileSize,
  actions,
  fromGit = [],
}: {
  tenant: string;
  namespace: string;
  initial: { results: FileEntry[]; total: number };
  can: Omit<Abilities, "read">;
  maxFileSize: number;
  actions: FileActions;
  /** the paths of the files the last Git sync wrote: marked in the list */
  fromGit?: readonly string[];
}) {
  const gitPaths = new Set(fromGit.map((p) => p.replace(/^\/+/, "")));
  const cameFromGit = (e: FileEntry) => {
    const p = e.path.replace(/^\/+/, "");
    return e.type === "folder" ? [...gitPaths].some((g) => g.startsWith(`${p}/`)) : gitPaths.has(p);
  };
  const qc = useQueryClient();
  const [folder, setFolder] = useState("");
  const [open, setOpen] = useState<FileEntry | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [pending, setPending] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const listing = useQuery({
    queryKey: fileKeys.folder(tenant, namespace, folder),
    queryFn: () => fetchFolder(tenant, namespace, folder),
    initialData: folder === "" ? initial : undefined,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: fileKeys.all(tenant, namespace) });
  const inFolder = (name: string) => (folder ? `${folder}/${name}` : name);

  async function run(result: Promise<ActionResult<unknown>>, success: string, after?: () => void) {
    setPending(true);
    setDialogError(null);
    try {
      unwrap(await result);
    } catch (e) {
      return setDialogError(errorMessage(e));
    } finally {
      setPending(false);
    }
    setDialog(null);
    after?.();
    await refresh();
    setNotice({ tone: "success", text: success });
  }

  async function upload(files: File[]) {
    if (!can.create || files.length === 0) return;
    setNotice(null);
    setUploads(files.map((f) => ({ name: f.name, progress: 0 })));
    const set = (i: number, u: Partial<Upload>) => setUploads((all) => all.map((x, j) => (j === i ? { ...x, ...u } : x)));
    let ok = 0;
    await Promise.all(
      files.map(async (f, i) => {
        const path = inFolder(f.name);
        const problem = filePathProblem(path);
        if (problem) return set(i, { error: `Not uploaded: ${problem}` });
        if (f.size > maxFileSize) return set(i, { error: `Too large: the limit is ${formatSize(maxFileSize)}` });
        try {
          await uploadFile(tenant, namespace, path, f, (p) => set(i, { progress: p }));
          set(i, { progress: 1 });
          ok++;
        } catch (e) {
          set(i, { error: (e as Error).message });
        }
      }),
    );
    await refresh();
    setUploads((all) => all.filter((u) => u.error));
    if (ok) setNotice({ tone: "success", text: `Uploaded ${ok} file${ok === 1 ? "" : "s"}` });
  }

  const crumbs = folder ? folder.split("/") : [];
  const entries = listing.data?.results ?? [];

  return (
    <div className="space-y-4">
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Folder" className="flex flex-wrap items-center gap-1 text-sm">
          <button type="button" onClick={() => setFolder("")} className="font-medium text-indigo-600 hover:underline" aria-current={folder ? undefined : "page"}>
            Files
          </button>
          {crumbs.map((c, i) => {
            const p = crumbs.slice(0, i + 1).join("/");
            const last = i === crumbs.length - 1;
            return (
              <span key={p} className="flex items-center gap-1">
                <span aria-hidden className="text-slate-400">/</span>
                {last ? (
                  <span aria-current="page" className="font-mono text-slate-700">{c}</span>
                ) : (
                  <button type="button" onClick={() => setFolder(p)} className="font-mono text-indigo-600 hover:underline">
                    {c}
                  </button>
                )}
              </span>
            );
          })}
        </nav>
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" disabled={!can.create} title={can.create ? undefined : "You may not create files here"} onClick={() => (setDialogError(null), setDialog({ kind: "newFolder" }))}>
            New folder
          </Button>
          <Button type="button" variant="secondary" disabled={!can.create} title={can.create ? undefined : "You may not create files here"} onClick={() => (setDialogError(null), setDialog({ kind: "newFile" }))}>
            New file
          </Button>
          <Button type="button" disabled={!can.create} title={can.create ? undefined : "You may not upload files here"} onClick={() => input.current?.click()}>
            Upload
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            className="sr-only"
            aria-label="Files to upload"
            tabIndex={-1}
            disabled={!can.create}
            onChange={(e) => {
              void upload([...(e.target.files ?? [])]);
              e.target.value = "";
            }}
          />
        </div>
      </div>

      {uploads.length > 0 && (
        <ul className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.name} className="text-sm">
              <div className="flex items-center justify-between gap-3">
                <span className="truncate font-mono text-slate-700">{u.name}</span>
                {u.error ? (
                  <span role="alert" className="text-red-600">{u.error}</span>
                ) : (
                  <span className="text-slate-500">{Math.round(u.progress * 100)}%</span>
                )}
              </div>
              {!u.error && (
                <div className="mt-1 h-1.5 overflow-hidden rounded bg-slate-100" role="progressbar" aria-label={`Uploading ${u.name}`} aria-valuenow={Math.round(u.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
                  <div className="h-full bg-indigo-500 transition-all" style={{ width: `${u.progress * 100}%` }} />
                </div>
              )}
            </li>
          ))}
          {uploads.every((u) => u.error) && (
            <li>
              <button type="button" className="text-xs text-slate-500 hover:underline" onClick={() => setUploads([])}>
                Dismiss
              </button>
            </li>
          )}
        </ul>
      )}

      <div
        data-testid="files-drop-zone"
        onDragOver={(e) => {
          if (!can.create) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void upload([...e.dataTransfer.files]);
        }}
        className={`rounded-lg ${dragging ? "ring-2 ring-indigo-400 ring-offset-2" : ""}`}
      >
        {listing.isError ? (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
            {listing.error.message}
          </p>
        ) : entries.length === 0 && !listing.isPending ? (
          <EmptyState title={folder ? "This folder is empty" : "No files yet"}>
            {can.create
              ? "Scripts, queries and data that the flows of this namespace use. Upload files, drop them here, or create one."
              : "Scripts, queries and data that the flows of this namespace use. You may not add files here."}
          </EmptyState>
        ) : (
          <Table label="Files" testId="files-table">
            <THead columns={[{ label: "Name" }, { label: "Size", align: "right" }, { label: "Updated" }, { label: "Actions", srOnly: true }]} />
            <tbody className={tbodyClass}>
              {entries.map((e) => (
                <tr key={e.path} data-testid="file-row" className={open?.path === e.path ? "bg-indigo-50/50" : undefined}>
                  <td className={tdClass}>
                    <button
                      type="button"
                      onClick={() => {
                        // the open file's unsaved edits would be dropped
                        if (open?.path === e.path || !confirmLeave()) return;
                        if (e.type === "folder") {
                          setFolder(e.path);
                          setOpen(null);
                        } else setOpen(e);
                      }}
                      className="inline-flex items-center gap-2 font-mono text-slate-800 hover:text-indigo-600"
                    >
                      <span aria-hidden className="text-slate-400">{e.type === "folder" ? "▸" : "·"}</span>
                      <span>{e.name}{e.type === "folder" ? "/" : ""}</span>
                    </button>
                    {cameFromGit(e) && (
                      <span data-testid="file-from-git" title="Synced from Git: a change made here is overwritten by the next sync" className="ml-2">
                        <Badge>Git</Badge>
                      </span>
                    )}
                  </td>
                  <td className={`${tdClass} text-right tabular-nums text-slate-500`}>{e.type === "file" ? formatSize(e.size) : ""}</td>
                  <td className={`${tdClass} text-slate-500`}>{formatDateTime(e.updated, "")}</td>
                  <td className={`${tdClass} text-right`}>
                    <div className="flex justify-end gap-1">
                      {e.type === "file" && (
                        <a href={fileUrl(tenant, namespace, e.path)} download={e.name} className={buttonClass("ghost", "px-2 py-1 text-xs")} aria-label={`Download ${e.name}`}>
                          Download
                        </a>
                      )}
                      <Button type="button" variant="ghost" className="px-2 py-1 text-xs" disabled={!can.update} aria-label={`Rename ${e.name}`} onClick={() => (setDialogError(null), setDialog({ kind: "rename", entry: e }))}>
                        Rename
                      </Button>
                      <Button type="button" variant="ghost" className="px-2 py-1 text-xs text-red-600 hover:bg-red-50" disabled={!can.delete} aria-label={`Delete ${e.name}`} onClick={() => (setDialogError(null), setDialog({ kind: "delete", entry: e }))}>
                        Delete
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {(listing.data?.total ?? 0) > entries.length && (
          <p className="mt-2 text-xs text-amber-700" data-testid="files-truncated">
            Showing the first {entries.length} of {listing.data!.total} entries of this folder: move some into sub-folders to see them all here.
          </p>
        )}
        {can.create && entries.length > 0 && <p className="mt-2 text-xs text-slate-500">Drop files here to upload them into this folder (at most {formatSize(maxFileSize)} each).</p>}
      </div>

      {open && (
        <FileEditor key={open.path} tenant={tenant} namespace={namespace} entry={open} canUpdate={can.update} save={actions.saveFile} onClose={() => setOpen(null)} />
      )}

      {dialog?.kind === "newFile" && (
        <PathDialog
          title="New file"
          label="File name"
          prefix={folder ? `${folder}/` : ""}
          submitLabel="Create file"
          pendingLabel="Creating…"
          pending={pending}
          serverError={dialogError}
          onClose={() => setDialog(null)}
          onSubmit={(path) =>
            run(actions.createFile({ tenant, namespace, path, content: "" }), `Created ${path}`, () => {
              setFolder(parentOf(path));
              setOpen({ path, name: path.slice(path.lastIndexOf("/") + 1), type: "file", size: 0, contentType: "text/plain", updated: null });
            }).then(() => qc.invalidateQueries({ queryKey: fileKeys.content(tenant, namespace, path) }))
          }
        />
      )}
      {dialog?.kind === "newFolder" && (
        <PathDialog
          title="New folder"
          label="Folder name"
          prefix={folder ? `${folder}/` : ""}
          submitLabel="Create folder"
          pendingLabel="Creating…"
          pending={pending}
          serverError={dialogError}
          onClose={() => setDialog(null)}
          onSubmit={(path) => run(actions.createFolder({ tenant, namespace, path }), `Created folder ${path}`, () => setFolder(path))}
        />
      )}
      {dialog?.kind === "rename" && (
        <PathDialog
          title={`Rename ${dialog.entry.type === "folder" ? "folder" : "file"}`}
          description="Give the new path inside the namespace; a path in another folder moves it there."
          label="New path"
          initial={dialog.entry.path}
          submitLabel="Rename"
          pendingLabel="Renaming…"
          pending={pending}
          serverError={dialogError}
          onClose={() => setDialog(null)}
          onSubmit={(to) =>
            run(actions.moveFile({ tenant, namespace, path: dialog.entry.path, to }), `Renamed ${dialog.entry.path} to ${to}`, () => {
              if (open && (open.path === dialog.entry.path || open.path.startsWith(`${dialog.entry.path}/`))) setOpen(null);
            })
          }
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${dialog.entry.type === "folder" ? "folder" : "file"}?`}
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          pending={pending}
          error={dialogError}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            run(actions.deleteFile({ tenant, namespace, path: dialog.entry.path }), `Deleted ${dialog.entry.path}`, () => {
              if (open && (open.path === dialog.entry.path || open.path.startsWith(`${dialog.entry.path}/`))) setOpen(null);
            })
          }
        >
          {dialog.entry.type === "folder" ? (
            <p>
              <span className="font-mono">{dialog.entry.path}/</span> and every file in it will be deleted. This cannot be undone.
            </p>
          ) : (
            <p>
              <span className="font-mono">{dialog.entry.path}</span> will be deleted. This cannot be undone.
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
