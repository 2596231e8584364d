-- CreateTable
CREATE TABLE "NamespaceFlowCount" (
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flows" INTEGER NOT NULL,

    PRIMARY KEY ("tenantId", "namespace")
);

-- Kept by the database: every insert, delete and change of a flow's namespace or `deleted` moves
-- the counts in the same transaction, whoever writes (the flows API, Git sync, a tenant's
-- deletion, a bulk load).
CREATE TRIGGER "Flow_count_insert" AFTER INSERT ON "Flow" WHEN NOT NEW."deleted"
BEGIN
  INSERT INTO "NamespaceFlowCount" ("tenantId", "namespace", "flows") VALUES (NEW."tenantId", NEW."namespace", 1)
    ON CONFLICT ("tenantId", "namespace") DO UPDATE SET "flows" = "flows" + 1;
END;

CREATE TRIGGER "Flow_count_delete" AFTER DELETE ON "Flow" WHEN NOT OLD."deleted"
BEGIN
  UPDATE "NamespaceFlowCount" SET "flows" = "flows" - 1 WHERE "tenantId" = OLD."tenantId" AND "namespace" = OLD."namespace";
END;

CREATE TRIGGER "Flow_count_update" AFTER UPDATE OF "tenantId", "namespace", "deleted" ON "Flow"
BEGIN
  UPDATE "NamespaceFlowCount" SET "flows" = "flows" - 1
    WHERE NOT OLD."deleted" AND "tenantId" = OLD."tenantId" AND "namespace" = OLD."namespace";
  INSERT INTO "NamespaceFlowCount" ("tenantId", "namespace", "flows")
    SELECT NEW."tenantId", NEW."namespace", 1 WHERE NOT NEW."deleted"
    ON CONFLICT ("tenantId", "namespace") DO UPDATE SET "flows" = "flows" + 1;
END;

-- the flows already there
INSERT INTO "NamespaceFlowCount" ("tenantId", "namespace", "flows")
  SELECT "tenantId", "namespace", COUNT(*) FROM "Flow" WHERE NOT "deleted" GROUP BY "tenantId", "namespace";
