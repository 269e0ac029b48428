-- The recruit list's search ("contains", e.g. a phone number or part of a name) through a trigram
-- index instead of reading every application of the campaign (hand-written: Prisma's schema is shared
-- with SQLite). pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Application_search_trgm_idx" ON "Application" USING gin ("searchText" gin_trgm_ops);
