//! Who is at the keyboard on the office server (issue 16): the PostgreSQL login role the register
//! was opened as (`current_user`), and the group roles that carry the office's four roles
//! (`ct_clerk`, `ct_approver`, `ct_auditor`, `ct_admin`, made and granted by the postgres migration
//! `20261203000001_server_roles.sql`). The server authenticates (no password hash is kept here) and
//! refuses what the group role was not granted; the app hides the same things from the same table
//! (`domain::access`).
//!
//! Accounts on the server are login roles: created with `CREATE ROLE … LOGIN PASSWORD …` (the
//! password's SCRAM verifier, `store/scram.rs`, never the password itself) and a
//! `GRANT` of the group role (the administrator's role needs CREATEROLE, and an administrator's
//! account is given it), disabled with NOLOGIN.
//! Statements that name a role are written by the server itself (`format('%I', …)`), never by
//! pasting a name into SQL here. The creation time is kept as the role's comment (PostgreSQL
//! records none); a role made outside the app has none.

use chrono::{DateTime, Utc};
use clearance_domain::access::Role;
use clearance_domain::audit::instant_text;

use super::{db, Result, Store, StoreError, Tx};

/// The group roles, the most powerful first: a login role in several has the first one's role.
pub const GROUPS: [(Role, &str); 4] =
    [(Role::Admin, "ct_admin"), (Role::Approver, "ct_approver"), (Role::Clerk, "ct_clerk"), (Role::Auditor, "ct_auditor")];

/// The group role that carries `role`.
pub fn group_of(role: Role) -> &'static str {
    GROUPS.iter().find(|(r, _)| *r == role).map(|(_, g)| *g).unwrap_or("ct_auditor")
}

fn role_of_groups(groups: &[String]) -> Option<Role> {
    GROUPS.iter().find(|(_, g)| groups.iter().any(|x| x == g)).map(|(r, _)| *r)
}

/// The prefix of the comment the app writes on a login role it creates.
const CREATED: &str = "clearance-tracker created ";

/// A login role of the office as the administrator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAccount {
    pub name: String,
    pub role: Role,
    /// NOLOGIN: the role may not connect (disabled).
    pub disabled: bool,
    /// When the app created it (none for a role made outside the app).
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    name: String,
    groups: String,
    can_login: bool,
    comment: Option<String>,
}

/// The login roles that are direct members of a group role, each with its groups (comma-separated).
const MEMBERS: &str = "SELECT CAST(m.rolname AS TEXT) AS name, string_agg(CAST(g.rolname AS TEXT), ',') AS groups, \
     m.rolcanlogin AS can_login, shobj_description(m.oid, 'pg_authid') AS comment \
     FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid \
     WHERE g.rolname IN ('ct_admin', 'ct_approver', 'ct_clerk', 'ct_auditor') \
       AND m.rolname NOT IN ('ct_admin', 'ct_approver', 'ct_clerk', 'ct_auditor')";

fn account_of(row: MemberRow) -> Option<ServerAccount> {
    let groups: Vec<String> = row.groups.split(',').map(str::to_owned).collect();
    let created_at = row
        .comment
        .as_deref()
        .and_then(|c| c.strip_prefix(CREATED))
        .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
        .map(|t| t.with_timezone(&Utc));
    Some(ServerAccount { role: role_of_groups(&groups)?, name: row.name, disabled: !row.can_login, created_at })
}

fn server_only(backend: db::Backend) -> Result<()> {
    match backend {
        db::Backend::Postgres => Ok(()),
        db::Backend::Sqlite => Err(StoreError::Corrupt("a server role asked of a register file".into())),
    }
}

impl Store {
    /// The login role this register was opened as, and its office role: the most powerful group
    /// role it is a member of (directly or through another role; a superuser is an administrator),
    /// `None` when it is in none.
    pub async fn server_identity(&self) -> Result<(String, Option<Role>)> {
        server_only(self.backend())?;
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let name: String = conn.scalar(db::query("SELECT CAST(current_user AS TEXT)")).await?;
        let groups: Vec<String> = conn
            .scalars(db::query(
                "SELECT CAST(rolname AS TEXT) FROM pg_roles \
                 WHERE rolname IN ('ct_admin', 'ct_approver', 'ct_clerk', 'ct_auditor') AND pg_has_role(current_user, oid, 'MEMBER')",
            ))
            .await?;
        Ok((name, role_of_groups(&groups)))
    }

    /// Every login role that is a member of one of the office's group roles, by name.
    pub async fn server_accounts(&self) -> Result<Vec<ServerAccount>> {
        server_only(self.backend())?;
        let q = format!("{MEMBERS} GROUP BY m.rolname, m.rolcanlogin, m.oid ORDER BY m.rolname");
        let rows: Vec<MemberRow> = self.db.fetch_all(db::query(q)).await?;
        Ok(rows.into_iter().filter_map(account_of).collect())
    }

    /// Whether the connection's role may create roles (CREATEROLE, or a superuser).
    pub async fn server_may_create_roles(&self) -> Result<bool> {
        server_only(self.backend())?;
        Ok(self.db.scalar(db::query("SELECT (rolcreaterole OR rolsuper) FROM pg_roles WHERE rolname = current_user")).await?)
    }
}

impl Tx {
    /// Runs the statement the server writes from `template` (`format()`'s `%I` for a name, `%L`
    /// for a literal) and `args`.
    async fn server_ddl(&mut self, template: &'static str, args: &[&str]) -> Result<()> {
        let mut conn = self.conn();
        server_only(conn.backend())?;
        let mut q = db::query(template);
        for a in args {
            q = q.bind(*a);
        }
        let statement: String = conn.scalar(q).await?;
        conn.execute(db::query(statement)).await?;
        Ok(())
    }

    pub async fn server_account(&mut self, name: &str) -> Result<Option<ServerAccount>> {
        let q = format!("{MEMBERS} AND m.rolname = ? GROUP BY m.rolname, m.rolcanlogin, m.oid");
        let row: Option<MemberRow> = self.conn().fetch_optional(db::query(q).bind(name)).await?;
        Ok(row.and_then(account_of))
    }

    /// Whether a role of that name exists on the server at all (in the office's groups or not).
    pub async fn server_role_exists(&mut self, name: &str) -> Result<bool> {
        Ok(self.conn().scalar(db::query("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)").bind(name)).await?)
    }

    /// Active login roles in the group of `role` (for "the last administrator stays").
    pub async fn active_server_accounts_with_role(&mut self, role: Role) -> Result<i64> {
        let q = format!("{MEMBERS} GROUP BY m.rolname, m.rolcanlogin, m.oid");
        let rows: Vec<MemberRow> = self.conn().fetch_all(db::query(q)).await?;
        Ok(rows.into_iter().filter_map(account_of).filter(|a| !a.disabled && a.role == role).count() as i64)
    }

    /// A new login role with its password, a member of `role`'s group role.
    pub async fn create_server_account(&mut self, name: &str, password: &str, role: Role, at: DateTime<Utc>) -> Result<()> {
        let comment = format!("{CREATED}{}", instant_text(at));
        // An administrator manages the office's accounts: it may create roles (CREATEROLE).
        let template = if role == Role::Admin {
            "SELECT format('CREATE ROLE %I LOGIN CREATEROLE PASSWORD %L', ?, ?)"
        } else {
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?, ?)"
        };
        self.server_ddl(template, &[name, &super::scram::verifier(password)]).await?;
        self.server_ddl("SELECT format('GRANT %I TO %I', ?, ?)", &[group_of(role), name]).await?;
        self.server_ddl("SELECT format('COMMENT ON ROLE %I IS %L', ?, ?)", &[name, &comment]).await
    }

    /// `name` in `role`'s group role only.
    pub async fn set_server_role(&mut self, name: &str, role: Role) -> Result<()> {
        for (r, group) in GROUPS {
            if r != role {
                self.server_ddl("SELECT format('REVOKE %I FROM %I', ?, ?)", &[group, name]).await?;
            }
        }
        self.server_ddl("SELECT format('GRANT %I TO %I', ?, ?)", &[group_of(role), name]).await?;
        let template = if role == Role::Admin {
            "SELECT format('ALTER ROLE %I CREATEROLE', ?)"
        } else {
            "SELECT format('ALTER ROLE %I NOCREATEROLE', ?)"
        };
        self.server_ddl(template, &[name]).await
    }

    /// LOGIN or NOLOGIN.
    pub async fn set_server_disabled(&mut self, name: &str, disabled: bool) -> Result<()> {
        let template = if disabled { "SELECT format('ALTER ROLE %I NOLOGIN', ?)" } else { "SELECT format('ALTER ROLE %I LOGIN', ?)" };
        self.server_ddl(template, &[name]).await
    }

    /// A new password for a login role (a role may set its own without CREATEROLE).
    pub async fn set_server_password(&mut self, name: &str, password: &str) -> Result<()> {
        self.server_ddl("SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)", &[name, &super::scram::verifier(password)]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_powerful_group_wins() {
        let g = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(role_of_groups(&g(&["ct_clerk", "ct_approver"])), Some(Role::Approver));
        assert_eq!(role_of_groups(&g(&["ct_auditor", "ct_clerk"])), Some(Role::Clerk));
        assert_eq!(role_of_groups(&g(&["ct_admin", "ct_auditor"])), Some(Role::Admin));
        assert_eq!(role_of_groups(&g(&["someone_else"])), None);
        assert_eq!(group_of(Role::Clerk), "ct_clerk");
    }
}
