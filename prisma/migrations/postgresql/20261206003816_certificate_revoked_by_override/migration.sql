-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "revokedByOverride" BOOLEAN NOT NULL DEFAULT false;
