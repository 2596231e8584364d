export type FileEntry = {
  path: string;
  name: string;
  type: "file" | "folder";
  size: number;
  contentType: string;
  updated: string | null;
};

export type FilePermissions = { create: boolean; update: boolean; delete: boolean };
