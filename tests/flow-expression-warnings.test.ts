import { describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/[tenant]/flows/route";
import { db } from "@/lib/db";
import { validateFlowSource } from "@/lib/flows/validation";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

const YAML = { "content-type": "application/x-yaml" };

// The orchestrator saves a flow whose expression is malformed (it fails when it runs): the editor
// marks it as a warning at its line and column, and the API stores it.
describe("a flow with a malformed expression", () => {
  it("saves (201) and is reported as a warning at its line and column", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    const source = [
      "id: warned",
      "namespace: company.team",
      "tasks:",
      "  - id: log",
      "    type: io.kestra.plugin.core.log.Log",
      '    message: "{{ outputs.x | }}"',
    ].join("\n");

    const r = await call(createRoute, request("POST", `/api/v1/${t.id}/flows`, { token, body: source, headers: YAML }), { tenant: t.id });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ id: "warned", namespace: "company.team", revision: 1, source });
    const stored = await db.flow.findFirst({ where: { tenantId: t.id, namespace: "company.team", flowId: "warned" }, select: { source: true } });
    expect(stored?.source).toBe(source);

    const checked = validateFlowSource(source);
    expect(checked.ok && checked.warnings).toEqual([
      { path: "tasks[0].message", line: 6, column: 30, message: "invalid expression: expected a filter name after `|` but found `}}`", severity: "warning" },
    ]);
  });
});
