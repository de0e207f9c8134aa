-- The Audit screen's filters (issue 13): by operator, by action, by time, each newest first.
-- (The same step on SQLite.)
CREATE INDEX audit_log_operator ON audit_log (operator, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_at ON audit_log (at);
