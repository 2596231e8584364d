"use client";
import { useState } from "react";

// A JSON value as a collapsible tree: objects and lists open and close, any value copies as JSON.
// A `kestra:///` URI of the execution's own files gets a download link when `files` names it.

/** The execution whose files the viewer's `kestra:///` URIs are: they link to the file download. */
export type FilesOf = { tenant: string; executionId: string };

const fileHref = (files: FilesOf, uri: string) =>
  `/api/v1/${encodeURIComponent(files.tenant)}/executions/${encodeURIComponent(files.executionId)}/file?path=${encodeURIComponent(uri)}`;

const MAX_CHILDREN = 200;

function CopyButton({ value, label }: { value: unknown; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={`Copy ${label}`}
      title="Copy the value"
      onClick={async () => {
        const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          setCopied(false);
        }
      }}
      className="ml-1 rounded px-1 text-[11px] text-slate-500 opacity-0 group-hover:opacity-100 focus-visible:opacity-100 hover:bg-slate-100 hover:text-slate-700"
    >
      {copied ? "copied" : "copy"}
    </button>
  );
}

function Scalar({ value, files }: { value: unknown; files?: FilesOf }) {
  if (value === null) return <span className="text-slate-500">null</span>;
  if (typeof value === "string" && files && value.startsWith("kestra:///")) {
    return (
      <span className="break-all whitespace-pre-wrap text-emerald-800">
        &quot;{value}&quot;{" "}
        <a href={fileHref(files, value)} download className="inline-block font-sans break-normal whitespace-nowrap text-indigo-700 underline hover:text-indigo-900" aria-label={`Download ${value.slice(value.lastIndexOf("/") + 1)}`}>
          Download
        </a>
      </span>
    );
  }
  if (typeof value === "string") return <span className="break-all whitespace-pre-wrap text-emerald-800">&quot;{value}&quot;</span>;
  if (typeof value === "number") return <span className="text-sky-800">{value}</span>;
  if (typeof value === "boolean") return <span className="text-violet-800">{String(value)}</span>;
  return <span className="text-slate-500">{String(value)}</span>;
}

function Node({ name, value, depth, path, files }: { name: string | null; value: unknown; depth: number; path: string; files?: FilesOf }) {
  const nested = value !== null && typeof value === "object";
  const [open, setOpen] = useState(depth < 2);
  const [all, setAll] = useState(false);
  const label = path || "the whole value";
  const key =
    name === null ? null : (
      <span className="text-slate-700">
        {name}
        <span className="text-slate-500">: </span>
      </span>
    );
  if (!nested) {
    return (
      <div className="group flex items-start py-px" style={{ paddingLeft: depth * 14 }}>
        <span className="w-4 shrink-0" />
        <span className="min-w-0">
          {key}
          <Scalar value={value} files={files} />
        </span>
        <CopyButton value={value} label={label} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const shown = all ? entries : entries.slice(0, MAX_CHILDREN);
  const brackets = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return (
    <div>
      <div className="group flex items-start py-px" style={{ paddingLeft: depth * 14 }}>
        <button
          type="button"
          aria-expanded={open}
          aria-label={`${open ? "Collapse" : "Expand"} ${label}`}
          onClick={() => setOpen(!open)}
          className="w-4 shrink-0 text-slate-500 hover:text-slate-900"
        >
          {open ? "▾" : "▸"}
        </button>
        <span>
          {key}
          <span className="text-slate-500">
            {brackets[0]}
            {!open && ` ${entries.length} ${Array.isArray(value) ? "items" : "keys"} ${brackets[1]}`}
          </span>
        </span>
        <CopyButton value={value} label={label} />
      </div>
      {open && (
        <>
          {shown.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} path={path ? `${path}.${k}` : k} files={files} />
          ))}
          {shown.length < entries.length && (
            <button type="button" onClick={() => setAll(true)} className="py-px text-indigo-700 hover:underline" style={{ paddingLeft: (depth + 1) * 14 + 16 }}>
              Show {entries.length - shown.length} more
            </button>
          )}
          <div className="text-slate-500" style={{ paddingLeft: depth * 14 + 16 }}>
            {brackets[1]}
          </div>
        </>
      )}
    </div>
  );
}

/** A JSON value as a tree (`name` labels the copy buttons: outputs.<task>; `files`: the execution whose files its URIs name). */
export function JsonViewer({ value, name = "", testId, files }: { value: unknown; name?: string; testId?: string; files?: FilesOf }) {
  return (
    <div data-testid={testId} className="overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs leading-5">
      <Node name={null} value={value} depth={0} path={name} files={files} />
    </div>
  );
}
