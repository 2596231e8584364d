"use client";
import type { FileEntry } from "@/lib/files/types";

// The Files tab reads through the API with the session cookie; uploads too (raw bytes, with progress).

const encodePath = (p: string) => p.split("/").map(encodeURIComponent).join("/");

export const filesUrl = (tenant: string, namespace: string) =>
  `/api/v1/${encodeURIComponent(tenant)}/namespaces/${encodeURIComponent(namespace)}/files`;

export const fileUrl = (tenant: string, namespace: string, path: string) => `${filesUrl(tenant, namespace)}/${encodePath(path)}`;

async function failure(res: Response): Promise<Error> {
  const body = await res.json().catch(() => null);
  return new Error(body?.error?.message ?? `The server answered ${res.status}`);
}

export async function fetchFolder(tenant: string, namespace: string, folder: string) {
  const res = await fetch(`${filesUrl(tenant, namespace)}?path=${encodeURIComponent(folder)}`, { cache: "no-store" });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as { results: FileEntry[]; total: number };
}

export async function fetchText(tenant: string, namespace: string, path: string) {
  const res = await fetch(fileUrl(tenant, namespace, path), { cache: "no-store" });
  if (!res.ok) throw await failure(res);
  return res.text();
}

/** PUTs a file's bytes, reporting progress (0..1); rejects with the server's message (413 included). */
export function uploadFile(tenant: string, namespace: string, path: string, file: Blob, onProgress: (fraction: number) => void) {
  return new Promise<FileEntry>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", fileUrl(tenant, namespace, path));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { error?: { message?: string } } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as FileEntry);
      else reject(new Error(body?.error?.message ?? `The server answered ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error("The upload failed; check your connection and try again"));
    xhr.send(file);
  });
}
