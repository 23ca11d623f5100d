-- Exam room schema (PostgreSQL). Times are epoch milliseconds of the server clock; ids are server-generated.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('candidate', 'examiner', 'admin')),
  password_hash TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE test_sessions (
  id                  TEXT PRIMARY KEY,
  title               TEXT NOT NULL,
  candidate_id        TEXT NOT NULL REFERENCES users (id),
  examiner_id         TEXT NOT NULL REFERENCES users (id),
  scheduled_at        BIGINT NOT NULL,
  status              TEXT NOT NULL,
  part                TEXT,
  part_started_at     BIGINT,
  part_deadline_at    BIGINT,
  paused_remaining_ms BIGINT,
  part1_ms            BIGINT NOT NULL,
  prep_ms             BIGINT NOT NULL,
  talk_ms             BIGINT NOT NULL,
  part3_ms            BIGINT NOT NULL,
  countdown_sent      INTEGER NOT NULL DEFAULT 0,
  cue_topic           TEXT NOT NULL,
  cue_points          TEXT NOT NULL,
  next_seq            BIGINT NOT NULL DEFAULT 1,
  started_at          BIGINT,
  ended_at            BIGINT,
  version             BIGINT NOT NULL DEFAULT 0,
  created_at          BIGINT NOT NULL
);
CREATE INDEX test_sessions_candidate ON test_sessions (candidate_id);
CREATE INDEX test_sessions_examiner ON test_sessions (examiner_id);

-- the audit trail and the replay log: every state change and message, numbered per session
CREATE TABLE session_events (
  session_id TEXT NOT NULL REFERENCES test_sessions (id),
  seq        BIGINT NOT NULL,
  type       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  actor_id   TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, seq)
);

CREATE TABLE notices (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id  TEXT REFERENCES test_sessions (id),
  severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  text        TEXT NOT NULL,
  author_id   TEXT,
  author_name TEXT,
  created_at  BIGINT NOT NULL
);

CREATE TABLE notice_dismissals (
  notice_id    BIGINT NOT NULL REFERENCES notices (id),
  user_id      TEXT NOT NULL REFERENCES users (id),
  dismissed_at BIGINT NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);

CREATE TABLE scores (
  session_id    TEXT PRIMARY KEY REFERENCES test_sessions (id),
  fluency       INTEGER NOT NULL,
  lexical       INTEGER NOT NULL,
  grammar       INTEGER NOT NULL,
  pronunciation INTEGER NOT NULL,
  overall_tenths INTEGER NOT NULL,
  examiner_id   TEXT NOT NULL REFERENCES users (id),
  scored_at     BIGINT NOT NULL,
  published_at  BIGINT
);

CREATE TABLE recordings (
  id            TEXT PRIMARY KEY,
  session_id    TEXT REFERENCES test_sessions (id),
  owner_id      TEXT NOT NULL REFERENCES users (id),
  content_type  TEXT NOT NULL,
  next_seq      INTEGER NOT NULL DEFAULT 0,
  bytes         BIGINT NOT NULL DEFAULT 0,
  completed     INTEGER NOT NULL DEFAULT 0,
  original_name TEXT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX recordings_session ON recordings (session_id);
