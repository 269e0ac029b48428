-- A certificate revoked by an override of its attempt's score to a fail (a later override to a pass
-- makes it valid again). Hand-written as one ADD COLUMN: Prisma's generated migration copies the
-- whole table, which SQLite does not need for a NOT NULL column with a constant default.
ALTER TABLE "Certificate" ADD COLUMN "revokedByOverride" BOOLEAN NOT NULL DEFAULT false;

-- Revocations an override wrote before this column existed: the system gave them this reason.
UPDATE "Certificate" SET "revokedByOverride" = 1 WHERE "revokedAt" IS NOT NULL AND "revokeReason" LIKE 'Score overridden: %';
