-- Namespaces compare byte by byte (COLLATE "C"), as they do on SQLite. PostgreSQL turns the
-- subtree test `namespace LIKE 'ns.%'` into a range of an index only under the C collation; under
-- any other (en_US.UTF-8, C.UTF-8, ...) a namespace-scoped reader's list query tests every row of
-- the tenant against every namespace in scope. Namespaces are [a-z0-9._-], so only their order
-- changes, to the order SQLite already uses. Prisma's schema has no collation attribute (and its
-- migration diff ignores collations), so this lives here only.
ALTER TABLE "Flow" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";
ALTER TABLE "Namespace" ALTER COLUMN "name" TYPE TEXT COLLATE "C";
