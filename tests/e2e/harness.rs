//! Drives the real app window: a private Xvfb display, tauri-driver (which runs WebKitWebDriver,
//! which launches the app), and a WebDriver client. Each test gets its own display, ports and
//! data directory, so tests run in parallel and never see each other's register.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// Which database the tests run on; a fresh one on the test server for [`Desk::on_server`].
#[path = "../support/backend.rs"]
pub mod backend;

const APP: &str = env!("CARGO_BIN_EXE_clearance-tracker");
const WAIT: Duration = Duration::from_secs(20);
const CONNECT_WAIT: Duration = Duration::from_secs(90);

/// The password of every account the tests create (kept in a file on the desk, never an argument).
pub const PASSWORD: &str = "Baomi-2026-test";
/// The administrator a desk's register is prepared with, unless the test names another.
pub const ADMIN: &str = "王芳";

/// A display and a data directory that outlive one app session, so a test can quit the app
/// and start it again on the same register.
///
/// The register is prepared through the command line before the window first opens on it (issue
/// 14): a plain register with an administrator account ([`ADMIN`], or the name given to
/// [`Desk::with_admin`]) whose password ([`PASSWORD`]) is in a file on the desk; the window then
/// signs in as that account ([`Desk::open`]). [`Desk::first_start`] leaves the register to the
/// window's own first start (no account yet).
pub struct Desk {
    xvfb: Child,
    display: String,
    pub data: tempfile::TempDir,
    locale: &'static str,
    /// The app's file dialogs are answered by the test seam (the default), not shown.
    seam: bool,
    /// The administrator the register is prepared with; `None`: a fresh first start.
    admin: Option<String>,
    /// The administrator's account was created.
    prepared: std::sync::atomic::AtomicBool,
    /// The idle lock in seconds (the tests' shortcut), else the register's minutes.
    idle_seconds: Option<u32>,
    /// The accounts made on this desk's register (beside the administrator).
    accounts: std::sync::Mutex<Vec<String>>,
    /// The register is this database on the test server (`CLEARANCE_TRACKER_TEST_PG`), not the
    /// file in the desk's data directory: the app and its command line get its URL.
    server: Option<std::sync::Arc<backend::ServerDb>>,
}

impl Desk {
    pub fn new(locale: &'static str) -> Desk {
        Desk::with_screen(locale, 1280, 800)
    }

    /// A desk whose display has the given size (an office laptop's 1366×768, say); the window
    /// opens at its configured size and [`App::resize`] fits it to the screen.
    pub fn with_screen(locale: &'static str, width: u32, height: u32) -> Desk {
        let screen = format!("{width}x{height}x24");
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", &screen, "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (scripts/install-deps.sh installs it)");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().expect("Xvfb stdout")).read_line(&mut line).expect("Xvfb display number");
        let desk = Desk {
            xvfb,
            display: format!(":{}", line.trim()),
            data: tempfile::tempdir().expect("temp dir"),
            locale,
            seam: true,
            admin: Some(ADMIN.to_owned()),
            prepared: std::sync::atomic::AtomicBool::new(false),
            idle_seconds: None,
            accounts: std::sync::Mutex::new(Vec::new()),
            server: None,
        };
        desk.cancel_dialog();
        std::fs::write(desk.password_file(), format!("{PASSWORD}\n")).expect("write the password file");
        desk
    }

    /// The register is prepared with this administrator instead of [`ADMIN`] (an English desk's
    /// "Ann Lee"); the window signs in as it.
    pub fn with_admin(mut self, name: &str) -> Desk {
        self.admin = Some(name.to_owned());
        self
    }

    /// The desk's register is a fresh database of its own on the test server
    /// (`CLEARANCE_TRACKER_TEST_PG`), which the window and the command line are given as
    /// `CLEARANCE_TRACKER_DB` (its address without a user or a password; the administrator's
    /// login role is made by the server's administrator); `None`, with the reason printed, when
    /// the tests run on SQLite (the
    /// test then returns): `let Some(desk) = Desk::new("zh_CN.UTF-8").on_server() else { return };`
    pub fn on_server(mut self) -> Option<Desk> {
        let Some(db) = backend::ServerDb::create() else {
            eprintln!("skipped: a test of the office server ({} is not set)", backend::ENV);
            return None;
        };
        self.server = Some(std::sync::Arc::new(db));
        Some(self)
    }

    /// This desk works on the same server database as `other` (a second clerk's computer): its
    /// register is prepared already, so nothing is created here.
    pub fn sharing_server_of(mut self, other: &Desk) -> Desk {
        self.server = other.server.clone();
        self.prepared.store(true, std::sync::atomic::Ordering::SeqCst);
        self
    }

    /// The test server's database of this desk ([`Desk::on_server`]): its URL (as the server's
    /// administrator; `url_as` for another login role) and `psql` on it.
    #[allow(dead_code)] // for a test that looks at the server's database behind the window
    pub fn server(&self) -> Option<&backend::ServerDb> {
        self.server.as_deref()
    }

    /// No account is prepared: the window finds a plain register with no account and asks for
    /// the first one.
    pub fn first_start(mut self) -> Desk {
        self.admin = None;
        self
    }

    /// The window locks after `seconds` without activity (instead of the register's minutes).
    pub fn with_idle_seconds(mut self, seconds: u32) -> Desk {
        self.idle_seconds = Some(seconds);
        self
    }

    /// The administrator the register was prepared with.
    pub fn admin(&self) -> &str {
        self.admin.as_deref().expect("a desk prepared with an administrator")
    }

    /// The file holding [`PASSWORD`] (`CLEARANCE_TRACKER_PASSWORD_FILE`, `--password-file`).
    pub fn password_file(&self) -> PathBuf {
        self.data.path().join("password")
    }

    /// Creates the administrator's account on the register, once, before anything else reads it.
    /// A first-start desk gets a plain register with no account (the command line creates it
    /// while it refuses a command for want of an account): the window then starts at the first
    /// account, after the register's own questions (a passphrase or none), which are not asked
    /// of a register that exists.
    fn prepare(&self) {
        if self.prepared.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let Some(admin) = &self.admin else {
            let _ = self.env(&mut Command::new(APP)).args(["settings", "show"]).output().expect("run the binary");
            assert!(self.server.is_some() || self.db_path().exists(), "the command line made no plain register");
            return;
        };
        // On the server, the administrator's login role is made by the server's administrator
        // (the address with its user and password, beating the environment's address).
        let server_admin: Vec<String> = self.server.iter().flat_map(|db| ["--db".to_owned(), db.url.clone()]).collect();
        let out = self
            .env(&mut Command::new(APP))
            .env("CLEARANCE_TRACKER_PASSWORD_FILE", self.password_file())
            .args(&server_admin)
            .args(["account", "create", admin, "--role", "admin"])
            .output()
            .expect("run the binary");
        assert!(out.status.success(), "account create {admin}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Another account on the register, created by the administrator, with [`PASSWORD`]: `role`
    /// is clerk, approver, auditor or admin.
    pub fn account(&self, name: &str, role: &str) {
        let file = self.password_file();
        self.cli(&["account", "create", name, "--role", role, "--password-file", file.to_str().expect("a UTF-8 path")]);
        self.accounts.lock().expect("the desk's accounts").push(name.to_owned());
    }

    /// 张三 (S0001, general, 机要室) with a passport in the safe, added by the administrator on
    /// the command line, the register speaking Chinese: a trip can be requested for him.
    pub fn person_with_passport(&self) {
        self.cli(&["settings", "language", "zh-CN"]);
        self.cli(&[
            "person",
            "add",
            "--name",
            "张三",
            "--staff-no",
            "S0001",
            "--id-number",
            "440304198506171238",
            "--unit",
            "机要室",
            "--level",
            "general",
            "--json",
        ]);
        self.cli(&[
            "doc",
            "add",
            "S0001",
            "--kind",
            "passport",
            "--number",
            "E12345678",
            "--issued",
            "2024-01-05",
            "--expires",
            "2034-01-04",
            "--location",
            "保险柜1-3号格",
            "--json",
        ]);
    }

    /// Makes sure `name` can sign in on the command line: the administrator, an account made
    /// before, or else a new administrator (for a test that prepares entries by several people).
    pub fn ensure_account(&self, name: &str) {
        if self.admin.as_deref() == Some(name) || self.accounts.lock().expect("the desk's accounts").iter().any(|a| a == name) {
            return;
        }
        self.account(name, "admin");
    }

    /// The file whose content answers the app's file dialogs on this desk (the app's
    /// `CLEARANCE_TRACKER_TEST_DIALOG`): no dialog is shown while tests run.
    fn dialog_file(&self) -> PathBuf {
        self.data.path().join("dialog-answer")
    }

    /// The next file dialogs (open, save or folder) answer with `path`, as if the clerk had chosen
    /// it; write it before the click that opens the dialog.
    pub fn answer_dialog(&self, path: impl AsRef<Path>) {
        std::fs::write(self.dialog_file(), path.as_ref().display().to_string()).expect("write the dialog's answer");
    }

    /// The app shows the system's real file dialogs on this desk (no test seam): for a test that
    /// looks at the dialog itself on the display.
    pub fn with_real_dialogs(mut self) -> Desk {
        self.seam = false;
        self
    }

    /// The X display of this desk (`:N`).
    pub fn display(&self) -> &str {
        &self.display
    }

    /// The next file dialogs are cancelled (the default).
    pub fn cancel_dialog(&self) {
        std::fs::write(self.dialog_file(), "").expect("write the dialog's answer");
    }

    /// Printing on this desk answers as on a computer with no printer set up (`false`), or is
    /// recorded in [`Desk::viewer_log`] (`true`, the default).
    pub fn printer(&self, set_up: bool) {
        let marker = self.data.path().join("dialog-answer.no-printer");
        if set_up {
            let _ = std::fs::remove_file(marker);
        } else {
            std::fs::write(marker, "").expect("mark the desk as having no printer");
        }
    }

    /// What the app handed to the system's viewer or printer on this desk, one `open PATH` or
    /// `print PATH` a line.
    pub fn viewer_log(&self) -> String {
        std::fs::read_to_string(self.data.path().join("dialog-answer.log")).unwrap_or_default()
    }

    /// Starts the app, connects to its window and signs in as the desk's administrator, answering
    /// the first-start questions if the register asks them (a test office's name, the policy and
    /// print language as offered). A session that cannot be created (another test's driver took
    /// the free port between its check and its use; the app was slow to come up on a busy
    /// machine) is retried with new ports.
    pub async fn open(&self) -> App {
        self.open_with(&[]).await
    }

    /// [`Desk::open`] with command-line arguments before any subcommand (`--read-only`,
    /// `--db PATH`), which tauri-driver hands to the binary (`tauri:options.args`).
    pub async fn open_with(&self, args: &[&str]) -> App {
        let app = self.open_signed_out_with(args).await;
        app.sign_in(self.admin(), PASSWORD).await;
        app.answer_first_start().await;
        app
    }

    /// [`Desk::open`], signed in as another account (made with [`Desk::account`]).
    pub async fn open_as(&self, name: &str) -> App {
        let app = self.open_signed_out().await;
        app.sign_in(name, PASSWORD).await;
        app.answer_first_start().await;
        app
    }

    /// Starts the app and connects to its window, signing in as nobody: the window shows the
    /// sign-in screen (or the first account's, or why the register could not be opened).
    pub async fn open_signed_out(&self) -> App {
        self.open_signed_out_with(&[]).await
    }

    pub async fn open_signed_out_with(&self, args: &[&str]) -> App {
        self.prepare();
        let mut last = String::new();
        for _ in 0..3 {
            match self.try_open(args).await {
                Ok(app) => return app,
                Err(e) => last = e,
            }
        }
        panic!("WebDriver session with the app: {last}")
    }

    /// Starts tauri-driver and the app, and connects to the window; `Err` with the driver stopped.
    async fn try_open(&self, args: &[&str]) -> Result<App, String> {
        let port = free_port();
        let native = free_port();
        let driver_bin = which_tauri_driver();
        let mut driver = self
            .env(&mut Command::new(driver_bin))
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &self.display)
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver (scripts/install-deps.sh installs it)");
        wait_for_port(port);
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": APP, "args": args }));
        // A session that never answers (the app stuck before its window mapped) is retried like
        // one refused, rather than stalling the whole run.
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        let client = match tokio::time::timeout(CONNECT_WAIT, builder.connect(&url)).await {
            Ok(client) => client.map_err(|e| e.to_string()),
            Err(_) => Err(format!("no WebDriver session after {CONNECT_WAIT:?}")),
        };
        match client {
            Ok(client) => Ok(App { client, driver }),
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                Err(e)
            }
        }
    }

    /// The environment the app runs in on this desk: its own data directory and locale.
    fn env<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command
            .env("XDG_DATA_HOME", self.data.path())
            .env("XDG_CONFIG_HOME", self.data.path().join("config"))
            .env("XDG_CACHE_HOME", self.data.path().join("cache"))
            .env("LANG", self.locale)
            .env("LC_ALL", self.locale)
            .env("CLEARANCE_TRACKER_TEST_DIALOG", if self.seam { self.dialog_file() } else { PathBuf::new() })
            // A wrong password waits a second before it is refused; tests need not.
            .env("CLEARANCE_TRACKER_TEST_SIGN_IN_DELAY_MS", "50")
            .env("CLEARANCE_TRACKER_IDLE_SECONDS", self.idle_seconds.map(|s| s.to_string()).unwrap_or_default())
            .env_remove("CLEARANCE_TRACKER_DB")
            // The server's address without a user or password: the window asks who signs in,
            // the command line takes `--user` and the password file.
            .envs(self.server.as_ref().map(|db| ("CLEARANCE_TRACKER_DB", db.address())))
            .env_remove("CLEARANCE_TRACKER_USER")
            .env_remove("CLEARANCE_TRACKER_PASSWORD_FILE")
            .env_remove("CLEARANCE_TRACKER_KEY_FILE")
    }

    /// Runs the same binary as a command line on this desk's register (the one the window opens
    /// without `--db`), signed in as the desk's administrator; panics with its message unless it
    /// succeeds. For preparing a register before the window opens on it.
    pub fn cli(&self, args: &[&str]) -> String {
        self.cli_as(self.admin(), args)
    }

    /// [`Desk::cli`] signed in as another account (made with [`Desk::account`]).
    pub fn cli_as(&self, user: &str, args: &[&str]) -> String {
        let out = self.cli_output(user, args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The command line's whole answer (for a test of a refusal).
    pub fn cli_output(&self, user: &str, args: &[&str]) -> std::process::Output {
        self.prepare();
        self.env(&mut Command::new(APP))
            .env("CLEARANCE_TRACKER_PASSWORD_FILE", self.password_file())
            .args(["--user", user])
            .args(args)
            .output()
            .expect("run the binary")
    }

    pub fn db_path(&self) -> PathBuf {
        self.data.path().join("org.clearance-tracker.dev").join("register.db")
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < WAIT, "tauri-driver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn which_tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let candidate = home.join(".cargo/bin/tauri-driver");
    if candidate.exists() {
        candidate
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// The text as rendered. WebKitWebDriver's "element text" comes back empty for some styled inline
/// elements, so read the DOM's innerText instead.
pub async fn inner_text(el: &Element) -> String {
    el.prop("innerText").await.ok().flatten().unwrap_or_default()
}

/// One running app and the WebDriver session on its window.
pub struct App {
    pub client: Client,
    driver: Child,
}

pub fn css(sel: &str) -> Locator<'_> {
    Locator::Css(sel)
}

pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl App {
    pub async fn find(&self, testid: &str) -> Element {
        self.client.wait().at_most(WAIT).for_element(css(&tid(testid))).await.unwrap_or_else(|e| panic!("no {testid}: {e}"))
    }

    pub async fn find_all(&self, selector: &str) -> Vec<Element> {
        self.client.find_all(css(selector)).await.expect("find_all")
    }

    pub async fn click(&self, testid: &str) {
        self.find(testid).await.click().await.unwrap_or_else(|e| panic!("click {testid}: {e}"));
    }

    pub async fn type_into(&self, testid: &str, text: &str) {
        let el = self.find(testid).await;
        el.clear().await.expect("clear");
        el.send_keys(text).await.unwrap_or_else(|e| panic!("type into {testid}: {e}"));
    }

    pub async fn select(&self, testid: &str, value: &str) {
        let el = self.find(testid).await;
        el.select_by_value(value).await.unwrap_or_else(|e| panic!("select {value} in {testid}: {e}"));
    }

    pub async fn text(&self, testid: &str) -> String {
        inner_text(&self.find(testid).await).await
    }

    /// Waits until `check` holds for the text of `testid`.
    pub async fn wait_text(&self, testid: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            if let Ok(el) = self.client.find(css(&tid(testid))).await {
                if let Ok(Some(t)) = el.prop("innerText").await {
                    if check(&t) {
                        return t;
                    }
                    if start.elapsed() > WAIT {
                        self.screenshot(&artifact(&format!("failed-{testid}.png"))).await;
                        panic!("{testid} still reads {t:?} (screenshot in test-artifacts/)");
                    }
                }
            }
            if start.elapsed() > WAIT {
                self.screenshot(&artifact(&format!("failed-{testid}.png"))).await;
                let screen = self.client.execute("return document.body.innerText", vec![]).await.ok();
                let screen = screen.as_ref().and_then(|v| v.as_str()).unwrap_or_default().replace('\n', " | ");
                panic!("{testid} never appeared (screenshot in test-artifacts/): {screen}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The current value of the input `testid`.
    pub async fn value(&self, testid: &str) -> String {
        self.find(testid).await.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Waits until `check` holds for the value of the input `testid` (screens fill their fields
    /// once the backend answers, after the field is already on screen).
    pub async fn wait_value(&self, testid: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let value = self.value(testid).await;
            if check(&value) {
                return value;
            }
            if start.elapsed() > WAIT {
                self.screenshot(&artifact(&format!("failed-{testid}.png"))).await;
                panic!("{testid} still holds {value:?} (screenshot in test-artifacts/)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `selector` matches exactly `n` elements.
    pub async fn wait_count(&self, selector: &str, n: usize) -> Vec<Element> {
        let start = Instant::now();
        loop {
            let found = self.find_all(selector).await;
            if found.len() == n {
                return found;
            }
            assert!(start.elapsed() < WAIT, "{selector}: {} elements, expected {n}", found.len());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the page so that `testid` stands in the middle of the window (for a screenshot).
    pub async fn scroll_to(&self, testid: &str) {
        let script = format!("document.querySelector('[data-testid=\"{testid}\"]').scrollIntoView({{ block: 'center' }})");
        self.client.execute(&script, vec![]).await.unwrap();
    }

    pub async fn is_present(&self, testid: &str) -> bool {
        !self.find_all(&tid(testid)).await.is_empty()
    }

    /// Saves a screenshot after the page has painted (a WebDriver screenshot can lag a frame).
    pub async fn screenshot(&self, path: &Path) {
        // Bounded here: WebKitWebDriver does not always enforce the script timeout, and a window
        // that does not paint would otherwise hold the test forever.
        let painted = self
            .client
            .execute_async("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));", vec![]);
        let _ = tokio::time::timeout(Duration::from_secs(5), painted).await;
        let png = self.client.screenshot().await.expect("screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    /// Sets the window's outer size (there is no window manager: it sits at the top left).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_rect(0, 0, width, height).await.expect("resize the window");
    }

    /// Signs in on the sign-in screen (issue 14) and waits until the window goes on: to the
    /// first-start questions, or to the app with the account shown in the sidebar.
    pub async fn sign_in(&self, name: &str, password: &str) {
        self.find("sign-in").await;
        self.type_into("sign-in-name", name).await;
        self.type_into("sign-in-password", password).await;
        self.click("sign-in-submit").await;
        let start = Instant::now();
        loop {
            if self.is_present("first-start").await {
                return;
            }
            if let Ok(el) = self.client.find(css(&tid("operator-current"))).await {
                if inner_text(&el).await.contains(name) {
                    return;
                }
            }
            if start.elapsed() > WAIT {
                self.screenshot(&artifact(&format!("failed-sign-in-{name}.png"))).await;
                let refused = match self.client.find(css(&tid("sign-in-error"))).await {
                    Ok(el) => inner_text(&el).await,
                    Err(_) => String::new(),
                };
                panic!("{name} did not sign in: {refused:?} (screenshot in test-artifacts/)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Answers the first-start questions when the window asks them: a test office's name (when
    /// the register names none yet), the policy and the print language as offered.
    pub async fn answer_first_start(&self) {
        if !self.is_present("first-start").await {
            return;
        }
        let office = self.find("setup-office-name").await;
        if office.prop("value").await.ok().flatten().unwrap_or_default().trim().is_empty() {
            office.send_keys("测试单位保密办公室").await.expect("type the office's name");
        }
        self.click("operator-save").await;
        self.find("operator-current").await;
    }

    /// Signs out from the account dialog (the window goes back to the sign-in screen).
    pub async fn sign_out(&self) {
        self.click("account-open").await;
        self.click("sign-out").await;
        self.click("sign-out-confirm").await;
        self.find("sign-in").await;
    }

    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(15), self.client.clone().close()).await;
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it.
        let _ = Command::new("kill").arg("-TERM").arg(self.driver.id().to_string()).status();
        let start = Instant::now();
        while self.driver.try_wait().ok().flatten().is_none() && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Where tests leave screenshots for people to look at.
pub fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts").join(name)
}
