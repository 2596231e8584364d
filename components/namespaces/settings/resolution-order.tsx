import { Badge } from "@/components/ui/badge";
import { Table, THead, tbodyClass, tdClass } from "@/components/ui/table";
import type { SecretConfig, StorageConfig } from "@/lib/backends/config";
import type { BackendSource, ResolutionStep } from "@/lib/backends/resolve";

const where = (s: BackendSource) => (s.level === "namespace" ? s.namespace : s.level === "tenant" ? "Tenant" : "Instance default");

function describeStorage(c: StorageConfig) {
  if (c.type === "local") return c.directory ? `Local directory ${c.directory}/` : "Local storage root";
  return `S3 bucket ${c.bucket}${c.prefix ? `/${c.prefix}` : ""}${c.endpoint ? ` at ${c.endpoint}` : ""} (${c.region})`;
}
const describeSecrets = (c: SecretConfig) => (c.type === "internal" ? "Internal encrypted store" : `Environment variables ${c.prefix}*`);

/** Where the backends are looked up, nearest first, and which one is in force. */
export function ResolutionOrder({
  storage,
  secrets,
}: {
  storage: { order: ResolutionStep<StorageConfig>[]; fallback: StorageConfig };
  secrets: { order: ResolutionStep<SecretConfig>[]; fallback: SecretConfig };
}) {
  const rows = storage.order.map((s, i) => ({ source: s.source, storage: s.config, secrets: secrets.order[i].config }));
  const storageAt = rows.findIndex((r) => r.storage !== null);
  const secretsAt = rows.findIndex((r) => r.secrets !== null);
  const cell = (text: string | null, active: boolean) =>
    text ? (
      <span className="flex flex-wrap items-center gap-1.5">
        <span className={active ? "text-slate-900" : "text-slate-500 line-through"}>{text}</span>
        {active && <Badge tone="green">in force</Badge>}
      </span>
    ) : (
      <span className="text-slate-500">not set</span>
    );
  return (
    <Table label="Backend resolution order" testId="backend-resolution">
      <THead columns={[{ label: "Level" }, { label: "Storage" }, { label: "Secrets" }]} />
      <tbody className={tbodyClass}>
        {rows.map((r, i) => (
          <tr key={i}>
            <td className={`${tdClass} font-mono text-xs text-slate-700`}>{where(r.source)}</td>
            <td className={`${tdClass} text-sm`}>{cell(r.storage && describeStorage(r.storage), i === storageAt)}</td>
            <td className={`${tdClass} text-sm`}>{cell(r.secrets && describeSecrets(r.secrets), i === secretsAt)}</td>
          </tr>
        ))}
        <tr>
          <td className={`${tdClass} font-mono text-xs text-slate-700`}>Instance default</td>
          <td className={`${tdClass} text-sm`}>{cell(describeStorage(storage.fallback), storageAt === -1)}</td>
          <td className={`${tdClass} text-sm`}>{cell(describeSecrets(secrets.fallback), secretsAt === -1)}</td>
        </tr>
      </tbody>
    </Table>
  );
}
