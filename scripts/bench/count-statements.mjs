// Preloaded (node --import) into the processes of the Executions benchmark on PostgreSQL: counts
// the statements this process sends (BEGIN and COMMIT included) and keeps the count in a file the
// benchmark reads before and after a phase. Not part of the product.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const dir = process.env.BENCH_STATEMENTS_DIR;
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.env.BENCH_ROLE ?? "process"}-${process.pid}.count`);
  let count = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...args) {
    count++;
    return query.apply(this, args);
  };
  // written when asked (SIGUSR2), not on a timer: the count costs the measured process nothing
  const write = () => fs.writeFileSync(file, String(count));
  write();
  process.on("SIGUSR2", write);
  process.on("exit", write);
}
