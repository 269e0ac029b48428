-- Accounts that already hold a role (an NGO's lead or trainer, a coalition admin) were vouched for by
-- the admin who gave it: their addresses count as confirmed, so a lead adding one of them as a recruit
-- does not take the account back (app/server/accounts/address.server.ts), and every role holder who
-- can log in has a confirmed address from here on (roles now need one).
UPDATE "User" SET "emailConfirmedAt" = "createdAt"
WHERE "emailConfirmedAt" IS NULL
  AND "passwordHash" <> ''
  AND ("isAdmin" OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = "User"."id"));
