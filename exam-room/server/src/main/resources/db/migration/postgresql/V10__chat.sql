-- Chat rooms (PostgreSQL): public rooms, a room per test session, private conversations.
CREATE TABLE chat_rooms (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('public', 'session', 'dm')),
  session_id        TEXT REFERENCES test_sessions (id),
  slow_mode_seconds INTEGER NOT NULL DEFAULT 0,
  created_at        BIGINT NOT NULL
);

CREATE TABLE chat_members (
  room_id      TEXT NOT NULL REFERENCES chat_rooms (id),
  user_id      TEXT NOT NULL REFERENCES users (id),
  joined_at    BIGINT NOT NULL,
  last_read_id BIGINT NOT NULL DEFAULT 0,
  muted        INTEGER NOT NULL DEFAULT 0,
  kicked_until BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (room_id, user_id)
);

CREATE TABLE chat_messages (
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id           TEXT NOT NULL REFERENCES chat_rooms (id),
  sender_id         TEXT NOT NULL REFERENCES users (id),
  client_message_id TEXT NOT NULL,
  text              TEXT NOT NULL,
  attachment_id     TEXT,
  created_at        BIGINT NOT NULL,
  edited_at         BIGINT,
  deleted_at        BIGINT,
  UNIQUE (sender_id, client_message_id)
);
CREATE INDEX chat_messages_room ON chat_messages (room_id, id);

CREATE TABLE chat_receipts (
  message_id BIGINT NOT NULL REFERENCES chat_messages (id),
  user_id    TEXT NOT NULL REFERENCES users (id),
  status     TEXT NOT NULL CHECK (status IN ('delivered', 'seen')),
  at         BIGINT NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
