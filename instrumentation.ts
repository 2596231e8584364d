// Runs once when the app's server starts (Next.js instrumentation): the engine's roles start in
// the app's process (lib/executions/processes/embedded.ts; TENANTFLOW_EMBEDDED_ROLES=false turns
// them off).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // the real executor and task runner in the roles' engine
    const { installEngine } = await import("./lib/executions/install-engine");
    installEngine();
    const { startEmbeddedRoles } = await import("./lib/executions/processes/embedded");
    startEmbeddedRoles();
  }
}
