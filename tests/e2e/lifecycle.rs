//! The lifecycle in the window: onboarding step by step, a refused "on duty" with a step
//! missing, on duty, departure and the decommissioning end date with its rule.

use chrono::Months;

use crate::harness::{artifact, tid, App, Desk};

pub(crate) async fn add_core_person(app: &App) {
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "张三").await;
    app.type_into("field-staff_no", "S0001").await;
    app.type_into("field-id_number", "440304198506171238").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "core").await;
    app.click("person-save").await;
    // The new person opens on their page (issue 13).
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.find("lifecycle").await;
}

/// Records a step of the checklist as done today (the dialog's default date).
async fn record(app: &App, step: &str) {
    app.click(&format!("step-record-{step}")).await;
    app.find("lifecycle-dialog").await;
    app.click("lifecycle-save").await;
    app.wait_text(&format!("step-done-{step}"), |t| t.contains("20")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn onboard_refuse_put_on_duty_depart_and_see_the_decommissioning_end() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    app.find("empty-register").await;
    add_core_person(&app).await;

    // Onboarding: every step shows its due date (the planned start) and the rule behind it.
    app.wait_text("timeline-onboarding", |t| t.contains("上岗")).await;
    let due = app.find("step-due-security_review").await;
    assert!(due.attr("title").await.unwrap().unwrap_or_default().contains("onboarding"), "the due date names its rule");
    record(&app, "security_review").await;
    record(&app, "initial_training").await;

    // "On duty" with the commitment missing: the backend says so before anything is tried, the
    // dialog names the step and asks for a written reason; without one it is refused.
    app.click("lifecycle-on-duty").await;
    app.find("lifecycle-dialog").await;
    let missing = app.wait_text("duty-reasons", |t| !t.is_empty()).await;
    assert!(missing.contains("尚未完成") && missing.contains("保密承诺书"), "{missing}");
    assert!(app.is_present("field-override-reason").await, "an override with a written reason is offered");
    app.click("lifecycle-save").await; // no reason: refused, nothing written
    app.wait_text("error-override_reason", |t| !t.is_empty()).await;
    app.screenshot(&artifact("lifecycle-refused.png")).await;
    app.find("lifecycle-dialog").await;
    // Close with Escape-equivalent: the cancel button.
    app.find_all(&format!("{} .dialog-footer .btn", tid("lifecycle-dialog"))).await[0].click().await.unwrap();

    record(&app, "commitment").await;
    app.screenshot(&artifact("lifecycle-onboarding.png")).await;
    app.click("lifecycle-on-duty").await;
    app.click("lifecycle-save").await;
    app.wait_text("timeline-on_duty", |t| t.contains("20")).await;
    // On duty: the recurring obligations, each with its next due date.
    app.find("step-due-re_review").await;
    app.screenshot(&artifact("lifecycle-on-duty.png")).await;

    // Departure: leave the organisation today, do the departure steps, start decommissioning.
    app.click("lifecycle-depart").await;
    app.select("field-departure-kind", "leave_organisation").await;
    app.click("lifecycle-save").await;
    app.wait_text("timeline-departing", |t| t.contains("20")).await;
    // The decommissioning period waits for the departure steps: no button, the reason instead.
    assert!(!app.is_present("lifecycle-decommission").await);
    app.wait_text("lifecycle-decommission-blocked", |t| t.contains("尚未完成")).await;
    app.screenshot(&artifact("lifecycle-departing.png")).await;
    for step in ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"] {
        record(&app, step).await;
    }
    app.click("lifecycle-decommission").await;
    let range = app.wait_text("decom-range", |t| !t.is_empty()).await;
    assert!(range.contains("2 年") && range.contains("3 年"), "{range}");
    app.click("lifecycle-save").await;

    // Core level, default upper bound: three years from the departure date.
    let today = chrono::Local::now().date_naive();
    let end = (today + Months::new(36)).format("%Y-%m-%d").to_string();
    app.wait_text("decommissioning-end", |t| t == end).await;
    let rule = app.find("decommissioning-end").await.attr("title").await.unwrap().unwrap_or_default();
    assert!(rule.contains("decommissioning.core"), "{rule}");
    app.wait_text("timeline-decommissioning", |t| t.contains("脱密期")).await;
    app.screenshot(&artifact("lifecycle-decommissioning.png")).await;

    // The people table filters by stage.
    app.click("back-to-people").await;
    app.select("filter-stage", "decommissioning").await;
    app.wait_count(&tid("person-row"), 1).await;
    app.select("filter-stage", "on_duty").await;
    app.wait_count(&tid("person-row"), 0).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_training_session_for_many_people() {
    let desk = Desk::new("en_US.UTF-8").with_admin("Ann Lee");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    app.click("load-sample").await;
    app.click("sample-confirm-load").await; // the sample is asked for first (issue 13)
    app.wait_count(&tid("person-row"), 50).await;
    app.click("nav-training").await;
    app.find("training-screen").await;
    app.type_into("training-topic", "Law of 2024").await;
    let boxes = app.wait_count(&format!("{} input[type=checkbox]", tid("training-screen")), 60).await;
    for b in boxes.iter().take(3) {
        b.click().await.unwrap();
    }
    app.wait_text("training-count", |t| t.contains('3')).await;
    app.screenshot(&artifact("training.png")).await;
    app.click("training-save").await;
    app.wait_text("training-saved", |t| t.contains('3')).await;
    app.quit().await;
}
