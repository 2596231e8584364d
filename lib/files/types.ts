// Client-safe: a namespace file or folder as the file functions and the API answer it.

export type FileEntry = {
  path: string;
  name: string;
  type: "file" | "folder";
  size: number;
  contentType: string;
  /** ISO-8601; a folder shows its latest change */
  updated: string | null;
};
