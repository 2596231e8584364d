import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { API_ROUTES, folderPath } from "@/lib/api/routes";

const API_DIR = path.resolve("app/api/v1");
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === "route.ts" ? [full] : [];
  });
}

/** app/api/v1/[tenant]/flows/[namespace]/route.ts -> /api/v1/{tenant}/flows/{namespace} */
const toPath = (file: string) =>
  "/api/v1/" +
  path
    .relative(API_DIR, path.dirname(file))
    .split(path.sep)
    .filter(Boolean)
    .map((seg) => seg.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
    .join("/");

describe("the API route list", () => {
  it("names every route handler of the app, and nothing else", async () => {
    const found: string[] = [];
    for (const file of routeFiles(API_DIR)) {
      const mod = await import(file);
      for (const m of METHODS) if (typeof mod[m] === "function") found.push(`${m} ${toPath(file).replace(/\/$/, "")}`);
    }
    // a route whose path parameter lives in a folder of another name is found under that folder
    const listed = API_ROUTES.map((r) => `${r.method} ${folderPath(r)}`);
    expect(found.sort()).toEqual([...listed].sort());
  });

  it("generates an OpenAPI 3.1 document from the request schemas", () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/api/v1/tenants"].post;
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["id", "name"]);
    expect(schema.properties.id).toMatchObject({ type: "string", maxLength: 64, pattern: "^[a-z0-9][a-z0-9_-]*$" });
    expect(create.responses["201"]).toBeDefined();
    expect(create.responses["422"].content["application/json"].schema.$ref).toBe("#/components/schemas/Error");
    const put = doc.paths["/api/v1/{tenant}/flows/{namespace}/{id}"].put;
    expect(put.requestBody.content["application/x-yaml"]).toBeDefined();
    expect(put.parameters).toContainEqual(expect.objectContaining({ name: "If-Match", in: "header", required: true }));
    const role = doc.paths["/api/v1/{tenant}/roles"].post.requestBody.content["application/json"].schema;
    expect(role.properties.permissions.propertyNames.enum).toContain("FLOW");
    // the permission the edge enforces is documented from the same declaration
    expect(doc.paths["/api/v1/{tenant}/namespaces/{namespace}/kv/{key}"].put["x-permission"]).toEqual({ permission: "KVSTORE", actions: ["CREATE", "UPDATE"], scope: "namespace" });
    expect(doc.paths["/api/v1/{tenant}/roles"].get.description).toBe("Requires ROLE:READ.");
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
