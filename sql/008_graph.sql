-- The innovation graph (issue 10): platforms, talent teams, projects, institutions and the
-- registered enterprises as nodes, and typed, directed, dated links between them. Every change is
-- written in the same transaction as its audit row.
--
-- Nodes. One id space for every kind. An enterprise's node holds only the enterprise's row id
-- (its name, region and industry are read from the enterprise row, never copied): every
-- registered enterprise has exactly one, made by the trigger below (and for the enterprises
-- registered before this migration by the INSERT at the end). The other kinds carry their name,
-- responsible region and their kind's own fields as one JSON object text (`fields`; its members
-- are checked by the service against config/graph.json, not here: trusted_schema is OFF, so
-- json_valid() is not usable in a CHECK). A removed node keeps its row (removed_at set) so audit
-- rows and ended links still name something.
CREATE TABLE graph_node (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('enterprise','platform','talent_team','project','institution')),
  enterprise_id INTEGER UNIQUE REFERENCES enterprise(id),
  name          TEXT NOT NULL DEFAULT '',
  region_code   TEXT REFERENCES region(code),
  fields        TEXT NOT NULL DEFAULT '{}',
  created_by    TEXT NOT NULL DEFAULT 'system',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  removed_at    TEXT,
  CHECK ((kind = 'enterprise') = (enterprise_id IS NOT NULL)),
  CHECK (kind = 'enterprise' OR (length(name) > 0 AND region_code IS NOT NULL)),
  CHECK (kind <> 'enterprise' OR (name = '' AND region_code IS NULL AND removed_at IS NULL))
) STRICT;
CREATE INDEX graph_node_by_kind ON graph_node(kind, region_code, id);

CREATE TRIGGER enterprise_graph_node AFTER INSERT ON enterprise
BEGIN
  INSERT INTO graph_node(kind, enterprise_id, created_at, updated_at)
  VALUES ('enterprise', NEW.id, NEW.created_at, NEW.created_at);
END;
CREATE TRIGGER graph_node_no_delete BEFORE DELETE ON graph_node
BEGIN SELECT RAISE(ABORT, 'graph nodes are removed (removed_at), never deleted'); END;

-- Links. valid_until is the day the link ended (it no longer holds that day); ending a link
-- sets it, and nothing else of a link ever changes: the trigger refuses any other update and any
-- delete. Two links of one kind between one pair and direction may not be valid on one day
-- (the engine checks it, E4; the service asks the engine before it writes).
CREATE TABLE graph_link (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (length(kind) > 0),      -- a config/graph.json link kind code
  from_node    INTEGER NOT NULL REFERENCES graph_node(id),
  to_node      INTEGER NOT NULL REFERENCES graph_node(id),
  valid_from   TEXT NOT NULL,                               -- YYYY-MM-DD
  valid_until  TEXT,                                        -- YYYY-MM-DD, after valid_from
  note         TEXT NOT NULL DEFAULT '',
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  ended_by     TEXT,
  ended_at     TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  CHECK (from_node <> to_node),
  CHECK (valid_until IS NULL OR valid_until > valid_from)
) STRICT;
CREATE INDEX graph_link_from ON graph_link(from_node, id);
CREATE INDEX graph_link_to ON graph_link(to_node, id);

CREATE TRIGGER graph_link_end_only BEFORE UPDATE ON graph_link
WHEN OLD.valid_until IS NOT NULL OR NEW.valid_until IS NULL
  OR NEW.kind IS NOT OLD.kind OR NEW.from_node IS NOT OLD.from_node OR NEW.to_node IS NOT OLD.to_node
  OR NEW.valid_from IS NOT OLD.valid_from OR NEW.note IS NOT OLD.note OR NEW.recorded_by IS NOT OLD.recorded_by
  OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN SELECT RAISE(ABORT, 'a graph link is only ever ended (valid_until set once)'); END;
CREATE TRIGGER graph_link_no_delete BEFORE DELETE ON graph_link
BEGIN SELECT RAISE(ABORT, 'graph links are ended, never deleted'); END;

INSERT INTO graph_node(kind, enterprise_id, created_at, updated_at)
SELECT 'enterprise', id, created_at, created_at FROM enterprise ORDER BY id;
