-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Binding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "userId" TEXT,
    "groupId" TEXT,
    "namespace" TEXT,
    "key" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Binding_tenantId_roleId_fkey" FOREIGN KEY ("tenantId", "roleId") REFERENCES "Role" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Binding_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Binding_tenantId_groupId_fkey" FOREIGN KEY ("tenantId", "groupId") REFERENCES "Group" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Binding" ("createdAt", "groupId", "id", "key", "namespace", "roleId", "tenantId", "userId") SELECT "createdAt", "groupId", "id", "key", "namespace", "roleId", "tenantId", "userId" FROM "Binding";
DROP TABLE "Binding";
ALTER TABLE "new_Binding" RENAME TO "Binding";
CREATE INDEX "Binding_tenantId_userId_idx" ON "Binding"("tenantId", "userId");
CREATE INDEX "Binding_tenantId_groupId_idx" ON "Binding"("tenantId", "groupId");
CREATE INDEX "Binding_tenantId_roleId_idx" ON "Binding"("tenantId", "roleId");
CREATE UNIQUE INDEX "Binding_tenantId_key_key" ON "Binding"("tenantId", "key");
CREATE TABLE "new_GroupMember" (
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("groupId", "userId"),
    CONSTRAINT "GroupMember_tenantId_groupId_fkey" FOREIGN KEY ("tenantId", "groupId") REFERENCES "Group" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_GroupMember" ("groupId", "tenantId", "userId") SELECT "groupId", "tenantId", "userId" FROM "GroupMember";
DROP TABLE "GroupMember";
ALTER TABLE "new_GroupMember" RENAME TO "GroupMember";
CREATE INDEX "GroupMember_tenantId_userId_idx" ON "GroupMember"("tenantId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Group_tenantId_id_key" ON "Group"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Role_tenantId_id_key" ON "Role"("tenantId", "id");
