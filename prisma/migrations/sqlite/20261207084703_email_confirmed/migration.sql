-- AlterTable
ALTER TABLE "User" ADD COLUMN "emailConfirmedAt" DATETIME;

-- An account whose owner has already used a link emailed to it (a password reset, an invitation
-- claimed) has proven the address then.
UPDATE "User" SET "emailConfirmedAt" = (
  SELECT MIN(t."usedAt") FROM "PasswordResetToken" t WHERE t."userId" = "User"."id" AND t."usedAt" IS NOT NULL
);
