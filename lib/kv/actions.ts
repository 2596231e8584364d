"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { deleteKv, putKv } from "./kv";

// the KV tab of a namespace page; the domain functions validate the entry itself
const target = { tenant: z.string().min(1), namespace: z.string().min(1), key: z.string() };
const entry = { type: z.string(), value: z.unknown(), ttl: z.string().nullish() };

export const createKvAction = tenantAction(
  "createKvAction",
  z.object({ ...target, ...entry }),
  async ({ namespace, key, type, value, ttl }, ctx) => (await putKv(ctx, namespace, key, { type, value, ttl }, { mode: "create" })).entry,
);

export const updateKvAction = tenantAction(
  "updateKvAction",
  z.object({ ...target, ...entry, version: z.number().int().min(1), keepExpiry: z.boolean().optional() }),
  async ({ namespace, key, type, value, ttl, version, keepExpiry }, ctx) =>
    (await putKv(ctx, namespace, key, { type, value, ttl }, { mode: "update", version, keepExpiry })).entry,
);

export const deleteKvAction = tenantAction(
  "deleteKvAction",
  z.object({ ...target, version: z.number().int().min(1).optional() }),
  ({ namespace, key, version }, ctx) => deleteKv(ctx, namespace, key, version),
);
