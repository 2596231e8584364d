-- CreateTable
CREATE TABLE "NamespaceFlowCount" (
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flows" INTEGER NOT NULL,

    CONSTRAINT "NamespaceFlowCount_pkey" PRIMARY KEY ("tenantId","namespace")
);

-- Namespaces compare byte by byte here too: a namespace-scoped reader's subtrees are index ranges
-- (see 20261124074100_namespace_c_collation).
ALTER TABLE "NamespaceFlowCount" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";

-- The second wall, as for every tenant-owned table.
SELECT tenantflow_protect_tenant_table('NamespaceFlowCount');

-- Kept by the database: every insert, delete and change of a flow's namespace or `deleted` moves
-- the counts in the same transaction, whoever writes (the flows API, Git sync, a tenant's
-- deletion, a bulk load). A tenant's own transaction writes its own rows, which its policy allows.
CREATE FUNCTION "tenantflow_count_flows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD."deleted" THEN
    UPDATE "NamespaceFlowCount" SET "flows" = "flows" - 1
      WHERE "tenantId" = OLD."tenantId" AND "namespace" = OLD."namespace";
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW."deleted" THEN
    INSERT INTO "NamespaceFlowCount" ("tenantId", "namespace", "flows") VALUES (NEW."tenantId", NEW."namespace", 1)
      ON CONFLICT ("tenantId", "namespace") DO UPDATE SET "flows" = "NamespaceFlowCount"."flows" + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Flow_count" AFTER INSERT OR DELETE OR UPDATE OF "tenantId", "namespace", "deleted" ON "Flow"
  FOR EACH ROW EXECUTE FUNCTION "tenantflow_count_flows"();

-- the flows already there
INSERT INTO "NamespaceFlowCount" ("tenantId", "namespace", "flows")
  SELECT "tenantId", "namespace", COUNT(*) FROM "Flow" WHERE NOT "deleted" GROUP BY "tenantId", "namespace";
