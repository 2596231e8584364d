// Runs once when the app's server starts (Next.js instrumentation): the plugins the instance
// setting TENANTFLOW_PLUGINS names are installed (lib/plugins/registry.ts; a broken one is reported
// and skipped), then the engine's roles start in the app's process
// (lib/executions/processes/embedded.ts; TENANTFLOW_EMBEDDED_ROLES=false turns them off).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { loadPlugins } = await import("./lib/plugins/registry");
    await loadPlugins();
    // the real executor and task runner in the roles' engine
    const { installEngine } = await import("./lib/executions/install-engine");
    installEngine();
    const { startEmbeddedRoles } = await import("./lib/executions/processes/embedded");
    startEmbeddedRoles();
  }
}
