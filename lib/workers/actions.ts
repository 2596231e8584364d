"use server";
import { z } from "zod";
import { action } from "../actions/safe-action";
import { createWorkerGroup, deleteWorkerGroup, updateWorkerGroup } from "./groups";
import { workerGroupInput, workerGroupKey, workerGroupUpdate } from "./schemas";

// Instance administration of worker groups (the admin page): thin calls into lib/workers/groups.ts,
// whose functions allow superadmins only and audit every change.
const groupRef = z.object({ key: workerGroupKey });

export const createWorkerGroupAction = action("createWorkerGroupAction", workerGroupInput, (input, actor) => createWorkerGroup(actor, input));

export const updateWorkerGroupAction = action("updateWorkerGroupAction", workerGroupUpdate.extend(groupRef.shape), ({ key, ...changes }, actor) =>
  updateWorkerGroup(actor, key, changes),
);

export const deleteWorkerGroupAction = action("deleteWorkerGroupAction", groupRef, ({ key }, actor) => deleteWorkerGroup(actor, key));
