// Liveness: answers without authentication, touching nothing (no database, no session), so load
// balancers can probe it and benchmarks can measure the framework's own cost (docs/benchmarks.md).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
