-- CreateTable
CREATE TABLE "ApplicationListVersion" (
    "ngoId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("ngoId", "campaignId")
);

-- Every change to an application bumps its list's version, in the same transaction (hand-written: Prisma has no triggers).
CREATE TRIGGER "Application_list_version_insert" AFTER INSERT ON "Application" BEGIN
    INSERT INTO "ApplicationListVersion" ("ngoId", "campaignId", "version") VALUES (NEW."ngoId", NEW."campaignId", 1)
    ON CONFLICT ("ngoId", "campaignId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Application_list_version_update" AFTER UPDATE ON "Application" BEGIN
    INSERT INTO "ApplicationListVersion" ("ngoId", "campaignId", "version") VALUES (OLD."ngoId", OLD."campaignId", 1)
    ON CONFLICT ("ngoId", "campaignId") DO UPDATE SET "version" = "version" + 1;
    INSERT INTO "ApplicationListVersion" ("ngoId", "campaignId", "version") VALUES (NEW."ngoId", NEW."campaignId", 1)
    ON CONFLICT ("ngoId", "campaignId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Application_list_version_delete" AFTER DELETE ON "Application" BEGIN
    INSERT INTO "ApplicationListVersion" ("ngoId", "campaignId", "version") VALUES (OLD."ngoId", OLD."campaignId", 1)
    ON CONFLICT ("ngoId", "campaignId") DO UPDATE SET "version" = "version" + 1;
END;
