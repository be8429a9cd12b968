-- A counter that moves whenever a user or a session changes — in this process or another one
-- (`trellis user disable`, `passwd`). The session cache re-reads a session and its user only
-- when this moved, instead of after every commit of any kind.
CREATE TABLE auth_epoch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
) STRICT;
INSERT INTO auth_epoch(id, n) VALUES (1, 0);
CREATE TRIGGER auth_epoch_on_user_update AFTER UPDATE ON app_user
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_on_user_delete AFTER DELETE ON app_user
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auth_epoch_on_session_delete AFTER DELETE ON session
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
