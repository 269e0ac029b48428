-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "revokedByOverride" BOOLEAN NOT NULL DEFAULT false;

-- Revocations an override wrote before this column existed: the system gave them this reason.
UPDATE "Certificate" SET "revokedByOverride" = true WHERE "revokedAt" IS NOT NULL AND "revokeReason" LIKE 'Score overridden: %';
