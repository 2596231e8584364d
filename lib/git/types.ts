// What the UI shows of a namespace's syncs from Git (client-safe: no server code).

export type GitSyncView = {
  kind: "files" | "flows";
  url: string;
  branch: string;
  gitDirectory: string;
  flowNamespace: string;
  flowId: string;
  executionId: string;
  result: { counts?: Record<string, number>; invalid?: number; paths?: string[]; flows?: string[] };
  updated: string;
};
