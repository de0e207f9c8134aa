//! Accounts, sign-in and roles (issue 14) in the office layer: the role table over the office's
//! own operations, refusals that change nothing but are recorded, passwords and the wait after
//! five failures, the lock, and the shifted "today" recorded beside the real time.

use chrono::NaiveDate;
use clearance_domain::access::{allows, Operation, Role};
use clearance_domain::lifecycle::Transition;
use clearance_domain::register::PeopleQuery;
use clearance_domain::terms::Term;
use clearance_domain::Lang;
use clearance_tracker_lib::office::{Office, SignedIn};

use super::{li_si, register, sqlite_only, zhang_san, Register};

/// The same register as `r`, signed in as `name` with `role` (trusted construction, like the
/// CLI after the password check), today 27 Nov 2026 only for an administrator.
fn as_role(r: &Register, name: &str, role: Role) -> Office {
    let today = (role == Role::Admin).then(|| NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    Office::new(r.office.store().clone(), r.path.display().to_string()).with_today(today).with_account(Some(SignedIn::new(name, role)))
}

/// A desk with nobody signed in, on the real today (what the window starts with).
fn desk(r: &Register) -> Office {
    Office::new(r.office.store().clone(), r.path.display().to_string())
}

async fn actions(r: &Register) -> Vec<String> {
    r.office.store().audit_all().await.unwrap().into_iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn each_role_is_refused_what_the_table_does_not_allow_and_the_refusal_is_recorded() {
    let r = register().await;
    let zhang = r.office.add_person(&zhang_san()).await.unwrap();
    for role in [Role::Clerk, Role::Approver, Role::Auditor] {
        let office = as_role(&r, "测试员", role);
        let before = r.office.store().audit_all().await.unwrap().len();
        // One operation of each kind, each refused or allowed as the table says.
        let edited = clearance_domain::person::PersonInput { post: format!("{role:?}"), ..zhang_san() };
        let add = office.update_person(zhang.id, &edited).await;
        assert_eq!(add.is_ok(), allows(role, Operation::EditPeople), "{role:?} edit");
        let backup = office.backup(Some(r.path.parent().unwrap().to_str().unwrap())).await;
        assert_eq!(backup.is_ok(), allows(role, Operation::Backup), "{role:?} backup");
        let accounts = office.accounts().await;
        assert_eq!(accounts.is_ok(), allows(role, Operation::Accounts), "{role:?} accounts");
        let policy = office.select_policy("prc-2024").await;
        assert_eq!(policy.is_ok(), allows(role, Operation::ChangePolicy), "{role:?} policy");
        let reveal = office.reveal_id_number(zhang.id).await;
        assert_eq!(reveal.is_ok(), allows(role, Operation::RevealId), "{role:?} reveal");
        // Reading is every role's.
        assert_eq!(office.people(&PeopleQuery::default()).await.unwrap().total, 1);
        assert!(office.verify_audit().await.is_ok(), "{role:?} verifies the trail");
        let refusals = r.office.store().audit_all().await.unwrap()[before..].iter().filter(|e| e.action == "access.refused").count();
        let expected = [Operation::EditPeople, Operation::Backup, Operation::Accounts, Operation::ChangePolicy, Operation::RevealId]
            .into_iter()
            .filter(|op| !allows(role, *op))
            .count();
        assert_eq!(refusals, expected, "{role:?}: each refusal is an entry");
    }
}

#[tokio::test]
async fn a_refusal_names_the_role_and_what_it_may_not_do_in_both_languages_and_changes_nothing() {
    let r = register().await;
    let auditor = as_role(&r, "审计员甲", Role::Auditor);
    let people = r.office.people(&PeopleQuery::default()).await.unwrap().total;
    let e = auditor.add_person(&zhang_san()).await.unwrap_err();
    assert_eq!(e.code(), "access.refused");
    assert!(e.is_user_error());
    assert_eq!(e.to_api(Lang::ZhCn).message, "审计员无权执行此操作:新增和修改人员");
    assert_eq!(e.to_api(Lang::En).message, "Not allowed for the role Auditor: add and edit people");
    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, people, "nothing written");
    let last = r.office.clone().with_lang(Some(Lang::ZhCn)).audit_page(0, 1).await.unwrap().entries.remove(0);
    assert_eq!((last.action.as_str(), last.operator.as_str()), ("access.refused", "审计员甲"));
    let words: Vec<String> = last.changes.iter().map(|c| format!("{}={}", c.label, c.new.clone().unwrap_or_default())).collect();
    assert!(words.contains(&"被拒绝的操作=新增和修改人员".to_owned()) && words.contains(&"角色=审计员".to_owned()), "{words:?}");
}

#[tokio::test]
async fn a_clerk_records_but_only_an_approver_overrides_a_missing_onboarding_step() {
    let r = register().await;
    let zhang = r.office.add_person(&zhang_san()).await.unwrap().id;
    let on_duty =
        Transition::StartDuty { date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), override_reason: Some("急需上岗".into()) };
    let clerk = as_role(&r, "经办人甲", Role::Clerk).with_today(None).with_lang(Some(Lang::En));
    // The person page does not offer the clerk the override: the action is blocked with why.
    let offer = |view: clearance_tracker_lib::office::LifecycleView| {
        view.actions
            .into_iter()
            .find(|a| a.action == clearance_domain::lifecycle::LifecycleAction::StartDuty)
            .expect("putting on duty is offered")
    };
    let clerks = offer(clerk.lifecycle(zhang).await.unwrap());
    assert!(!clerks.needs_override_reason);
    assert_eq!(clerks.blocked.as_deref(), Some("Not allowed for the role Clerk: put on duty with a step missing"));
    let approvers = offer(as_role(&r, "审批人甲", Role::Approver).with_today(None).lifecycle(zhang).await.unwrap());
    assert!(approvers.needs_override_reason && approvers.blocked.is_none());
    let e = clerk.advance(zhang, &on_duty).await.unwrap_err();
    assert_eq!(e.code(), "access.refused");
    assert!(e.to_api(Lang::En).message.contains("put on duty with a step missing"), "{}", e.to_api(Lang::En).message);
    assert_eq!(actions(&r).await.last().map(String::as_str), Some("access.refused"));
    let approver = as_role(&r, "审批人甲", Role::Approver);
    // The approver works on the real today; only an administrator shifts it.
    approver.with_today(None).advance(zhang, &on_duty).await.unwrap();
    assert_eq!(actions(&r).await.last().map(String::as_str), Some("lifecycle.on_duty_override"));
}

#[tokio::test]
async fn nobody_signed_in_may_read_or_write_and_nothing_is_recorded() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let before = actions(&r).await.len();
    let desk = desk(&r);
    assert_eq!(desk.people(&PeopleQuery::default()).await.unwrap_err().code(), "session.required");
    assert_eq!(desk.add_person(&li_si()).await.unwrap_err().code(), "session.required");
    let info = desk.info().await.unwrap();
    assert!(info.account.is_none() && info.allowed.is_empty() && info.backup_warning.is_none());
    assert_eq!(actions(&r).await.len(), before);
}

#[tokio::test]
async fn the_first_account_is_an_administrator_created_once_and_signed_in() {
    if sqlite_only("the register's own accounts and passwords (on the office server the server signs roles in)") {
        return;
    }
    let place = crate::Place::new();
    let office = Office::new(place.open().await, place.location());
    assert!(office.info().await.unwrap().needs_account);
    let short = office.create_first_account("王芳", "1234567").await.unwrap_err();
    assert_eq!(short.code(), "account.password_short");
    assert_eq!(short.to_api(Lang::ZhCn).message, "密码至少需要 8 个字符(现为 7 个)");
    assert_eq!(short.to_api(Lang::En).message, "The password must have at least 8 characters (it has 7)");
    let info = office.create_first_account("王芳", "wang-fang-2026").await.unwrap();
    assert!(!info.needs_account);
    let account = info.account.unwrap();
    assert_eq!(
        (account.name.as_str(), account.role, account.role_words.as_str()),
        ("王芳", Role::Admin, Role::Admin.word(office.lang().await))
    );
    assert!(info.allowed.contains(&Operation::Accounts) && info.allowed.contains(&Operation::ApproveTrip), "{:?}", info.allowed);
    assert_eq!(info.idle_lock_minutes, 10);
    // Only while there is none.
    let again = Office::new(office.store().clone(), String::new());
    assert_eq!(again.create_first_account("李四", "li-si-2026-pw").await.unwrap_err().code(), "account.first_exists");
    // The password is kept as an Argon2id PHC string, never as typed.
    let stored = office.store().account("王芳").await.unwrap().unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"), "{}", stored.password_hash);
    assert!(!stored.password_hash.contains("wang-fang-2026"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_after_a_delay_and_from_the_fifth_sign_in_waits() {
    if sqlite_only("the register's own accounts and passwords (on the office server the server signs roles in)") {
        return;
    }
    let r = register().await;
    r.office.create_account("赵磊", Role::Clerk, "zhao-lei-2026").await.unwrap();
    let desk = desk(&r);
    let started = std::time::Instant::now();
    let e = desk.sign_in("赵磊", "wrong-password").await.unwrap_err();
    assert!(started.elapsed() >= std::time::Duration::from_millis(900), "refused after a delay: {:?}", started.elapsed());
    assert_eq!(e.code(), "session.wrong");
    assert_eq!(e.to_api(Lang::En).message, "The account name or the password is not right");
    // An unknown name reads the same: nobody learns which names exist.
    assert_eq!(desk.sign_in("无此人", "whatever-pw").await.unwrap_err().to_api(Lang::En).message, e.to_api(Lang::En).message);
    for _ in 2..=4 {
        assert_eq!(desk.sign_in("赵磊", "wrong-password").await.unwrap_err().code(), "session.wrong");
    }
    let fifth = desk.sign_in("赵磊", "wrong-password").await.unwrap_err();
    assert_eq!(fifth.code(), "session.wait");
    // During the wait even the right password is refused, with the time left.
    let right = desk.sign_in("赵磊", "zhao-lei-2026").await.unwrap_err();
    assert_eq!(right.code(), "session.wait");
    let text = right.to_api(Lang::En).message;
    assert!(text.starts_with("5 failed sign-ins in a row: try again in ") && text.contains("seconds"), "{text}");
    assert!(desk.signed_in().is_none());
    let trail = actions(&r).await;
    assert_eq!(trail.iter().filter(|a| *a == "session.sign_in_failed").count(), 7, "{trail:?}");
    assert_eq!(trail.iter().filter(|a| *a == "session.sign_in_wait").count(), 1, "{trail:?}");
    let account = r.office.accounts().await.unwrap().into_iter().find(|a| a.name == "赵磊").unwrap();
    assert_eq!(account.failed_attempts, 5);
    assert!(account.wait_until.is_some());
    // An administrator setting a new password ends the wait; the success resets the count.
    r.office.set_account_password("赵磊", "zhao-lei-2027").await.unwrap();
    let info = desk.sign_in("赵磊", "zhao-lei-2027").await.unwrap();
    assert_eq!(info.account.unwrap().role, Role::Clerk);
    assert_eq!(r.office.store().account("赵磊").await.unwrap().unwrap().failed_attempts, 0);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_the_last_administrator_stays() {
    if sqlite_only("the register's own accounts and passwords (on the office server the server signs roles in)") {
        return;
    }
    let r = register().await;
    r.office.create_account("王芳", Role::Admin, "wang-fang-2026").await.unwrap();
    r.office.create_account("钱敏", Role::Clerk, "qian-min-2026").await.unwrap();
    let admin = desk(&r);
    admin.sign_in("王芳", "wang-fang-2026").await.unwrap();
    admin.update_account("钱敏", Role::Clerk, true).await.unwrap();
    let e = desk(&r).sign_in("钱敏", "qian-min-2026").await.unwrap_err();
    assert_eq!(e.code(), "session.disabled");
    assert_eq!(e.to_api(Lang::ZhCn).message, "账户“钱敏”已停用,请联系管理员");
    assert_eq!(admin.update_account("王芳", Role::Admin, true).await.unwrap_err().code(), "account.self_disable");
    let e = admin.update_account("王芳", Role::Clerk, false).await.unwrap_err();
    assert_eq!(e.code(), "account.last_admin", "the only active administrator keeps the role");
    assert_eq!(admin.create_account("钱敏", Role::Clerk, "qian-min-2026").await.unwrap_err().code(), "account.exists");
    assert_eq!(admin.create_account("孙丽", Role::Clerk, "short").await.unwrap_err().code(), "account.password_short");
    admin.update_account("钱敏", Role::Approver, false).await.unwrap();
    let info = desk(&r).sign_in("钱敏", "qian-min-2026").await.unwrap();
    assert!(info.allowed.contains(&Operation::ApproveTrip) && !info.allowed.contains(&Operation::Backup));
}

#[tokio::test]
async fn a_locked_session_refuses_everything_until_the_same_password_unlocks_it() {
    if sqlite_only("the register's own accounts and passwords (on the office server the server signs roles in)") {
        return;
    }
    let r = register().await;
    r.office.create_account("钱敏", Role::Clerk, "qian-min-2026").await.unwrap();
    let window = desk(&r);
    window.sign_in("钱敏", "qian-min-2026").await.unwrap();
    let clone = window.clone();
    window.lock().await.unwrap();
    // Every clone of the window's office shares the session.
    assert_eq!(clone.people(&PeopleQuery::default()).await.unwrap_err().code(), "session.locked");
    let info = clone.info().await.unwrap();
    assert!(info.locked && info.allowed.is_empty() && info.account.is_some(), "the account stays known");
    assert_eq!(window.unlock("wrong-password").await.unwrap_err().code(), "session.wrong");
    assert_eq!(r.office.store().account("钱敏").await.unwrap().unwrap().failed_attempts, 1, "a wrong unlock is a failure");
    let info = window.unlock("qian-min-2026").await.unwrap();
    assert!(!info.locked);
    clone.add_person(&zhang_san()).await.unwrap();
    window.sign_out().await.unwrap();
    assert_eq!(clone.people(&PeopleQuery::default()).await.unwrap_err().code(), "session.required");
    let trail = actions(&r).await;
    for action in ["session.sign_in", "session.lock", "session.sign_in_failed", "session.unlock", "person.add", "session.sign_out"] {
        assert!(trail.iter().any(|a| a == action), "{action}: {trail:?}");
    }
    let add = r.office.store().audit_all().await.unwrap().into_iter().find(|e| e.action == "person.add").unwrap();
    assert_eq!(add.operator, "钱敏", "the trail names the account signed in");
}

#[tokio::test]
async fn only_an_administrator_shifts_today_and_the_shifted_day_is_recorded_beside_the_real_time() {
    let r = register().await;
    let shifted = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let clerk = as_role(&r, "经办人甲", Role::Clerk).with_today(Some(shifted));
    let e = clerk.people(&PeopleQuery::default()).await.unwrap_err();
    assert_eq!(e.code(), "access.today");
    assert_eq!(e.to_api(Lang::En).message, "Only an administrator may use --today to work as of another day");
    let admin = r.office.clone().with_today(Some(shifted));
    let p = admin.add_person(&zhang_san()).await.unwrap();
    let entry = r.office.store().audit_all().await.unwrap().into_iter().find(|e| e.action == "person.add").unwrap();
    assert_eq!(entry.as_of, Some(shifted));
    assert_eq!(entry.at.date_naive(), chrono::Utc::now().date_naive(), "the real time");
    assert_eq!(r.office.verify_audit().await.unwrap().first_broken, None, "the day is sealed and verifies");
    let line = r.office.clone().with_lang(Some(Lang::En)).person_history(p.id).await.unwrap().remove(0);
    let recorded = entry.at.with_timezone(&chrono::Local).date_naive();
    assert_eq!(line.as_of_text.as_deref(), Some(format!("recorded on {recorded} as of 2027-01-15").as_str()));
    // An entry made on the real day carries no such day.
    let real = r.office.clone().with_today(None);
    real.add_person(&li_si()).await.unwrap();
    let last = r.office.store().audit_all().await.unwrap().pop().unwrap();
    assert_eq!(last.as_of, None);
}
