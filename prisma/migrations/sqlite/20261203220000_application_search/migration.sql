-- The recruit list's search ("contains": part of a name, a phone number, an IIN) through a trigram
-- index instead of reading every application of the campaign. Hand-written: Prisma has no virtual
-- tables. Kept in step by triggers, in the same transaction as every change to an application.
--
-- ApplicationSearchText holds each application's search text under an INTEGER PRIMARY KEY, the key
-- the full-text index refers to (VACUUM keeps such keys; it may renumber the implicit rowids of
-- Application), and finds an application's entry by its unique id, so a change costs one lookup.
CREATE TABLE "ApplicationSearchText" (
    "rowid" INTEGER PRIMARY KEY,
    "applicationId" TEXT NOT NULL UNIQUE,
    "searchText" TEXT NOT NULL
);

CREATE VIRTUAL TABLE "ApplicationSearch" USING fts5("searchText", content = 'ApplicationSearchText', content_rowid = 'rowid', tokenize = 'trigram');

-- A deleted or changed text leaves the index at once, not as a marker beside the old entry until the
-- next merge: anonymising a person (their search text emptied) leaves no piece of it behind.
INSERT INTO "ApplicationSearch" ("ApplicationSearch", "rank") VALUES ('secure-delete', 1);

CREATE TRIGGER "ApplicationSearchText_insert" AFTER INSERT ON "ApplicationSearchText" BEGIN
    INSERT INTO "ApplicationSearch" ("rowid", "searchText") VALUES (NEW."rowid", NEW."searchText");
END;

CREATE TRIGGER "ApplicationSearchText_delete" AFTER DELETE ON "ApplicationSearchText" BEGIN
    INSERT INTO "ApplicationSearch" ("ApplicationSearch", "rowid", "searchText") VALUES ('delete', OLD."rowid", OLD."searchText");
END;

INSERT INTO "ApplicationSearchText" ("applicationId", "searchText") SELECT "id", "searchText" FROM "Application";

CREATE TRIGGER "Application_search_insert" AFTER INSERT ON "Application" BEGIN
    INSERT INTO "ApplicationSearchText" ("applicationId", "searchText") VALUES (NEW."id", NEW."searchText");
END;

CREATE TRIGGER "Application_search_update" AFTER UPDATE OF "id", "searchText" ON "Application"
WHEN OLD."id" IS NOT NEW."id" OR OLD."searchText" IS NOT NEW."searchText" BEGIN
    DELETE FROM "ApplicationSearchText" WHERE "applicationId" = OLD."id";
    INSERT INTO "ApplicationSearchText" ("applicationId", "searchText") VALUES (NEW."id", NEW."searchText");
END;

CREATE TRIGGER "Application_search_delete" AFTER DELETE ON "Application" BEGIN
    DELETE FROM "ApplicationSearchText" WHERE "applicationId" = OLD."id";
END;
