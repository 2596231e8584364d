// Sets a tenant's secret backend (JSON, or "null" to inherit) in the database the server uses, as
// the backend settings page would: argv tenant id, then the setting.
import { db, disconnectDb } from "@/lib/db";

async function main() {
  const [tenantId, setting] = process.argv.slice(2);
  await db.tenant.update({ where: { id: tenantId }, data: { secretConfig: setting === "null" ? null : setting } });
}

main()
  .then(() => disconnectDb())
  .catch(async (e) => {
    console.error(e);
    await disconnectDb();
    process.exit(1);
  });
