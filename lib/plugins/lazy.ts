import type { TaskRunner } from "../executions/tasks/types";

type Runners = Readonly<Record<string, TaskRunner>>;

/**
 * A plugin's runners, with the module that holds them (and the libraries it needs: the AWS SDK,
 * ExcelJS, dockerode, nodemailer, database drivers) loaded on the first run of one of its tasks.
 * A worker that never runs a plugin's tasks never loads them, and a CLI command or a server that
 * runs no task starts without them. `types` are the plugin's runnable types; a type the loaded
 * module lacks fails its task run with a clear error (and `lazy.test.ts` keeps them equal).
 */
export function lazyRunners(types: readonly string[], load: () => Promise<Runners>): Runners {
  let loading: Promise<Runners> | undefined;
  const loaded = () => {
    loading ??= load().catch((e) => {
      loading = undefined; // a failed load is tried again by the next run
      throw e;
    });
    return loading;
  };
  return Object.fromEntries(
    types.map((type) => {
      const run: TaskRunner = async (ctx) => {
        const runner = (await loaded())[type];
        if (!runner) throw new Error(`the plugin provides no runner for ${type}`);
        return runner(ctx);
      };
      return [type, run];
    }),
  );
}
