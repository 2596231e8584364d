"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { grantAccess, revokeAccess } from "@/lib/tenants/access";

// tenantAction opens the tenant through the authorization module; grantAccess and revokeAccess
// require USER:CREATE and USER:DELETE there.
const tenantUser = z.object({ tenant: z.string().min(1).max(64), username: z.string().trim().min(1).max(200) });

export const grantAccessAction = tenantAction(tenantUser, ({ username }, ctx) => grantAccess(ctx, username));

export const revokeAccessAction = tenantAction(tenantUser, ({ username }, ctx) => revokeAccess(ctx, username));
