import type { Metadata } from "next";
import { PluginAdmin } from "@/components/admin/plugins/plugin-admin";
import { instancePage } from "@/lib/auth/page";
import { pluginAdminView } from "@/lib/plugins/list";

export const metadata: Metadata = { title: "Plugins" };

export default async function PluginsAdminPage() {
  // pluginAdminView refuses anyone but a superadmin (the page answers 404 to them)
  const { data } = await instancePage(async (actor) => pluginAdminView(actor));
  return <PluginAdmin plugins={data.plugins} failures={data.failures} />;
}
