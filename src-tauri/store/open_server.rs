//! Opening the register on the office's PostgreSQL server (issue 16): where it is and how to
//! reach it ([`ServerOptions`], from a `postgres://` address), the connection pool, and the
//! schema brought up to date with `migrations/postgres` (the same numbered steps as the file's).
//!
//! What is refused, with nothing changed, mirrors a file: a database that holds another
//! program's tables ([`StoreError::ServerForeign`]), a register a newer version of the app set up
//! ([`StoreError::Newer`]), a server that cannot be reached ([`StoreError::ServerUnreachable`]).

use std::path::PathBuf;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sqlx::Connection;
use zeroize::Zeroizing;

use super::{db, Result, Store, StoreError};

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// The setting that names the version of the app that last brought the schema up to date (as
/// on a file, `open.rs`).
const WRITTEN_BY: &str = "schema_written_by";

/// The port PostgreSQL listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 5432;

/// How the connection to the server is protected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    /// No TLS: a server on this computer (or its Unix socket), or a test server.
    Disable,
    /// TLS if the server offers it, else plain (`sslmode=prefer`): what an address that names
    /// this computer gets when it says nothing.
    Prefer,
    /// TLS, the certificate not checked unless a CA file is given (`sslmode=require`).
    Require { ca_file: Option<PathBuf> },
    /// TLS, the certificate issued by the CA (the office's CA file, or the system's) and for the
    /// host named (`sslmode=verify-full`): what an address of another computer gets by default.
    VerifyFull { ca_file: Option<PathBuf> },
}

/// Where the office's register is on the server, and as whom to connect.
#[derive(Clone)]
pub struct ServerOptions {
    /// A host name or address, or the folder of the server's Unix socket (starting with `/`).
    pub host: String,
    pub port: u16,
    pub database: String,
    /// The login role (the operator on the server). Empty: not given yet (the CLI's `--user`).
    pub user: String,
    /// Asked at start, never stored; wiped from memory when dropped.
    pub password: Option<Zeroizing<String>>,
    pub tls: Tls,
    /// Connections in the pool: a clerk's window reads on a few at once, writers queue anyway.
    pub max_connections: u32,
    /// How long a connection is waited for (to be made, or freed by another task of this app)
    /// before the server is reported unreachable.
    pub acquire_timeout: Duration,
    /// Open for reading only: every write is refused with a message.
    pub read_only: bool,
}

impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("tls", &self.tls)
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// Connections in a server register's pool.
const MAX_CONNECTIONS: u32 = 5;
/// How long to wait for the server before saying it cannot be reached.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// A pooled connection idle for longer is pinged before it is used; one used more recently is
/// taken as it is (HikariCP's "alive bypass window" is the same 500 ms). sqlx pings each
/// connection as it comes back to the pool, so it was alive a moment ago; pinging it again would
/// add a round trip to each of the statements a screen or a search as the clerk types asks in a
/// row (docs/performance.md, "Issue 16"). What is given up: a server that stops and is back
/// within that moment, unseen by any statement, fails the next statement once, as if it were
/// still down.
const PING_AFTER_IDLE: Duration = Duration::from_millis(500);
/// After a statement found its connection gone, every connection is pinged before use for this
/// long, however recently used (the server, or the network, may have dropped them all).
const CHECK_ALL_AFTER_LOSS: Duration = Duration::from_secs(30);

/// Whether `text` is an address of the office server (`postgres://` or `postgresql://`) rather
/// than a register file's path.
pub fn is_server_address(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

fn bad(address: &str) -> StoreError {
    StoreError::ServerAddress(redact(address))
}

/// `%XX` escapes decoded (a raw UTF-8 name passes through as it is).
fn decode(text: &str, address: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).ok_or_else(|| bad(address))?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad(address))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad(address))
}

/// The address without its password, for messages and logs.
pub fn redact(address: &str) -> String {
    let Some(start) = address.find("://").map(|i| i + 3) else { return address.to_owned() };
    let authority_end = address[start..].find(['/', '?']).map(|i| start + i).unwrap_or(address.len());
    let authority = &address[start..authority_end];
    let redacted = match authority.rfind('@') {
        Some(at) => match authority[..at].find(':') {
            Some(colon) => format!("{}:***{}", &authority[..colon], &authority[at..]),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let query_start = address[authority_end..].find('?').map(|i| authority_end + i).unwrap_or(address.len());
    let mut rest = address[authority_end..query_start].to_owned();
    if query_start < address.len() {
        let pairs: Vec<String> = address[query_start + 1..]
            .split('&')
            .map(|p| if p.to_ascii_lowercase().starts_with("password=") { "password=***".to_owned() } else { p.to_owned() })
            .collect();
        rest.push('?');
        rest.push_str(&pairs.join("&"));
    }
    format!("{}{redacted}{rest}", &address[..start])
}

impl ServerOptions {
    /// Options for `database` on `host` as `user`, TLS as an address saying nothing would have it.
    pub fn new(host: impl Into<String>, database: impl Into<String>, user: impl Into<String>) -> ServerOptions {
        let host = host.into();
        let tls = default_tls(&host);
        ServerOptions {
            host,
            port: DEFAULT_PORT,
            database: database.into(),
            user: user.into(),
            password: None,
            tls,
            max_connections: MAX_CONNECTIONS,
            acquire_timeout: ACQUIRE_TIMEOUT,
            read_only: false,
        }
    }

    /// Reads `postgres://[user[:password]@]host[:port]/database[?sslmode=…&sslrootcert=…]` (or
    /// `postgresql://`). The user, password and database may be %-escaped (a password may also
    /// hold a plain `@`; a `/`, `?` or `#` in it must be written %2F, %3F, %23). Also taken from
    /// the query: `host` (a Unix socket's folder), `port`, `user`, `password`, `dbname`,
    /// `connect_timeout` (seconds), `application_name` (ignored). Without `sslmode`, an address
    /// of this computer prefers TLS and any other requires it with the certificate verified
    /// (`verify-full`). Anything else is refused, so a mistyped option is not silently ignored.
    pub fn from_url(address: &str) -> Result<ServerOptions> {
        let text = address.trim();
        let lower = text.to_ascii_lowercase();
        let start = if lower.starts_with("postgres://") {
            "postgres://".len()
        } else if lower.starts_with("postgresql://") {
            "postgresql://".len()
        } else {
            return Err(bad(address));
        };
        let rest = &text[start..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        let (mut user, mut password) = match userinfo {
            Some(info) => match info.find(':') {
                Some(colon) => (decode(&info[..colon], address)?, Some(decode(&info[colon + 1..], address)?)),
                None => (decode(info, address)?, None),
            },
            None => (String::new(), None),
        };
        let (mut host, mut port) = split_host_port(hostport, address)?;
        host = decode(&host, address)?;
        let after = &rest[authority_end..];
        let (path, query) = match after.find('?') {
            Some(q) => (&after[..q], Some(&after[q + 1..])),
            None => (after, None),
        };
        let mut database = decode(path.strip_prefix('/').unwrap_or(path), address)?;
        if database.contains('/') {
            return Err(bad(address));
        }
        let mut sslmode: Option<String> = None;
        let mut ca_file: Option<PathBuf> = None;
        let mut acquire_timeout = ACQUIRE_TIMEOUT;
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').ok_or_else(|| bad(address))?;
            let value = decode(value, address)?;
            match key {
                "sslmode" => sslmode = Some(value.to_ascii_lowercase()),
                "sslrootcert" => ca_file = Some(PathBuf::from(value)),
                "host" => host = value,
                "port" => port = Some(value.parse().map_err(|_| bad(address))?),
                "user" => user = value,
                "password" => password = Some(value),
                "dbname" => database = value,
                "connect_timeout" => {
                    let secs: u64 = value.parse().map_err(|_| bad(address))?;
                    acquire_timeout = Duration::from_secs(secs.max(1));
                }
                "application_name" => {}
                _ => return Err(bad(address)),
            }
        }
        if host.is_empty() {
            host = "localhost".to_owned();
        }
        if database.is_empty() {
            // As libpq does: the database named after the role.
            database = user.clone();
        }
        if database.is_empty() {
            return Err(bad(address));
        }
        let tls = match sslmode.as_deref() {
            None => match ca_file {
                Some(ca) => Tls::VerifyFull { ca_file: Some(ca) },
                None => default_tls(&host),
            },
            Some("disable") => Tls::Disable,
            Some("allow" | "prefer") => Tls::Prefer,
            Some("require") => Tls::Require { ca_file },
            // verify-ca is taken as verify-full: the office's server is reached by its own name.
            Some("verify-ca" | "verify-full") => Tls::VerifyFull { ca_file },
            Some(_) => return Err(bad(address)),
        };
        Ok(ServerOptions {
            host,
            port: port.unwrap_or(DEFAULT_PORT),
            database,
            user,
            password: password.map(Zeroizing::new),
            tls,
            max_connections: MAX_CONNECTIONS,
            acquire_timeout,
            read_only: false,
        })
    }

    /// The password to connect with (asked at start; never stored).
    pub fn password(mut self, password: Option<Zeroizing<String>>) -> Self {
        self.password = password;
        self
    }

    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    /// How the office names the register: `role@host:port/database`, never the password.
    pub fn display(&self) -> String {
        let user = if self.user.is_empty() { String::new() } else { format!("{}@", self.user) };
        if self.host.starts_with('/') {
            format!("postgres://{user}/{}?host={}", self.database, self.host)
        } else if self.host.contains(':') {
            format!("postgres://{user}[{}]:{}/{}", self.host, self.port, self.database)
        } else {
            format!("postgres://{user}{}:{}/{}", self.host, self.port, self.database)
        }
    }

    /// The server as messages name it (`host:port`).
    fn server(&self) -> String {
        if self.host.starts_with('/') {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    fn connect_options(&self) -> PgConnectOptions {
        let options = PgConnectOptions::new_without_pgpass().port(self.port).database(&self.database).application_name("clearance-tracker");
        let options = if self.host.starts_with('/') { options.socket(&self.host) } else { options.host(&self.host) };
        let options = if self.user.is_empty() { options } else { options.username(&self.user) };
        let options = match &self.password {
            Some(p) => options.password(p),
            None => options,
        };
        let with_ca = |o: PgConnectOptions, ca: &Option<PathBuf>| match ca {
            Some(ca) => o.ssl_root_cert(ca),
            None => o,
        };
        match &self.tls {
            Tls::Disable => options.ssl_mode(PgSslMode::Disable),
            Tls::Prefer => options.ssl_mode(PgSslMode::Prefer),
            Tls::Require { ca_file } => with_ca(options.ssl_mode(PgSslMode::Require), ca_file),
            Tls::VerifyFull { ca_file } => with_ca(options.ssl_mode(PgSslMode::VerifyFull), ca_file),
        }
    }
}

fn split_host_port(hostport: &str, address: &str) -> Result<(String, Option<u16>)> {
    if let Some(inner) = hostport.strip_prefix('[') {
        // [IPv6]:port
        let close = inner.find(']').ok_or_else(|| bad(address))?;
        let host = inner[..close].to_owned();
        let port = match &inner[close + 1..] {
            "" => None,
            p => Some(p.strip_prefix(':').and_then(|p| p.parse().ok()).ok_or_else(|| bad(address))?),
        };
        return Ok((host, port));
    }
    match hostport.rsplit_once(':') {
        Some((host, port)) => Ok((host.to_owned(), Some(port.parse().map_err(|_| bad(address))?))),
        None => Ok((hostport.to_owned(), None)),
    }
}

/// Without `sslmode`: this computer (or its socket) prefers TLS; another computer requires it,
/// with the certificate verified against the system's CAs.
fn default_tls(host: &str) -> Tls {
    if host.is_empty() || host.starts_with('/') || matches!(host, "localhost" | "127.0.0.1" | "::1") {
        Tls::Prefer
    } else {
        Tls::VerifyFull { ca_file: None }
    }
}

/// Where the register is: a file on this computer, or the office server.
#[derive(Clone, Debug)]
pub enum Location {
    File(PathBuf),
    Server(ServerOptions),
}

impl Location {
    /// What `--db` / `CLEARANCE_TRACKER_DB` gives: `postgres://…` or `postgresql://…` is the
    /// office server (refused when it cannot be read as one, never taken for a file name);
    /// anything else is a file's path.
    pub fn parse(text: &str) -> Result<Location> {
        if is_server_address(text) {
            Ok(Location::Server(ServerOptions::from_url(text)?))
        } else {
            Ok(Location::File(PathBuf::from(text)))
        }
    }

    /// How the office names it: the file's path, or the server's address without the password.
    pub fn display(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Server(options) => options.display(),
        }
    }

    pub fn is_server(&self) -> bool {
        matches!(self, Location::Server(_))
    }
}

/// Opens the register wherever it is: a file with `file`'s options (its path replaced), or the
/// server with its own.
pub async fn open_location(location: Location, file: super::OpenOptions) -> Result<Store> {
    match location {
        Location::File(path) => super::open(super::OpenOptions { path, ..file }).await,
        Location::Server(options) => open_server(options.read_only(file.read_only)).await,
    }
}

/// What the database holds before anything is done to it.
enum Found {
    /// No table at all (or only the migrations' own, another clerk setting it up meanwhile).
    Empty,
    Register {
        applied: Vec<i64>,
    },
}

/// Connect-time failures that mean the server is not there (refused, no route, timed out) as
/// [`StoreError::ServerUnreachable`]; the rest as they are (a wrong password, TLS).
fn unreachable(options: &ServerOptions) -> impl Fn(sqlx::Error) -> StoreError + '_ {
    move |e| match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => StoreError::ServerUnreachable { server: options.server() },
        sqlx::Error::Database(d) if d.code().as_deref() == Some("3D000") => {
            StoreError::ServerNoDatabase { server: options.server(), database: options.database.clone() }
        }
        other => StoreError::Database(other),
    }
}

/// Opens the register in the database `options` names on the office server and brings its
/// schema up to date (`migrations/postgres`), as [`super::open`] does with a file.
///
/// Refused, with nothing changed: a database with another program's tables, a register a newer
/// version set up, a pending upgrade on a read-only open. The upgrade itself needs the rights of
/// the role that owns the tables (the one that set the register up); a clerk's role opening a
/// register that needs one is told to ask the server's administrator
/// ([`StoreError::ServerNeedsUpgrade`]). Migrations are serialised by the server (the migrator
/// holds an advisory lock), so several clerks starting at once set it up once.
pub async fn open_server(options: ServerOptions) -> Result<Store> {
    let pool = PgPoolOptions::new()
        .max_connections(options.max_connections.max(1))
        .acquire_timeout(options.acquire_timeout)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > PING_AFTER_IDLE || db::connection_lost_within(CHECK_ALL_AFTER_LOSS) {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options.connect_options())
        .await
        .map_err(unreachable(&options))?;
    match prepare(&pool, options.read_only).await {
        Ok(()) => Ok(Store { db: db::Pool::Postgres(pool), read_only: options.read_only, cipher: None }),
        Err(e) => {
            pool.close().await;
            Err(match e {
                StoreError::Foreign => StoreError::ServerForeign { database: options.database.clone() },
                e => e,
            })
        }
    }
}

/// Checks what the database is and migrates it when this version has steps it lacks.
async fn prepare(pool: &PgPool, read_only: bool) -> Result<()> {
    let found = inspect(pool).await?;
    let pending = pending(&found);
    if pending.is_empty() {
        return Ok(());
    }
    if read_only {
        return Err(StoreError::ReadOnlyNeedsUpgrade);
    }
    match MIGRATOR.run(pool).await {
        Ok(()) => {}
        Err(
            sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(e))
            | sqlx::migrate::MigrateError::ExecuteMigration(sqlx::Error::Database(e), _),
        ) if e.code().as_deref() == Some("42501") => {
            return Err(StoreError::ServerNeedsUpgrade);
        }
        Err(e) => return Err(e.into()),
    }
    db::Pool::Postgres(pool.clone())
        .execute(
            db::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(WRITTEN_BY)
                .bind(env!("CARGO_PKG_VERSION")),
        )
        .await?;
    Ok(())
}

/// The migrations this version would apply to what was found.
fn pending(found: &Found) -> Vec<i64> {
    match found {
        Found::Empty => MIGRATOR.iter().map(|m| m.version).collect(),
        Found::Register { applied } => MIGRATOR.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect(),
    }
}

/// What the database is: refuses another program's tables and a register whose schema is newer
/// than this version knows. Only reads (a clerk's role may read the migrations' table).
async fn inspect(pool: &PgPool) -> Result<Found> {
    let db = db::Pool::Postgres(pool.clone());
    let tables: Vec<String> = db
        .scalars(db::query(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        ))
        .await?;
    if tables.iter().all(|t| t == "_sqlx_migrations") {
        return Ok(Found::Empty);
    }
    let ours =
        tables.iter().any(|t| t == "_sqlx_migrations") && tables.iter().any(|t| t == "person") && tables.iter().any(|t| t == "audit_log");
    if !ours {
        return Err(StoreError::Foreign);
    }
    let applied: Vec<i64> = db.scalars(db::query("SELECT version FROM _sqlx_migrations WHERE success")).await?;
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        let by: Option<String> =
            db.scalar_optional(db::query("SELECT value FROM setting WHERE key = ?").bind(WRITTEN_BY)).await.ok().flatten();
        return Err(StoreError::Newer { schema: *newer, app_version: by });
    }
    Ok(Found::Register { applied })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> ServerOptions {
        ServerOptions::from_url(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn a_plain_address_and_its_defaults() {
        let o = url("postgres://li@db.office.example/register");
        assert_eq!((o.host.as_str(), o.port, o.database.as_str(), o.user.as_str()), ("db.office.example", 5432, "register", "li"));
        assert!(o.password.is_none());
        assert_eq!(o.tls, Tls::VerifyFull { ca_file: None }, "another computer: TLS verified by default");
        let o = url("postgresql://li:pw@localhost:5433/register");
        assert_eq!((o.port, o.password.as_deref().map(String::as_str)), (5433, Some("pw")));
        assert_eq!(o.tls, Tls::Prefer, "this computer: TLS when offered");
        assert_eq!(url("POSTGRES://li@h").database, "li", "the database named after the role, as libpq does");
    }

    #[test]
    fn tls_from_the_query() {
        let o = url("postgres://li@db/register?sslmode=verify-full&sslrootcert=/etc/office/ca.pem");
        assert_eq!(o.tls, Tls::VerifyFull { ca_file: Some(PathBuf::from("/etc/office/ca.pem")) });
        assert_eq!(url("postgres://li@db/r?sslmode=require").tls, Tls::Require { ca_file: None });
        assert_eq!(url("postgres://li@db/r?sslmode=disable").tls, Tls::Disable);
        assert_eq!(
            url("postgres://li@db/r?sslrootcert=%2Fca%20dir%2Fca.pem").tls,
            Tls::VerifyFull { ca_file: Some(PathBuf::from("/ca dir/ca.pem")) }
        );
        assert!(ServerOptions::from_url("postgres://li@db/r?sslmode=sometimes").is_err());
        assert!(ServerOptions::from_url("postgres://li@db/r?sslmod=disable").is_err(), "a mistyped option is refused");
    }

    #[test]
    fn passwords_with_at_signs_and_escapes() {
        let o = url("postgres://li:p@ss@w0rd@db:6543/register");
        assert_eq!(o.password.as_deref().map(String::as_str), Some("p@ss@w0rd"));
        assert_eq!((o.host.as_str(), o.port), ("db", 6543));
        let o = url("postgres://li:a%2Fb%3Fc%40d%3A@db/register");
        assert_eq!(o.password.as_deref().map(String::as_str), Some("a/b?c@d:"));
        let o = url("postgres://li:with:colon@db/register");
        assert_eq!(o.password.as_deref().map(String::as_str), Some("with:colon"));
    }

    #[test]
    fn unicode_role_names_raw_or_escaped() {
        assert_eq!(url("postgres://李娜:密码@db/登记册").user, "李娜");
        assert_eq!(url("postgres://李娜:密码@db/登记册").database, "登记册");
        assert_eq!(url("postgres://%E6%9D%8E%E5%A8%9C@db/register").user, "李娜");
        assert!(ServerOptions::from_url("postgres://%E6%9D@db/register").is_err(), "half a character");
    }

    #[test]
    fn sockets_ipv6_and_query_overrides() {
        let o = url("postgres:///register?host=/var/run/postgresql&user=li");
        assert_eq!((o.host.as_str(), o.user.as_str(), o.database.as_str()), ("/var/run/postgresql", "li", "register"));
        assert_eq!(o.tls, Tls::Prefer);
        let o = url("postgres://li@[2001:db8::1]:5444/register");
        assert_eq!((o.host.as_str(), o.port), ("2001:db8::1", 5444));
        let o = url("postgres://li@db/register?connect_timeout=3&application_name=x&port=7000");
        assert_eq!((o.acquire_timeout, o.port), (Duration::from_secs(3), 7000));
    }

    #[test]
    fn not_a_server_address() {
        for text in ["mysql://li@db/r", "postgres://li@db:port/r", "postgres://li@db/a/b", "postgres://", "register.db"] {
            assert!(ServerOptions::from_url(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_password_is_never_shown() {
        let o = url("postgres://li:s3cret-pw@db/register");
        assert!(!format!("{o:?}").contains("s3cret-pw"));
        assert!(!o.display().contains("s3cret-pw"));
        assert_eq!(o.display(), "postgres://li@db:5432/register");
        assert_eq!(redact("postgres://li:s3cret@db/r?password=x&sslmode=require"), "postgres://li:***@db/r?password=***&sslmode=require");
        match ServerOptions::from_url("postgres://li:s3cret@db/r?bogus=1") {
            Err(e) => assert!(!format!("{e:?} {e}").contains("s3cret")),
            Ok(_) => panic!("an unknown option is refused"),
        }
    }

    #[test]
    fn a_location_is_a_server_only_by_its_scheme() {
        assert!(matches!(Location::parse("postgres://li@db/r").unwrap(), Location::Server(_)));
        assert!(matches!(Location::parse("postgresql://li@db/r").unwrap(), Location::Server(_)));
        assert!(matches!(Location::parse("postgres-notes.db").unwrap(), Location::File(_)));
        assert!(matches!(Location::parse("/home/li/register.db").unwrap(), Location::File(_)));
        // What used to make a folder named `postgres:` is refused instead when it is not an address.
        assert!(Location::parse("postgres://li@db:x/r").is_err());
    }
}
