import type { Metadata } from "next";
import { headers } from "next/headers";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: { default: "Tenantflow", template: "%s · Tenantflow" },
  description: "Workflow orchestration control plane with real multi-tenancy",
};

// Every page is rendered per request, so Next.js can put the request's CSP nonce on its scripts.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
