-- Chat attachments (SQLite): files uploaded for a room (POST /api/chat/attachments), then put in one
-- message of their uploader. The file lives under the server-generated file_name; original_name is the client's
-- name, escaped, only shown and offered on download. message_id is set when a message uses the attachment: once.
CREATE TABLE chat_attachments (
  id            TEXT PRIMARY KEY,
  room_id       TEXT NOT NULL REFERENCES chat_rooms (id),
  uploader_id   TEXT NOT NULL REFERENCES users (id),
  file_name     TEXT NOT NULL UNIQUE,
  original_name TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size_bytes    BIGINT NOT NULL,
  message_id    BIGINT UNIQUE REFERENCES chat_messages (id),
  created_at    BIGINT NOT NULL
);
CREATE INDEX chat_attachments_uploader ON chat_attachments (uploader_id, created_at);

-- Before this table, attachment_id was accepted unchecked: no such id refers to anything, so none is kept.
UPDATE chat_messages SET attachment_id = NULL WHERE attachment_id IS NOT NULL;
CREATE UNIQUE INDEX chat_messages_attachment ON chat_messages (attachment_id);
