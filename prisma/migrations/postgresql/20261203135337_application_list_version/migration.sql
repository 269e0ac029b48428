-- CreateTable
CREATE TABLE "ApplicationListVersion" (
    "ngoId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApplicationListVersion_pkey" PRIMARY KEY ("ngoId","campaignId")
);

-- Every change to an application bumps its list's version, in the same transaction (hand-written: Prisma has no triggers).
-- The body is an E'' string with each semicolon written \073: the driver runs a migration statement by statement, split at every semicolon.
CREATE FUNCTION "application_list_version_bump"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
    IF TG_OP <> ''INSERT'' THEN
        INSERT INTO "ApplicationListVersion" ("ngoId", "campaignId", "version") VALUES (OLD."ngoId", OLD."campaignId", 1)
        ON CONFLICT ("ngoId", "campaignId") DO UPDATE SET "version" = "ApplicationListVersion"."version" + 1\073
    END IF\073
    IF TG_OP <> ''DELETE'' THEN
        INSERT INTO "ApplicationListVersion" ("ngoId", "campaignId", "version") VALUES (NEW."ngoId", NEW."campaignId", 1)
        ON CONFLICT ("ngoId", "campaignId") DO UPDATE SET "version" = "ApplicationListVersion"."version" + 1\073
    END IF\073
    RETURN NULL\073
END\073
';

CREATE TRIGGER "Application_list_version" AFTER INSERT OR UPDATE OR DELETE ON "Application"
    FOR EACH ROW EXECUTE FUNCTION "application_list_version_bump"();
