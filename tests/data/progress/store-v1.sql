-- How tests/data/progress/store-v1.sqlite3 was made: a progress store as schema version 1
-- wrote it (no kind/hints/elapsed columns, no hints or reviews tables).
--   sqlite3 store-v1.sqlite3 < store-v1.sql
PRAGMA user_version = 1;
BEGIN TRANSACTION;
CREATE TABLE attempts (id INTEGER PRIMARY KEY, learner TEXT NOT NULL, exercise TEXT NOT NULL,
  pack TEXT NOT NULL, pack_version TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL,
  score REAL NOT NULL, mistake TEXT, answer TEXT NOT NULL DEFAULT '');
INSERT INTO "attempts" VALUES(1,'ada','matrix-calculus/linear-yax','matrix-calculus','1.0.0','2026-10-01T09:00:00+00:00','wrong',0.0,'transposed','x y^T');
INSERT INTO "attempts" VALUES(2,'ada','matrix-calculus/linear-yax','matrix-calculus','1.0.0','2026-10-01T09:05:00+00:00','passed',1.0,NULL,'y x^T');
INSERT INTO "attempts" VALUES(3,'grace','adjoints/matmul-backward','adjoints','1.0.0','2026-10-02T10:00:00+00:00','error',0.0,NULL,'def matmul_backward(A, B, G):
    return G');
CREATE INDEX attempts_by_learner ON attempts (learner, exercise);
COMMIT;
