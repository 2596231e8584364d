"use client";
import { pluginStore } from "@/lib/plugins/store";

/**
 * Tells the browser's flow validator which groups the server's plugin packages own: the browser has
 * no schema for their types, so the editor accepts them unchecked and the server checks them on save.
 */
export function ServerPluginGroups({ groups }: { groups: string[] }) {
  pluginStore().remoteGroups = groups;
  return null;
}
