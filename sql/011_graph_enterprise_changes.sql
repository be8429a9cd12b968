-- What the graph engine copies from an enterprise (issue 10): an enterprise's node reads its name,
-- region and industry from the enterprise row, and an archived enterprise is out of the graph
-- until restored. The engine keeps those facts in memory, so it must learn of every change to
-- them, whichever path made it (PATCH, archive, restore, an import's commit or revert, the demo
-- data, the CLI): this trigger notes the enterprise in the same transaction as the change, with
-- a sequence number above every earlier one, and the graph service applies the notes newer than
-- the last it applied before it answers a graph query (read-your-writes). One row per
-- enterprise (its latest change), so the table never outgrows the register.
CREATE TABLE graph_enterprise_change (
  enterprise_id INTEGER PRIMARY KEY REFERENCES enterprise(id),
  seq           INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER enterprise_graph_change AFTER UPDATE OF name, region_code, industry, archived ON enterprise
WHEN NEW.name IS NOT OLD.name OR NEW.region_code IS NOT OLD.region_code OR NEW.industry IS NOT OLD.industry
  OR NEW.archived IS NOT OLD.archived
BEGIN
  INSERT INTO graph_enterprise_change(enterprise_id, seq)
  VALUES (NEW.id, (SELECT COALESCE(max(seq), 0) + 1 FROM graph_enterprise_change))
  ON CONFLICT(enterprise_id) DO UPDATE SET seq = excluded.seq;
END;
