//! The lifecycle on a real register: refusals write nothing, overrides are audited with their
//! reason, a training session for many people is one transaction, the policy drives the levels.

use chrono::NaiveDate;
use clearance_domain::lifecycle::{DepartureKind, PersonalEvent, ReturnedItem, Stage, TrainingSession, Transition};
use clearance_domain::person::PersonId;
use clearance_domain::register::PeopleQuery;

use super::{audit_count, li_si, register, who, zhang_san};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 27);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

#[tokio::test]
async fn a_refused_transition_writes_nothing() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.record_step(who(&r.office, "S0001").await, "security_review", today(), "").await.unwrap();
    let rows = r.office.store().lifecycle_row_count().await.unwrap();
    let audits = audit_count(&r).await;

    let refused =
        r.office.advance(who(&r.office, "S0001").await, &Transition::StartDuty { date: today(), override_reason: None }).await.unwrap_err();
    let api = refused.to_api(clearance_domain::Lang::En);
    assert_eq!(api.code, "lifecycle.step_missing");
    // Both missing steps are named, in policy order.
    let fields: Vec<_> = api.errors.iter().filter_map(|e| e.field.clone()).collect();
    assert_eq!(fields, ["initial_training", "commitment"]);

    assert_eq!(r.office.store().lifecycle_row_count().await.unwrap(), rows, "no lifecycle row written");
    assert_eq!(audit_count(&r).await, audits, "no audit entry written");
    assert_eq!(r.office.lifecycle(who(&r.office, "S0001").await).await.unwrap().stage, Stage::Onboarding);
}

#[tokio::test]
async fn an_override_writes_its_reason_to_the_audit_trail() {
    let r = register().await;
    let p = r.office.add_person(&zhang_san()).await.unwrap();
    let reason = "急需上岗,培训于下周补办";
    let view = r
        .office
        .advance(who(&r.office, "S0001").await, &Transition::StartDuty { date: today(), override_reason: Some(reason.into()) })
        .await
        .unwrap();
    assert_eq!(view.stage, Stage::OnDuty);
    assert_eq!(view.state.on_duty_override.as_ref().unwrap().reason, reason);
    // The missing onboarding steps stay on the checklist while on duty.
    assert!(view.steps.iter().any(|s| s.stage == Stage::Onboarding && s.step_id == "security_review"));

    let entries = r.office.store().audit_for_person(p.id).await.unwrap();
    let last = entries.first().unwrap(); // newest first
    assert_eq!(last.action, "lifecycle.on_duty_override");
    let new: serde_json::Value = serde_json::from_str(last.new.as_deref().unwrap()).unwrap();
    assert_eq!(new["override_reason"], reason);
    assert_eq!(new["missing_steps"], serde_json::json!(["security_review", "initial_training", "commitment"]));
    assert_eq!(r.office.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_person_goes_through_every_stage_with_dates_and_rules() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // Onboarding steps are due by the planned start (27 Dec 2026), a fixed date.
    let view = r.office.lifecycle(who(&r.office, "S0001").await).await.unwrap();
    let review = view.steps.iter().find(|s| s.step_id == "security_review").unwrap();
    assert_eq!(review.due.as_ref().unwrap().date, day(2026, 12, 27));
    assert!(!review.due.as_ref().unwrap().rule_id.is_empty());

    for step in ["security_review", "initial_training", "commitment"] {
        r.office.record_step(who(&r.office, "S0001").await, step, today(), "").await.unwrap();
    }
    let view =
        r.office.advance(who(&r.office, "S0001").await, &Transition::StartDuty { date: today(), override_reason: None }).await.unwrap();
    assert_eq!(view.stage, Stage::OnDuty);
    // Recurring obligations each have a next due date and the rule behind it.
    assert!(view.steps.iter().all(|s| s.recurring && s.due.as_ref().is_some_and(|d| d.rule_id.starts_with("on_duty."))));

    let view = r
        .office
        .advance(who(&r.office, "S0001").await, &Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: today() })
        .await
        .unwrap();
    assert_eq!(view.stage, Stage::Departing);
    // Core level: 2 to 3 years from the departure date; the default is the upper bound.
    let options = view.decommissioning_options.unwrap();
    assert_eq!((options.min_end, options.max_end), (day(2028, 11, 27), day(2029, 11, 27)));

    // Items still out keep the checklist step open.
    let item = ReturnedItem {
        item: "涉密笔记本电脑".into(),
        classification: "机密".into(),
        number: "BJ-0042".into(),
        received_by: String::new(),
        returned_on: None,
    };
    r.office.set_returned_items(who(&r.office, "S0001").await, std::slice::from_ref(&item)).await.unwrap();
    for step in ["reminder_talk", "departure_commitment", "access_revoked"] {
        r.office.record_step(who(&r.office, "S0001").await, step, today(), "").await.unwrap();
    }
    // The returned-items step cannot be recorded while the laptop is out: the refusal names it
    // and writes nothing.
    let audits = audit_count(&r).await;
    let refused = r.office.record_step(who(&r.office, "S0001").await, "returned_items", today(), "").await.unwrap_err();
    assert_eq!(refused.code(), "lifecycle.items_not_returned");
    assert!(refused.to_api(clearance_domain::Lang::ZhCn).message.contains("涉密笔记本电脑(编号 BJ-0042)"));
    assert_eq!(audit_count(&r).await, audits);
    let refused = r
        .office
        .advance(who(&r.office, "S0001").await, &Transition::StartDecommissioning { period: None, receiving_organisation: None })
        .await
        .unwrap_err();
    let codes: Vec<String> = refused.to_api(clearance_domain::Lang::En).errors.into_iter().map(|e| e.code).collect();
    assert_eq!(codes, ["lifecycle.step_missing"], "the returned-items step is not done while an item is out");
    let back = ReturnedItem { received_by: "王芳".into(), returned_on: Some(today()), ..item };
    r.office.set_returned_items(who(&r.office, "S0001").await, &[back]).await.unwrap();
    r.office.record_step(who(&r.office, "S0001").await, "returned_items", today(), "").await.unwrap();

    let view = r
        .office
        .advance(
            who(&r.office, "S0001").await,
            &Transition::StartDecommissioning { period: None, receiving_organisation: Some("市保密局".into()) },
        )
        .await
        .unwrap();
    let d = view.state.decommissioning.clone().unwrap();
    assert_eq!(d.end(), day(2029, 11, 27));
    assert_eq!(d.rule_id, "decommissioning.core");
    assert_eq!(view.stage, Stage::Decommissioning);

    // The stage filter of the people table.
    let q = |stage| PeopleQuery { stage: Some(stage), ..Default::default() };
    assert_eq!(r.office.people(&q(Stage::Decommissioning)).await.unwrap().total, 1);
    assert_eq!(r.office.people(&q(Stage::Onboarding)).await.unwrap().total, 0);

    // Release is refused before the end of the period.
    let refused = r.office.advance(who(&r.office, "S0001").await, &Transition::Release { date: today() }).await.unwrap_err();
    assert_eq!(refused.code(), "lifecycle.not_ended");
}

#[tokio::test]
async fn training_for_many_people_is_one_transaction() {
    let r = register().await;
    let zhang = r.office.add_person(&zhang_san()).await.unwrap().id;
    let li = r.office.add_person(&li_si()).await.unwrap().id;
    let session = TrainingSession { date: today(), topic: "保密法宣贯".into(), hours: 4, category: "security".into() };

    // One unknown attendee refuses the whole session: nothing for anyone.
    let rows = r.office.store().lifecycle_row_count().await.unwrap();
    let audits = audit_count(&r).await;
    let refused = r.office.add_training(&session, &[zhang, li, PersonId::from_stored(9999)]).await.unwrap_err();
    assert!(refused.is_user_error());
    assert_eq!(r.office.store().lifecycle_row_count().await.unwrap(), rows);
    assert_eq!(audit_count(&r).await, audits);

    let n = r.office.add_training(&session, &[zhang, li]).await.unwrap();
    assert_eq!(n, 2);
    // One session, two attendances: the initial-training step (category security) is done for both.
    assert_eq!(r.office.store().lifecycle_row_count().await.unwrap(), rows + 3);
    assert_eq!(audit_count(&r).await, audits + 2);
    for id in [zhang, li] {
        let v = r.office.lifecycle(id).await.unwrap();
        assert_eq!(v.steps.iter().find(|s| s.step_id == "initial_training").unwrap().done_on, Some(today()));
    }

    let unknown = TrainingSession { category: "cooking".into(), ..session };
    assert_eq!(r.office.add_training(&unknown, &[zhang]).await.unwrap_err().code(), "training.unknown_category");
}

#[tokio::test]
async fn personal_events_are_recorded_and_checked() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let event =
        PersonalEvent { kind: "配偶移居境外".into(), date: today(), action_taken: "已谈话".into(), recorded_by: String::new() };
    let view = r.office.add_personal_event(who(&r.office, "S0001").await, &event).await.unwrap();
    assert_eq!(view.events.len(), 1);
    assert_eq!(view.events[0].recorded_by, "王芳");
    let future = PersonalEvent { date: day(2027, 1, 1), ..event };
    assert_eq!(r.office.add_personal_event(who(&r.office, "S0001").await, &future).await.unwrap_err().code(), "date.future");
}

#[tokio::test]
async fn the_policy_selected_drives_levels_and_a_bad_file_keeps_the_previous_one() {
    let r = register().await;
    assert_eq!(r.office.policy_info().await.unwrap().id, "prc-2024");
    let info = r.office.select_policy("us-nispom").await.unwrap();
    assert_eq!(info.id, "us-nispom");
    assert!(info.levels.iter().any(|l| l.id.as_str() == "top_secret"), "{:?}", info.levels);
    assert!(r.office.info().await.unwrap().levels.iter().all(|l| l.id.as_str() != "core"));

    // A broken file: refused with its line, and the US policy stays in force.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let text = clearance_domain::policy::Policy::builtin_text("prc-2024").unwrap().replacen("lead_days = 30", "lead_days = \"thirty\"", 1);
    std::fs::write(&path, text).unwrap();
    let err = r.office.load_policy_file(path.to_str().unwrap()).await.unwrap_err();
    let api = err.to_api(clearance_domain::Lang::En);
    assert_eq!(api.code, "policy.file_invalid");
    assert!(api.message.contains("line 16"), "{}", api.message);
    assert_eq!(r.office.policy_info().await.unwrap().id, "us-nispom");

    // A good copy of a shipped file loads as the office's own.
    let good = dir.path().join("ours.toml");
    std::fs::write(&good, clearance_domain::policy::Policy::builtin_text("prc-2024").unwrap()).unwrap();
    let info = r.office.load_policy_file(good.to_str().unwrap()).await.unwrap();
    assert_eq!((info.selected.as_str(), info.id.as_str()), ("custom", "prc-2024"));
    assert_eq!(r.office.add_person(&zhang_san()).await.unwrap().level.as_str(), "core");
}
