"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { LEAVE_MESSAGE, useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { ActionResult } from "@/lib/actions/result";
import { isTextType } from "@/lib/files/paths";
import { fileKeys } from "@/lib/query-keys";
import { fetchText, fileUrl } from "./api";
import type { FileEntry } from "@/lib/files/types";
import { errorMessage, unwrap } from "@/lib/actions/client";

const CodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <div className="h-[420px] animate-pulse bg-slate-50" aria-busy="true" />,
});

const EDITABLE_LIMIT = 1024 * 1024;

type SaveAction = (i: { tenant: string; namespace: string; path: string; content: string }) => Promise<ActionResult<FileEntry>>;

/** One open file: its text in the code editor, saved with feedback; other files can be downloaded. */
export function FileEditor({
  tenant,
  namespace,
  entry,
  canUpdate,
  save,
  onClose,
}: {
  tenant: string;
  namespace: string;
  entry: FileEntry;
  canUpdate: boolean;
  save: SaveAction;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const editable = isTextType(entry.contentType) && entry.size <= EDITABLE_LIMIT;
  const content = useQuery({
    queryKey: fileKeys.content(tenant, namespace, entry.path),
    queryFn: () => fetchText(tenant, namespace, entry.path),
    enabled: editable,
    staleTime: Infinity,
  });
  // the user's edits, until saved (null: unchanged from what was loaded)
  const [draft, setDraft] = useState<string | null>(null);
  const [status, setStatus] = useState<{ tone: "saved" | "error" | "saving"; text: string } | null>(null);
  const text = draft ?? content.data ?? "";
  const dirty = draft !== null && draft !== content.data;
  useUnsavedChanges(dirty);

  async function onSave() {
    if (!canUpdate || !dirty) return;
    setStatus({ tone: "saving", text: "Saving…" });
    const saved = draft!;
    try {
      unwrap(await save({ tenant, namespace, path: entry.path, content: saved }));
    } catch (e) {
      return setStatus({ tone: "error", text: errorMessage(e) });
    }
    qc.setQueryData(fileKeys.content(tenant, namespace, entry.path), saved);
    setDraft(null);
    await qc.invalidateQueries({ queryKey: fileKeys.folder(tenant, namespace, entry.path.includes("/") ? entry.path.slice(0, entry.path.lastIndexOf("/")) : "") });
    setStatus({ tone: "saved", text: `Saved at ${new Date().toLocaleTimeString()}` });
  }

  return (
    <section aria-label={`File ${entry.path}`} className="rounded-lg border border-slate-200 bg-white">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-2.5">
        <div className="flex min-w-0 items-center gap-2">
          <h3 className="truncate font-mono text-sm font-medium text-slate-900">{entry.path}</h3>
          {dirty && <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-700 ring-1 ring-inset ring-amber-200">unsaved</span>}
          {!canUpdate && editable && <span className="text-xs text-slate-500">read-only: you may not edit files here</span>}
        </div>
        <div className="flex items-center gap-2">
          {status && (
            <span
              role={status.tone === "error" ? "alert" : "status"}
              className={`text-sm ${status.tone === "error" ? "text-red-600" : status.tone === "saved" ? "text-emerald-700" : "text-slate-500"}`}
            >
              {status.text}
            </span>
          )}
          <a href={fileUrl(tenant, namespace, entry.path)} download={entry.name} className={buttonClass("secondary")}>
            Download
          </a>
          {editable && canUpdate && (
            <Button type="button" onClick={onSave} disabled={!dirty || status?.tone === "saving"} aria-busy={status?.tone === "saving"}>
              Save
            </Button>
          )}
          <Button type="button" variant="ghost" onClick={() => (!dirty || window.confirm(LEAVE_MESSAGE)) && onClose()} aria-label="Close file">
            Close
          </Button>
        </div>
      </header>
      {!editable ? (
        <p className="px-4 py-10 text-center text-sm text-slate-500">
          {isTextType(entry.contentType) ? "This file is too large to edit here." : "This file is not text, so it cannot be edited here."} Download it instead.
        </p>
      ) : content.isError ? (
        <p role="alert" className="px-4 py-10 text-center text-sm text-red-600">
          {content.error.message}
        </p>
      ) : content.isPending ? (
        <div className="h-[420px] animate-pulse bg-slate-50" aria-busy="true" />
      ) : (
        <CodeEditor
          path={entry.path}
          value={text}
          readOnly={!canUpdate}
          onChange={(t) => {
            setDraft(t);
            if (status?.tone !== "saving") setStatus(null);
          }}
          onSave={onSave}
        />
      )}
    </section>
  );
}
