-- Accounts that sign in (office/accounts.rs): the audit trail's `operator` is the signed-in
-- account's name. The password is kept only as an Argon2id PHC string (salt and parameters
-- inside it). The role's table of what it may do is `domain::access::allows`.

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    -- Checked like every operator name; compared exactly as typed after trimming.
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'approver', 'auditor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    -- When an administrator disabled the account; NULL while it may sign in.
    disabled_at   TEXT,
    -- Consecutive failed sign-ins since the last success, and the instant before which
    -- sign-in is refused even with the right password (from the fifth failure on).
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    wait_until    TEXT
) STRICT;
