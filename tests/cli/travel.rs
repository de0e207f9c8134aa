//! The travel subcommands: a trip run from request to closed with `--json`, and bad input refused
//! with exit code 2, a translated message on stderr and nothing written.

use serde_json::Value;

use super::Cli;

impl Cli {
    fn ok_on(&self, today: &str, args: &[&str]) -> Value {
        let out = self.run_on(today, args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    }

    /// Expects a refusal: exit code 2 and `needle` in the message on stderr.
    fn refused_on(&self, today: &str, args: &[&str], needle: &str) {
        let out = self.run_on(today, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: expected {needle:?} in {err:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed {}", String::from_utf8_lossy(&out.stdout));
    }

    fn audit_len(&self) -> usize {
        self.ok_on("2026-12-31", &["audit", "list", "--limit", "500", "--json"]).as_array().unwrap().len()
    }
}

/// Zhang San (core, registered Thu 1 Oct 2026) with passport E12345678 handed in to 保险柜1-3
/// on Mon 2 Nov 2026.
fn with_passport(cli: &Cli) -> i64 {
    cli.ok_on(
        "2026-10-01",
        &[
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
            "core",
            "--json",
        ],
    );
    let doc = cli.ok_on(
        "2026-11-02",
        &[
            "doc",
            "add",
            "S0001",
            "--kind",
            "passport",
            "--number",
            "e1234 5678",
            "--issued",
            "2024-01-05",
            "--expires",
            "2034-01-04",
            "--location",
            "保险柜1-3",
            "--from",
            "张三",
            "--json",
        ],
    );
    assert_eq!(doc["document"]["number"], "E12345678");
    assert_eq!(doc["document"]["status"], "in_custody");
    doc["document"]["id"].as_i64().unwrap()
}

#[test]
fn a_trip_from_request_to_closed() {
    let cli = Cli::new();
    let doc = with_passport(&cli);
    let d = doc.to_string();
    // Requested Mon 2 Nov for Mon 16 – Sun 22 Nov 2026 (Japan and Hong Kong).
    let trip = cli.ok_on(
        "2026-11-02",
        &[
            "trip",
            "request",
            "S0001",
            "--to",
            "jp,hk",
            "--purpose",
            "探亲",
            "--kind",
            "private",
            "--depart",
            "2026-11-16",
            "--return",
            "2026-11-22",
            "--document",
            &d,
            "--json",
        ],
    );
    assert_eq!(trip["state"], "requested");
    assert_eq!(trip["destinations"][1]["name_zh"], "中国香港");
    // Core level: the higher approval level is needed, and the approver's view says so.
    assert_eq!(trip["required_approval"]["level"], "higher");
    assert_eq!(trip["conflicts"][0]["code"], "conflict.higher_approval_level");
    let t = trip["trip"]["id"].as_i64().unwrap().to_string();

    let approve = [
        "trip",
        "approve",
        &t,
        "--approver",
        "李处长",
        "--personnel-opinion",
        "同意",
        "--secrecy-opinion",
        "同意",
        "--level",
        "higher",
        "--json",
    ];
    let view = cli.ok_on("2026-11-03", &approve);
    assert_eq!(view["state"], "approved");
    assert_eq!(view["trip"]["decision"]["by"], "李处长");
    assert_eq!(cli.ok_on("2026-11-05", &["trip", "brief", &t, "--note", "行前保密教育", "--json"])["state"], "briefed");
    // The earliest check-out is Mon 9 Nov, 7 days before the departure.
    let view = cli.ok_on("2026-11-09", &["doc", "checkout", &d, "--trip", &t, "--to", "张三", "--json"]);
    assert_eq!(view["state"], "document_out");
    let out = cli.ok_on("2026-11-09", &["doc", "list", "--status", "checked-out", "--json"]);
    assert_eq!(out[0]["out_since"], "2026-11-09");
    assert_eq!(cli.ok_on("2026-11-16", &["trip", "depart", &t, "--json"])["state"], "departed");
    // Extended to Wed 25 Nov, back Tue 24 Nov.
    let view =
        cli.ok_on("2026-11-20", &["trip", "extend", &t, "--until", "2026-11-25", "--reason", "航班取消", "--approver", "李处长", "--json"]);
    assert_eq!(view["current_return"], "2026-11-25");
    let view = cli.ok_on("2026-11-24", &["trip", "return", &t, "--json"]);
    assert_eq!(view["trip"]["returned"], "2026-11-24");
    // Due from the actual return: report by Tue 1 Dec (7 days), document by Fri 4 Dec (10 days).
    assert_eq!(view["report_due"]["date"], "2026-12-01");
    assert_eq!(view["document_due"]["date"], "2026-12-04");

    let doc_back = cli.ok_on("2026-11-25", &["doc", "return", &d, "--from", "张三", "--json"]);
    assert_eq!(doc_back["document"]["status"], "in_custody");
    assert_eq!(doc_back["document"]["movements"].as_array().unwrap().len(), 4);
    assert_eq!(cli.ok_on("2026-11-26", &["trip", "report", &t, "--summary", "无异常", "--json"])["state"], "reported");
    assert_eq!(cli.ok_on("2026-11-27", &["trip", "close", &t, "--json"])["state"], "closed");

    let listed = cli.ok_on("2026-11-27", &["trip", "list", "--person", "S0001", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let audit = cli.ok_on("2026-11-27", &["audit", "list", "--person", "S0001", "--json"]);
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for a in ["document.register", "document.hand_in", "document.check_out", "document.return", "trip.extend", "trip.close"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    // Text output, in Chinese.
    let text = cli.run_on("2026-11-27", &["--lang", "zh-CN", "trip", "show", &t]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("已办结") && text.contains("日本"), "{text}");

    // The three travel forms print from the trip as recorded.
    let dir = tempfile::tempdir().unwrap();
    for (kind, needles) in [
        ("travel-approval", ["李处长", "日本", "行前保密教育"]),
        // Report due 7 days after the actual return (Tue 24 Nov): Tue 1 Dec.
        ("travel-report", ["2026年12月1日", "无异常", "2026年11月24日"]),
        ("document-receipt", ["E12345678", "保险柜1-3", "日本"]),
    ] {
        let pdf = dir.path().join(format!("{kind}.pdf"));
        let issued =
            cli.ok_on("2026-11-27", &["form", "render", kind, "--person", "S0001", "--trip", &t, "--out", pdf.to_str().unwrap(), "--json"]);
        let number = issued["forms"][0]["number"].as_str().unwrap().to_owned();
        assert_eq!(issued["forms"][0]["trip_id"].as_i64(), Some(t.parse().unwrap()));
        let text = super::forms::pdf_text(&pdf);
        std::fs::copy(&pdf, format!("{}/test-artifacts/{kind}.pdf", env!("CARGO_MANIFEST_DIR"))).ok();
        for needle in needles.iter().chain(&["张三", "S0001", number.as_str()]) {
            assert!(text.contains(needle), "{kind}: {needle:?} missing from\n{text}");
        }
    }
    // A travel form needs its trip.
    cli.refused_on(
        "2026-11-27",
        &["form", "render", "travel-report", "--person", "S0001", "--out", dir.path().join("x.pdf").to_str().unwrap()],
        "",
    );
}

#[test]
fn bad_input_is_refused_with_exit_code_2_and_writes_nothing() {
    let cli = Cli::new();
    let doc = with_passport(&cli);
    let d = doc.to_string();
    cli.ok_on(
        "2026-10-01",
        &[
            "person",
            "add",
            "--name",
            "李四",
            "--staff-no",
            "S0002",
            "--id-number",
            "320106199001010040",
            "--unit",
            "机要室",
            "--level",
            "general",
            "--json",
        ],
    );
    let lis = cli.ok_on(
        "2026-11-02",
        &[
            "doc",
            "add",
            "S0002",
            "--kind",
            "hk-macao-permit",
            "--number",
            "C1234567",
            "--issued",
            "2024-01-05",
            "--expires",
            "2034-01-04",
            "--location",
            "保险柜1-4",
            "--json",
        ],
    );
    let lis = lis["document"]["id"].as_i64().unwrap().to_string();
    let request = |to: &str| -> Vec<String> {
        [
            "trip",
            "request",
            "S0001",
            "--to",
            to,
            "--purpose",
            "会议",
            "--kind",
            "official",
            "--depart",
            "2026-11-16",
            "--return",
            "2026-11-22",
            "--json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let trip = cli.ok_on("2026-11-02", &request("jp").iter().map(String::as_str).collect::<Vec<_>>());
    let t = trip["trip"]["id"].as_i64().unwrap().to_string();
    let audit = cli.audit_len();

    // Unknown country: the message says what it may be written as.
    cli.refused_on("2026-11-02", &request("xx").iter().map(String::as_str).collect::<Vec<_>>(), "Unknown country or region \"xx\"");
    cli.refused_on(
        "2026-11-02",
        &[
            "--lang",
            "zh-CN",
            "trip",
            "request",
            "S0001",
            "--to",
            "QQ",
            "--purpose",
            "会议",
            "--kind",
            "official",
            "--depart",
            "2026-11-16",
            "--return",
            "2026-11-22",
        ],
        "不认识的国家或地区“QQ”",
    );
    // An expired document.
    cli.refused_on(
        "2026-11-02",
        &[
            "--lang",
            "en",
            "doc",
            "add",
            "S0001",
            "--kind",
            "passport",
            "--number",
            "E0000001",
            "--issued",
            "2015-01-05",
            "--expires",
            "2025-01-04",
        ],
        "expired on 2025-01-04",
    );
    // Check-out before approval and briefing.
    cli.refused_on("2026-11-10", &["--lang", "en", "doc", "checkout", &d, "--trip", &t], "not approved");
    let approve = [
        "--lang",
        "en",
        "trip",
        "approve",
        &t,
        "--approver",
        "李处长",
        "--personnel-opinion",
        "同意",
        "--secrecy-opinion",
        "同意",
        "--level",
        "higher",
    ];
    assert_eq!(cli.audit_len(), audit, "refusals wrote nothing");
    assert!(cli.run_on("2026-11-03", &approve).status.success());
    // Approving twice.
    cli.refused_on("2026-11-04", &approve, "already approved");
    cli.refused_on(
        "2026-11-04",
        &[
            "--lang",
            "zh-CN",
            "trip",
            "approve",
            &t,
            "--approver",
            "李处长",
            "--personnel-opinion",
            "同意",
            "--secrecy-opinion",
            "同意",
            "--level",
            "higher",
        ],
        "不能重复审批",
    );
    cli.ok_on("2026-11-05", &["trip", "brief", &t, "--json"]);
    // Another person's document.
    cli.refused_on("2026-11-10", &["--lang", "en", "doc", "checkout", &lis, "--trip", &t], "belongs to another person");
    cli.ok_on("2026-11-10", &["doc", "checkout", &d, "--trip", &t, "--json"]);
    // A document already out.
    cli.refused_on("2026-11-11", &["--lang", "en", "doc", "checkout", &d, "--trip", &t], "already checked out");
    cli.ok_on("2026-11-16", &["trip", "depart", &t, "--json"]);
    // Return before departure.
    cli.refused_on("2026-11-20", &["--lang", "en", "trip", "return", &t, "--date", "2026-11-15"], "before the departure on 2026-11-16");
    cli.refused_on("2026-11-20", &["--lang", "zh-CN", "trip", "return", &t, "--date", "2026-11-15"], "2026-11-16");
    // A trip that does not exist.
    cli.refused_on("2026-11-20", &["--lang", "en", "trip", "show", "999"], "No trip \"999\"");

    let audit_now = cli.audit_len();
    // Only what went through: approval, briefing, check-out (document and trip), departure.
    assert_eq!(audit_now, audit + 5);
}

/// Zhang San's trip of Mon 16 – Sun 22 Nov 2026 to Japan, approved (higher level: core) on
/// Tue 3 Nov and briefed on Thu 5 Nov; returns the trip id.
fn briefed_trip(cli: &Cli, doc: &str) -> String {
    let trip = cli.ok_on(
        "2026-11-02",
        &[
            "trip",
            "request",
            "S0001",
            "--to",
            "jp",
            "--purpose",
            "探亲",
            "--kind",
            "private",
            "--depart",
            "2026-11-16",
            "--return",
            "2026-11-22",
            "--document",
            doc,
            "--json",
        ],
    );
    let t = trip["trip"]["id"].as_i64().unwrap().to_string();
    let approve = [
        "trip",
        "approve",
        &t,
        "--approver",
        "李处长",
        "--personnel-opinion",
        "同意",
        "--secrecy-opinion",
        "同意",
        "--level",
        "higher",
        "--json",
    ];
    cli.ok_on("2026-11-03", &approve);
    assert_eq!(cli.ok_on("2026-11-05", &["trip", "brief", &t, "--json"])["state"], "briefed");
    t
}

#[test]
fn an_early_check_out_needs_its_reason_and_approver_and_is_flagged_in_the_custody_register() {
    let cli = Cli::new();
    let d = with_passport(&cli).to_string();
    let t = briefed_trip(&cli, &d);
    let before = cli.audit_len();
    // Fri 6 Nov, for the visa appointment: the window opens Mon 9 Nov (16 Nov − 7 days).
    let plain = ["--lang", "en", "doc", "checkout", &d, "--trip", &t, "--to", "张三", "--json"];
    cli.refused_on("2026-11-06", &plain, "on 2026-11-09 at the earliest");
    cli.refused_on("2026-11-06", &[&plain[..], &["--early-reason", "日本签证面签"]].concat(), "Approver is required");
    cli.refused_on("2026-11-06", &[&plain[..], &["--approver", "李处长", "--early-reason", " "]].concat(), "Reason is required");
    assert_eq!(cli.audit_len(), before, "refusals write nothing");
    let view = cli.ok_on("2026-11-06", &[&plain[..], &["--early-reason", "日本签证面签", "--approver", "李处长"]].concat());
    assert_eq!(view["state"], "document_out");
    assert_eq!(view["trip"]["checkout_early"]["approver"], "李处长");
    // The custody register flags it, with the reason and who allowed it.
    let out = cli.ok_on("2026-11-06", &["doc", "list", "--status", "checked-out", "--json"]);
    assert_eq!(out[0]["early"]["reason"], "日本签证面签");
    let text = String::from_utf8_lossy(&cli.run_on("2026-11-06", &["--lang", "zh-CN", "doc", "list"]).stdout).into_owned();
    assert!(text.contains("提前领取") && text.contains("日本签证面签") && text.contains("李处长"), "{text}");
    // The audit trail has the reason and the approver on the check-out.
    let audit = cli.ok_on("2026-11-06", &["audit", "list", "--person", "S0001", "--json"]);
    let checkout = audit.as_array().unwrap().iter().find(|e| e["action"] == "document.check_out").expect("check-out audited");
    let entry = checkout.to_string();
    assert!(entry.contains("日本签证面签") && entry.contains("李处长"), "{entry}");
    // An export of the custody register carries the flag.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("custody.csv");
    let out = cli.run_on("2026-11-06", &["--lang", "zh-CN", "export", "documents", "--format", "csv", "--out", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("提前领取原因") && text.contains("日本签证面签"), "{text}");
}

#[test]
fn planned_dates_are_corrected_before_the_departure_and_audited_old_to_new() {
    let cli = Cli::new();
    let d = with_passport(&cli).to_string();
    let t = briefed_trip(&cli, &d);
    // The flight moves: Wed 18 – Wed 25 Nov. The briefing (Thu 5 Nov) stays before it.
    let view = cli.ok_on(
        "2026-11-06",
        &["trip", "correct", &t, "--depart", "2026-11-18", "--return", "2026-11-25", "--reason", "航班取消,改签", "--json"],
    );
    assert_eq!((view["trip"]["planned_departure"].as_str(), view["current_return"].as_str()), (Some("2026-11-18"), Some("2026-11-25")));
    let c = &view["trip"]["corrections"][0];
    assert_eq!(
        (c["previous_departure"].as_str(), c["date"].as_str(), c["by"].as_str()),
        (Some("2026-11-16"), Some("2026-11-06"), Some("王芳"))
    );
    // The check-out window follows: 18 Nov − 7 days = Wed 11 Nov.
    assert_eq!(view["checkout_from"]["date"], "2026-11-11");
    // Only the return: the departure stays.
    let view = cli.ok_on("2026-11-07", &["trip", "correct", &t, "--return", "2026-11-24", "--reason", "提前一天回国", "--json"]);
    assert_eq!(
        (view["trip"]["planned_departure"].as_str(), view["trip"]["planned_return"].as_str()),
        (Some("2026-11-18"), Some("2026-11-24"))
    );
    let audit = cli.ok_on("2026-11-07", &["audit", "list", "--person", "S0001", "--json"]);
    let fixes: Vec<&Value> = audit.as_array().unwrap().iter().filter(|e| e["action"] == "trip.correct").collect();
    assert_eq!(fixes.len(), 2);
    let first = fixes.iter().map(|e| e.to_string()).find(|e| e.contains("航班取消")).expect("the first correction");
    assert!(first.contains("2026-11-16") && first.contains("2026-11-18"), "old → new: {first}");
    // Refused: unchanged, back before leaving, no reason; after the departure.
    let before = cli.audit_len();
    cli.refused_on("2026-11-08", &["--lang", "en", "trip", "correct", &t, "--reason", "x"], "unchanged");
    cli.refused_on(
        "2026-11-08",
        &["--lang", "en", "trip", "correct", &t, "--return", "2026-11-17", "--reason", "x"],
        "before the departure",
    );
    cli.refused_on("2026-11-08", &["--lang", "en", "trip", "correct", &t, "--return", "2026-11-23", "--reason", ""], "Reason is required");
    assert_eq!(cli.audit_len(), before);
    cli.ok_on("2026-11-12", &["doc", "checkout", &d, "--trip", &t, "--to", "张三", "--json"]);
    cli.ok_on("2026-11-18", &["trip", "depart", &t, "--json"]);
    cli.refused_on(
        "2026-11-19",
        &["--lang", "en", "trip", "correct", &t, "--return", "2026-11-26", "--reason", "x"],
        "departure is already recorded",
    );
}

#[test]
fn the_sample_register_has_trips_in_every_state_and_a_document_out_early() {
    let cli = Cli::new();
    cli.ok_json(&["sample", "--json"]);
    let trips = cli.ok_on("2026-11-27", &["trip", "list", "--json"]);
    let mut states: Vec<&str> = trips.as_array().unwrap().iter().map(|t| t["state"].as_str().unwrap()).collect();
    states.sort();
    states.dedup();
    assert_eq!(
        states,
        ["approved", "briefed", "closed", "departed", "document_out", "refused", "reported", "requested", "returned", "withdrawn"]
    );
    let docs = cli.ok_on("2026-11-27", &["doc", "list", "--json"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.iter().filter(|d| !d["early"].is_null()).count(), 1);
    assert!(docs.iter().any(|d| d["document"]["status"] == "in_custody"));
    assert!(docs.iter().any(|d| d["document"]["status"] == "awaiting_hand_in"));
    // Trip rows name their traveller and document: a trip page opens for each.
    for t in trips.as_array().unwrap() {
        let id = t["trip"]["id"].as_i64().unwrap().to_string();
        let view = cli.ok_on("2026-11-27", &["trip", "show", &id, "--json"]);
        assert_eq!(view["trip"]["person"], t["trip"]["person"]);
    }
}
