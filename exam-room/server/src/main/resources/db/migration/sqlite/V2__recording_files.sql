-- Recordings: the server-generated file name (never derived from user input), and at most one recording per test
-- session, so two racing first chunks cannot both create one. Uploads without a session (NULL) are not limited.
ALTER TABLE recordings ADD COLUMN file_name TEXT;
DROP INDEX recordings_session;
CREATE UNIQUE INDEX recordings_one_per_session ON recordings (session_id);
