import type { PluginDefinition } from "../../lib/plugins/types";
import { DRIVERS, JDBC, JDBC_TASKS } from "./catalogue";
import { JDBC_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "jdbc",
  title: "JDBC (PostgreSQL, MySQL, MariaDB, SQLite)",
  groups: DRIVERS.map((d) => `${JDBC}.${d}`),
  tasks: JDBC_TASKS,
  docs: JDBC_TASK_DOCS,
  // the orchestrator's types under these drivers that this plugin does not provide yet
  notProvided: [
    ...DRIVERS.map((d) => `${JDBC}.${d}.Trigger`),
    ...["postgresql", "mysql"].map((d) => `${JDBC}.${d}.Batch`),
    `${JDBC}.postgresql.CopyIn`,
    `${JDBC}.postgresql.CopyOut`,
  ],
};
