import type { KvType } from "./values";

/** One entry as the API and the UI see it; `inheritedFrom` names the ancestor it was read from. */
export type KvEntryView = {
  key: string;
  namespace: string;
  type: KvType;
  value: unknown;
  expiresAt: string | null;
  version: number;
  created: string;
  updated: string;
  inheritedFrom?: string;
};

/** A listed entry: a one-line preview and the size of the value instead of the value. */
export type KvSummary = Omit<KvEntryView, "value"> & { preview: string; size: number };

export type KvPage = { results: KvSummary[]; total: number };

/** Entries per page of the KV tab (the API pages at up to 100). */
export const KV_PAGE_SIZE = 50;
