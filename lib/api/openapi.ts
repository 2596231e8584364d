import { z } from "zod";
import { API_ROUTES, ERROR_RESPONSE, RESPONSES, routeActions } from "./routes";


const ERRORS: Record<string, string> = {
  "400": "The body cannot be parsed (broken JSON or YAML, wrong content type)",
  "401": "Not authenticated",
  "403": "Allowed to read but not to do this; the message names the missing permission",
  "404": "Not found, or not yours",
  "409": "A duplicate",
  "412": "Another change landed since the revision named in If-Match",
  "413": "The body is too large",
  "422": "A rule is broken: one entry in details per problem",
  "428": "If-Match is required",
};

/** A zod schema as JSON Schema: a request body as clients send it, an answer as the server writes it. */
function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input") {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/** OpenAPI 3.1, built from the same zod schemas that validate the requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of API_ROUTES) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string" },
      ...(name === "tenant" && { description: "Tenant id; omit the segment to address the default tenant when it is served" }),
      ...(name === "path" && { description: "A file or folder path inside the namespace: names separated by /, no . or .. segments" }),
    }));
    if (r.paged) {
      params.push(
        { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1 } as never },
        { name: "size", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100 } as never },
      );
    }
    if (r.ifMatch) {
      params.push({ name: "If-Match", in: "header", required: r.ifMatch === "required", schema: { type: "string" } } as never);
    }
    // the answer from the route's declared zod schema; a flow is also served as its YAML
    const content: Record<string, unknown> = r.responseType
      ? { [r.responseType]: { schema: { type: "string", ...(r.responseType === "application/octet-stream" && { contentMediaType: r.responseType }) } } }
      : { "application/json": { schema: r.response ? jsonSchema(r.response, "output") : { type: "object" } } };
    if (r.response === RESPONSES.flow) content["application/x-yaml"] = { schema: { type: "string", description: "The flow's YAML, verbatim (Accept: application/x-yaml)" } };
    const success = { description: "Success", content };
    const responses: Record<string, unknown> = r.upsert
      ? { "201": { ...success, description: "Created" }, "200": { ...success, description: "Replaced" } }
      : { [r.creates ? "201" : r.accepted ? "202" : "200"]: success };
    for (const [code, description] of Object.entries(ERRORS)) {
      responses[code] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    }
    // the permission the edge enforces (lib/api/handler.ts), from the same declaration
    const permission = r.permission
      ? { "x-permission": { permission: r.permission, actions: routeActions(r), scope: r.path.includes("{namespace}") ? "namespace" : r.tenantWide ? "tenant" : "any" } }
      : {};
    const op: Record<string, unknown> = {
      summary: r.summary,
      ...(r.permission && { description: `Requires ${routeActions(r).map((a) => `${r.permission}:${a}`).join(" or ")}${r.path.includes("{namespace}") ? " in the namespace" : r.tenantWide ? " tenant-wide" : ""}.` }),
      ...permission,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
      parameters: params,
      responses,
      ...(r.public ? { security: [] } : {}),
    };
    if (r.body === "yaml") {
      op.requestBody = { required: true, content: { "application/x-yaml": { schema: { type: "string", description: "The flow's YAML, stored verbatim" } } } };
    } else if (r.body === "binary") {
      op.requestBody = { required: true, content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } };
    } else if (r.body === "inputs") {
      const inputs = { type: "object", additionalProperties: true, description: "input id -> value (a file for FILE inputs)" };
      op.requestBody = { required: false, content: { "multipart/form-data": { schema: inputs }, "application/json": { schema: inputs } } };
    } else if (r.body === "text") {
      op.requestBody = { required: true, content: { "text/plain": { schema: { type: "string", description: "The expression, as text" } } } };
    } else if (r.body) {
      op.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(r.body) } } };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Tenantflow API", version: "1", description: "Multi-tenant workflow orchestration control plane" },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (tenantflow tokens create, or the account page)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: { Error: jsonSchema(ERROR_RESPONSE, "output") },
    },
    paths,
  };
}
