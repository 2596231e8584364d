"use client";
import { signOut } from "next-auth/react";
import { useEffect } from "react";

export default function LogoutPage() {
  useEffect(() => {
    document.cookie = "tenantflow-tenant=; Max-Age=0; path=/";
    void signOut({ callbackUrl: "/login" });
  }, []);
  return <p className="p-8 text-sm text-slate-500">Signing out…</p>;
}
