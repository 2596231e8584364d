"use client";
import { useEffect } from "react";

/** Remembers the tenant in view so that /ui opens it next time. */
export function RememberTenant({ tenant }: { tenant: string }) {
  useEffect(() => {
    document.cookie = `tenantflow-tenant=${encodeURIComponent(tenant)}; path=/; max-age=31536000; samesite=lax`;
  }, [tenant]);
  return null;
}
