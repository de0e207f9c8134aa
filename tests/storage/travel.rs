//! Travel on a real register: a trip from request to closed, the custody log and the audit trail
//! holding every movement, refusals writing nothing, the approver's view for a person in
//! decommissioning. Dates are in November 2026 (no CN holidays): Mon 2 Nov, Tue 10 Nov, Tue 17 Nov,
//! Fri 20 Nov, Fri 27 Nov ("today" of the test register).

use chrono::NaiveDate;
use clearance_domain::lifecycle::{DepartureKind, Transition};
use clearance_domain::travel::document::{DocumentId, DocumentInput, DocumentKind, DocumentStatus, MovementKind};
use clearance_domain::travel::trip::{ApprovalLevel, TripDecisionInput, TripExtensionInput};
use clearance_domain::travel::{TravelConflict, TripId, TripInput, TripKind, TripState};
use clearance_tracker_lib::office::{DocumentAction, Movement, Office, TripAction};

use super::{audit_count, li_si, register, who, zhang_san, Register};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn passport(number: &str, expires: NaiveDate) -> DocumentInput {
    DocumentInput {
        kind: DocumentKind::Passport,
        number: number.into(),
        issued: Some(day(2024, 1, 5)),
        expires: Some(expires),
        notes: String::new(),
    }
}

/// Japan, leaving Mon 2 Nov, back Mon 9 Nov 2026 as planned.
fn to_japan(document: Option<DocumentId>) -> TripInput {
    TripInput {
        destinations: vec!["jp".into()],
        purpose: "探亲".into(),
        kind: Some(TripKind::Private),
        planned_departure: Some(day(2026, 11, 2)),
        planned_return: Some(day(2026, 11, 9)),
        document,
        notes: String::new(),
    }
}

fn approval(date: NaiveDate, level: ApprovalLevel) -> TripAction {
    TripAction::Approve {
        decision: TripDecisionInput {
            by: "李处长".into(),
            date,
            level,
            personnel_opinion: "同意".into(),
            secrecy_office_opinion: "同意,行前须接受保密教育".into(),
            reason: String::new(),
        },
    }
}

fn handed(date: NaiveDate, who: &str) -> Movement {
    Movement { date, counterpart: who.into() }
}

/// Rows in the travel tables and audit entries: a refusal must change neither.
async fn written(r: &Register) -> (i64, i64) {
    (r.office.store().travel_row_count().await.unwrap(), audit_count(r).await)
}

/// Zhang San (general level here) with a passport handed in Thu 1 Oct 2026 and a Japan trip
/// requested Tue 20 Oct, approved Thu 22 Oct, briefed Wed 28 Oct.
async fn briefed_trip(r: &Register) -> (DocumentId, TripId) {
    r.office.add_person(&super::PersonInput { level: "general".into(), ..zhang_san() }).await.unwrap();
    let doc = r
        .office
        .add_document(
            who(&r.office, "S0001").await,
            &passport("E12345678", day(2034, 1, 4)),
            day(2026, 10, 1),
            Some(("保险柜1-3号格", "张三")),
        )
        .await
        .unwrap();
    let view = r.office.request_trip(who(&r.office, "S0001").await, &to_japan(Some(doc.id)), day(2026, 10, 20)).await.unwrap();
    let trip = view.trip.id;
    r.office.act_on_trip(trip, &approval(day(2026, 10, 22), ApprovalLevel::Standard)).await.unwrap();
    let view = r.office.act_on_trip(trip, &TripAction::Brief { date: day(2026, 10, 28), note: "行前保密提醒谈话".into() }).await.unwrap();
    assert_eq!(view.state, TripState::Briefed);
    (doc.id, trip)
}

#[tokio::test]
async fn a_trip_runs_from_request_to_closed_with_a_complete_custody_log_and_audit_trail() {
    let r = register().await;
    let (doc, trip) = briefed_trip(&r).await;

    // Check-out: the earliest day is Mon 26 Oct, 7 days before the departure (policy).
    let view = r.office.trip_view(trip).await.unwrap();
    assert_eq!(view.checkout_from.as_ref().unwrap().date, day(2026, 10, 26));
    assert_eq!(view.checkout_from.as_ref().unwrap().rule_id, "travel.checkout_lead");
    let early = r.office.check_out_document(doc, trip, &handed(day(2026, 10, 25), "张三")).await.unwrap_err();
    assert_eq!(early.code(), "document.checkout_too_early");

    let view = r.office.check_out_document(doc, trip, &handed(day(2026, 10, 30), "张三")).await.unwrap();
    assert_eq!(view.state, TripState::DocumentOut);
    let out = r.office.documents(Some(DocumentStatus::CheckedOut)).await.unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].out_since, Some(day(2026, 10, 30)));

    r.office.act_on_trip(trip, &TripAction::Depart { date: day(2026, 11, 2) }).await.unwrap();
    // Back a day late, Tue 10 Nov: the deadlines count from the ACTUAL return.
    let view = r.office.act_on_trip(trip, &TripAction::Return { date: day(2026, 11, 10) }).await.unwrap();
    assert_eq!(view.state, TripState::Returned);
    assert_eq!(view.report_due.as_ref().unwrap().date, day(2026, 11, 17), "report: 7 days after Tue 10 Nov");
    assert_eq!(view.report_due.as_ref().unwrap().rule_id, "travel.report");
    assert_eq!(view.document_due.as_ref().unwrap().date, day(2026, 11, 20), "document: 10 days after Tue 10 Nov");

    // Closing before the document is back is refused.
    r.office.act_on_trip(trip, &TripAction::Report { date: day(2026, 11, 13), summary: "无异常".into() }).await.unwrap();
    let refused = r.office.act_on_trip(trip, &TripAction::Close { date: day(2026, 11, 13) }).await.unwrap_err();
    assert_eq!(refused.code(), "trip.document_not_returned");

    r.office.move_document(doc, &DocumentAction::Return { location: String::new() }, &handed(day(2026, 11, 12), "张三")).await.unwrap();
    let view = r.office.act_on_trip(trip, &TripAction::Close { date: day(2026, 11, 13) }).await.unwrap();
    assert_eq!(view.state, TripState::Closed);

    // The custody log: every movement, who handled it and who was on the other side.
    let stored = r.office.store().travel_document(doc).await.unwrap().unwrap();
    assert_eq!(stored.status, DocumentStatus::InCustody);
    assert_eq!(stored.location, "保险柜1-3号格", "back to the place it had");
    let log: Vec<(NaiveDate, MovementKind, &str, &str)> =
        stored.movements.iter().map(|m| (m.date, m.kind, m.by.as_str(), m.counterpart.as_str())).collect();
    assert_eq!(
        log,
        [
            (day(2026, 10, 1), MovementKind::Registered, "王芳", ""),
            (day(2026, 10, 1), MovementKind::HandedIn, "王芳", "张三"),
            (day(2026, 10, 30), MovementKind::CheckedOut, "王芳", "张三"),
            (day(2026, 11, 12), MovementKind::ReturnedToCustody, "王芳", "张三"),
        ]
    );
    assert_eq!(stored.movements[2].trip, Some(trip));

    // The audit trail has an entry for every movement and every step of the trip, in order.
    let mut entries = r.office.store().audit_all().await.unwrap();
    entries.retain(|e| e.entity != "person");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "document.register",
            "document.hand_in",
            "trip.request",
            "trip.approve",
            "trip.brief",
            "document.check_out",
            "trip.document_out",
            "trip.depart",
            "trip.return",
            "trip.report",
            "document.return",
            "trip.close",
        ]
    );
    let checkout = entries.iter().find(|e| e.action == "document.check_out").unwrap();
    let new: serde_json::Value = serde_json::from_str(checkout.new.as_deref().unwrap()).unwrap();
    assert_eq!(new["movement"], "checked_out");
    assert_eq!(new["counterpart"], "张三");
    assert_eq!(new["date"], "2026-10-30");
    assert_eq!(new["trip"], trip.get());
    assert_eq!(new["status"], "checked_out");
    assert!(entries.iter().all(|e| e.operator == "王芳" && e.person_id.is_some()));
    assert_eq!(r.office.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn refused_actions_are_user_errors_and_write_nothing() {
    let r = register().await;
    let (doc, trip) = briefed_trip(&r).await;
    r.office.add_person(&li_si()).await.unwrap();
    let lis_doc = r
        .office
        .add_document(
            who(&r.office, "S0002").await,
            &passport("E87654321", day(2034, 1, 4)),
            day(2026, 10, 1),
            Some(("保险柜1-4号格", "李四")),
        )
        .await
        .unwrap();

    let before = written(&r).await;
    let refusals = [
        // Approving twice.
        (r.office.act_on_trip(trip, &approval(day(2026, 10, 23), ApprovalLevel::Standard)).await.unwrap_err(), "trip.already_approved"),
        // Another person's document.
        (r.office.check_out_document(lis_doc.id, trip, &handed(day(2026, 10, 30), "张三")).await.unwrap_err(), "document.other_person"),
        // Departure before the document is out.
        (r.office.act_on_trip(trip, &TripAction::Depart { date: day(2026, 11, 2) }).await.unwrap_err(), "trip.document_not_out"),
        // Unknown country code.
        (
            r.office
                .request_trip(
                    who(&r.office, "S0001").await,
                    &TripInput { destinations: vec!["XX".into()], ..to_japan(None) },
                    day(2026, 10, 20),
                )
                .await
                .unwrap_err(),
            "country.unknown",
        ),
        // Another person's document named in a request.
        (
            r.office.request_trip(who(&r.office, "S0001").await, &to_japan(Some(lis_doc.id)), day(2026, 10, 20)).await.unwrap_err(),
            "document.other_person",
        ),
        // An expired document.
        (
            r.office
                .add_document(who(&r.office, "S0001").await, &passport("E00000001", day(2025, 1, 4)), day(2026, 10, 1), None)
                .await
                .unwrap_err(),
            "document.expired",
        ),
        // A number already registered.
        (
            r.office
                .add_document(who(&r.office, "S0002").await, &passport("e1234 5678", day(2034, 1, 4)), day(2026, 10, 1), None)
                .await
                .unwrap_err(),
            "document.duplicate",
        ),
    ];
    for (err, code) in &refusals {
        assert!(err.is_user_error(), "{code}: {err}");
        assert_eq!(err.code(), *code, "{err}");
    }
    assert_eq!(written(&r).await, before, "refusals wrote nothing");

    // Checked out, then: a second check-out and a return before the departure are refused.
    r.office.check_out_document(doc, trip, &handed(day(2026, 10, 30), "张三")).await.unwrap();
    r.office.act_on_trip(trip, &TripAction::Depart { date: day(2026, 11, 2) }).await.unwrap();
    let before = written(&r).await;
    let again = r.office.check_out_document(doc, trip, &handed(day(2026, 10, 31), "张三")).await.unwrap_err();
    assert!(again.to_api(clearance_domain::Lang::En).errors.iter().any(|e| e.code == "document.already_out"), "{again}");
    let early = r.office.act_on_trip(trip, &TripAction::Return { date: day(2026, 11, 1) }).await.unwrap_err();
    assert_eq!(early.code(), "trip.return_before_departure");
    assert!(early.to_api(clearance_domain::Lang::ZhCn).message.contains("2026-11-02"));
    let hand_in = r.office.move_document(doc, &DocumentAction::HandIn { location: "柜2".into() }, &handed(day(2026, 11, 3), "张三")).await;
    assert_eq!(hand_in.unwrap_err().code(), "document.return_not_hand_in");
    assert_eq!(written(&r).await, before, "refusals wrote nothing");
}

#[tokio::test]
async fn an_extension_moves_the_return_and_an_unreturned_trip_is_overdue_first_in_the_list() {
    let r = register().await;
    let (doc, trip) = briefed_trip(&r).await;
    r.office.check_out_document(doc, trip, &handed(day(2026, 10, 30), "张三")).await.unwrap();
    r.office.act_on_trip(trip, &TripAction::Depart { date: day(2026, 11, 2) }).await.unwrap();
    let ext =
        TripExtensionInput {
            date: day(2026, 11, 6), new_return: day(2026, 11, 16), reason: "会议延期".into(), approver: "李处长".into()
        };
    let view = r.office.act_on_trip(trip, &TripAction::Extend { extension: ext.clone() }).await.unwrap();
    assert_eq!(view.current_return, day(2026, 11, 16));
    assert_eq!(view.trip.extensions.len(), 1);
    assert_eq!(view.trip.extensions[0].previous_return, day(2026, 11, 9));
    // The same date again is not an extension.
    assert_eq!(r.office.act_on_trip(trip, &TripAction::Extend { extension: ext }).await.unwrap_err().code(), "trip.extension_not_later");

    // A second, later trip requested and nothing else: on Fri 27 Nov the first is overdue (no
    // return recorded after Mon 16 Nov) and comes first.
    let later = TripInput { planned_departure: Some(day(2026, 12, 20)), planned_return: Some(day(2026, 12, 27)), ..to_japan(None) };
    let second = r.office.request_trip(who(&r.office, "S0001").await, &later, day(2026, 11, 27)).await.unwrap();
    let list = r.office.trips(None, None).await.unwrap();
    assert_eq!(list.iter().map(|t| (t.trip.id, t.overdue)).collect::<Vec<_>>(), [(trip, true), (second.trip.id, false)]);
    // The approver of the second trip sees the overdue return, and that no document is chosen.
    let codes: Vec<&str> = second.conflicts.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"conflict.overdue_return"), "{codes:?}");
    assert!(codes.contains(&"conflict.no_document"), "{codes:?}");
    // The custody register puts the document out for the overdue trip first, overdue with it.
    let docs = r.office.documents(None).await.unwrap();
    assert_eq!((docs[0].document.id, docs[0].overdue, docs[0].out_since), (doc, true, Some(day(2026, 10, 30))));
}

/// Takes Zhang San (core) through to decommissioning from Fri 27 Nov 2026.
async fn into_decommissioning(office: &Office) {
    office
        .advance(who(office, "S0001").await, &Transition::StartDuty { date: day(2026, 11, 27), override_reason: Some("测试".into()) })
        .await
        .unwrap();
    office
        .advance(who(office, "S0001").await, &Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: day(2026, 11, 27) })
        .await
        .unwrap();
    for step in ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"] {
        office.record_step(who(office, "S0001").await, step, day(2026, 11, 27), "").await.unwrap();
    }
    office
        .advance(who(office, "S0001").await, &Transition::StartDecommissioning { period: None, receiving_organisation: None })
        .await
        .unwrap();
}

#[tokio::test]
async fn the_approver_sees_the_decommissioning_period_and_needs_the_higher_level() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    into_decommissioning(&r.office).await;
    let trip = TripInput { planned_departure: Some(day(2026, 12, 20)), planned_return: Some(day(2026, 12, 27)), ..to_japan(None) };
    let view = r.office.request_trip(who(&r.office, "S0001").await, &trip, day(2026, 11, 27)).await.unwrap();
    assert_eq!(view.required_approval.level, ApprovalLevel::Higher);
    assert!(view
        .conflicts
        .iter()
        .any(|c| matches!(c.conflict, TravelConflict::InDecommissioning { start, .. } if start == day(2026, 11, 27))));
    let flag = view.conflicts.iter().find(|c| c.code == "conflict.in_decommissioning").unwrap();
    assert!(flag.message.contains("2026-11-27"), "{}", flag.message);

    let before = written(&r).await;
    let refused = r.office.act_on_trip(view.trip.id, &approval(day(2026, 11, 27), ApprovalLevel::Standard)).await.unwrap_err();
    assert_eq!(refused.code(), "trip.higher_approval_required");
    assert_eq!(written(&r).await, before);
    let view = r.office.act_on_trip(view.trip.id, &approval(day(2026, 11, 27), ApprovalLevel::Higher)).await.unwrap();
    assert_eq!(view.state, TripState::Approved);
    assert_eq!(view.trip.decision.unwrap().level, ApprovalLevel::Higher);

    // The person page lists the trip.
    let panel = r.office.person_travel(who(&r.office, "S0001").await).await.unwrap();
    assert_eq!(panel.trips.len(), 1);
    assert!(panel.documents.is_empty());
}

#[tokio::test]
async fn a_document_registered_without_hand_in_is_due_in_the_safe_by_the_policy() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // Registered Mon 16 Nov 2026, not handed in: due in 7 days (policy), Mon 23 Nov.
    let doc = r
        .office
        .add_document(who(&r.office, "S0001").await, &passport("G1234567", day(2030, 6, 30)), day(2026, 11, 16), None)
        .await
        .unwrap();
    assert_eq!(doc.status, DocumentStatus::AwaitingHandIn);
    let entry = r.office.documents(None).await.unwrap().remove(0);
    assert_eq!(entry.due.as_ref().unwrap().date, day(2026, 11, 23));
    assert_eq!(entry.due.as_ref().unwrap().rule_id, "travel.document_handin");
    assert!(entry.overdue, "on Fri 27 Nov it is overdue");

    // A hand-in without a place is refused; with one it goes into the safe.
    let before = written(&r).await;
    let refused =
        r.office.move_document(doc.id, &DocumentAction::HandIn { location: " ".into() }, &handed(day(2026, 11, 26), "张三")).await;
    assert_eq!(refused.unwrap_err().code(), "required");
    assert_eq!(written(&r).await, before);
    let doc = r
        .office
        .move_document(doc.id, &DocumentAction::HandIn { location: "保险柜2-1号格".into() }, &handed(day(2026, 11, 26), "张三"))
        .await
        .unwrap();
    assert_eq!((doc.status, doc.location.as_str()), (DocumentStatus::InCustody, "保险柜2-1号格"));
    let entry = r.office.documents(None).await.unwrap().remove(0);
    assert!(!entry.overdue && entry.due.is_none());
    let actions: Vec<String> = r.office.store().audit_for_person(doc.person).await.unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions[..2], ["document.hand_in".to_owned(), "document.register".to_owned()], "newest first");
}
