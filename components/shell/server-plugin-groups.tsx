"use client";
import { pluginStore } from "@/lib/plugins/store";

/**
 * Tells the browser's flow validator which groups the server's plugin packages own: the browser has
 * no schema for their types, so the editor accepts them unchecked and the server checks them on save.
 */
export function ServerPluginGroups({ groups }: { groups: string[] }) {
  // in the browser only: the server's own validator has the packages' schemas, and must keep refusing
  // a misspelt type under their groups (this component is also rendered on the server)
  if (typeof window !== "undefined") pluginStore().remoteGroups = groups;
  return null;
}
