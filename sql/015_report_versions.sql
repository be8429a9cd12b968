-- A change counter per table the reports read (issue 11, "Reports at province scale"): every row
-- inserted, updated or deleted in one of them moves its table's counter, in the same transaction
-- and whichever process writes (the server, `trellis import`, `trellis demo`, a sqlite3 shell).
-- The report service keeps the facts of an as-of date between requests and reuses them only while
-- the counters of the tables they came from read the same in the request's own snapshot: a report
-- never serves figures from before a write it could see.
CREATE TABLE report_version (
  source TEXT PRIMARY KEY,   -- a table name
  n      INTEGER NOT NULL
) STRICT;
INSERT INTO report_version(source, n) VALUES ('enterprise', 0);
INSERT INTO report_version(source, n) VALUES ('designation', 0);
INSERT INTO report_version(source, n) VALUES ('pool_membership', 0);
INSERT INTO report_version(source, n) VALUES ('milestone', 0);
INSERT INTO report_version(source, n) VALUES ('graph_node', 0);
INSERT INTO report_version(source, n) VALUES ('target_split', 0);
INSERT INTO report_version(source, n) VALUES ('liaison_assignment', 0);
INSERT INTO report_version(source, n) VALUES ('liaison_contact', 0);
INSERT INTO report_version(source, n) VALUES ('liaison_problem', 0);
INSERT INTO report_version(source, n) VALUES ('liaison_problem_event', 0);
CREATE TRIGGER report_version_enterprise_insert AFTER INSERT ON enterprise
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'enterprise'; END;
CREATE TRIGGER report_version_enterprise_update AFTER UPDATE ON enterprise
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'enterprise'; END;
CREATE TRIGGER report_version_enterprise_delete AFTER DELETE ON enterprise
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'enterprise'; END;
CREATE TRIGGER report_version_designation_insert AFTER INSERT ON designation
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'designation'; END;
CREATE TRIGGER report_version_designation_update AFTER UPDATE ON designation
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'designation'; END;
CREATE TRIGGER report_version_designation_delete AFTER DELETE ON designation
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'designation'; END;
CREATE TRIGGER report_version_pool_membership_insert AFTER INSERT ON pool_membership
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'pool_membership'; END;
CREATE TRIGGER report_version_pool_membership_update AFTER UPDATE ON pool_membership
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'pool_membership'; END;
CREATE TRIGGER report_version_pool_membership_delete AFTER DELETE ON pool_membership
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'pool_membership'; END;
CREATE TRIGGER report_version_milestone_insert AFTER INSERT ON milestone
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'milestone'; END;
CREATE TRIGGER report_version_milestone_update AFTER UPDATE ON milestone
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'milestone'; END;
CREATE TRIGGER report_version_milestone_delete AFTER DELETE ON milestone
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'milestone'; END;
CREATE TRIGGER report_version_graph_node_insert AFTER INSERT ON graph_node
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'graph_node'; END;
CREATE TRIGGER report_version_graph_node_update AFTER UPDATE ON graph_node
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'graph_node'; END;
CREATE TRIGGER report_version_graph_node_delete AFTER DELETE ON graph_node
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'graph_node'; END;
CREATE TRIGGER report_version_target_split_insert AFTER INSERT ON target_split
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'target_split'; END;
CREATE TRIGGER report_version_target_split_update AFTER UPDATE ON target_split
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'target_split'; END;
CREATE TRIGGER report_version_target_split_delete AFTER DELETE ON target_split
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'target_split'; END;
CREATE TRIGGER report_version_liaison_assignment_insert AFTER INSERT ON liaison_assignment
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_assignment'; END;
CREATE TRIGGER report_version_liaison_assignment_update AFTER UPDATE ON liaison_assignment
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_assignment'; END;
CREATE TRIGGER report_version_liaison_assignment_delete AFTER DELETE ON liaison_assignment
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_assignment'; END;
CREATE TRIGGER report_version_liaison_contact_insert AFTER INSERT ON liaison_contact
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_contact'; END;
CREATE TRIGGER report_version_liaison_contact_update AFTER UPDATE ON liaison_contact
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_contact'; END;
CREATE TRIGGER report_version_liaison_contact_delete AFTER DELETE ON liaison_contact
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_contact'; END;
CREATE TRIGGER report_version_liaison_problem_insert AFTER INSERT ON liaison_problem
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_problem'; END;
CREATE TRIGGER report_version_liaison_problem_update AFTER UPDATE ON liaison_problem
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_problem'; END;
CREATE TRIGGER report_version_liaison_problem_delete AFTER DELETE ON liaison_problem
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_problem'; END;
CREATE TRIGGER report_version_liaison_problem_event_insert AFTER INSERT ON liaison_problem_event
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_problem_event'; END;
CREATE TRIGGER report_version_liaison_problem_event_update AFTER UPDATE ON liaison_problem_event
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_problem_event'; END;
CREATE TRIGGER report_version_liaison_problem_event_delete AFTER DELETE ON liaison_problem_event
BEGIN UPDATE report_version SET n = n + 1 WHERE source = 'liaison_problem_event'; END;
