//! The lifecycle, training and policy subcommands.

use super::Cli;

#[test]
fn a_person_goes_on_duty_departs_and_gets_a_decommissioning_end_with_its_rule() {
    let cli = Cli::new();
    cli.add_zhang();
    let view = cli.ok_json(&["stage", "show", "S0001", "--json"]);
    assert_eq!(view["stage"], "onboarding");
    assert_eq!(view["steps"][0]["due"]["date"], "2026-12-27");

    // A step missing: refused with exit code 2, the step named on stderr, nothing written.
    cli.ok_json(&["step", "done", "S0001", "security_review", "--date", "2026-11-27", "--json"]);
    let out = cli.run(&["--lang", "zh-CN", "stage", "advance", "S0001", "--date", "2026-11-27"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("尚未完成"), "{err}");

    // With a written reason it goes through, and the audit trail says why.
    let view = cli.ok_json(&["stage", "advance", "S0001", "--date", "2026-11-27", "--override-reason", "急需上岗", "--json"]);
    assert_eq!(view["stage"], "on_duty");
    let audit = cli.ok_json(&["audit", "list", "--person", "S0001", "--json"]);
    assert_eq!(audit[0]["action"], "lifecycle.on_duty_override");
    assert!(audit[0]["new"].as_str().unwrap().contains("急需上岗"));

    let view = cli.ok_json(&["depart", "S0001", "--kind", "organisation", "--date", "2026-11-27", "--json"]);
    assert_eq!(view["stage"], "departing");
    assert_eq!(view["decommissioning_options"]["max_end"], "2029-11-27");
    cli.ok_json(&["returned", "S0001", "--item", "涉密U盘;秘密;U-7;王芳;2026-11-27", "--json"]);
    for step in ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"] {
        cli.ok_json(&["step", "done", "S0001", step, "--date", "2026-11-27", "--json"]);
    }
    // Out of the core range (2 to 3 years): refused.
    let out = cli.run(&["stage", "advance", "S0001", "--period", "1 year"]);
    assert_eq!(out.status.code(), Some(2));
    let view = cli.ok_json(&["stage", "advance", "S0001", "--period", "2 years", "--json"]);
    assert_eq!(view["stage"], "decommissioning");
    assert_eq!(view["state"]["decommissioning"]["chosen_end"], "2028-11-27");
    assert_eq!(view["state"]["decommissioning"]["rule_id"], "decommissioning.core");

    // The departure commitment and decommissioning notice prints the period and the items.
    let pdf = cli.db.with_file_name("departure.pdf");
    let issued = cli.ok_json(&["form", "render", "departure", "--person", "S0001", "--out", pdf.to_str().unwrap(), "--json"]);
    let text = super::forms::pdf_text(&pdf);
    for needle in ["张三", "S0001", "2026年11月27日", "2028年11月27日", "涉密U盘", issued["forms"][0]["number"].as_str().unwrap()]
    {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
    std::fs::copy(&pdf, concat!(env!("CARGO_MANIFEST_DIR"), "/test-artifacts/departure.pdf")).ok();

    let listed = cli.ok_json(&["person", "list", "--stage", "decommissioning", "--json"]);
    assert_eq!(listed["total"], 1);
    // Release before the end: refused.
    assert_eq!(cli.run(&["release", "S0001"]).status.code(), Some(2));
}

#[test]
fn training_for_many_people_and_events() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.ok_json(&[
        "training",
        "add",
        "--date",
        "2026-11-20",
        "--hours",
        "4",
        "--category",
        "security",
        "--topic",
        "保密法",
        "S0001",
        "--json",
    ]);
    assert_eq!(out["attendees"], 1);
    let view = cli.ok_json(&["stage", "show", "S0001", "--json"]);
    assert_eq!(view["trainings"][0]["hours"], 4);
    let bad = cli.run(&["training", "add", "--date", "2026-11-20", "--hours", "4", "--category", "security", "S0001", "S9999"]);
    assert_eq!(bad.status.code(), Some(2));
    // Before the person was registered (27 Nov): refused.
    let early = cli.run(&["event", "add", "S0001", "--kind", "配偶移居境外", "--date", "2026-11-01", "--action", "已谈话"]);
    assert_eq!(early.status.code(), Some(2));
    let view = cli.ok_json(&["event", "add", "S0001", "--kind", "配偶移居境外", "--date", "2026-11-27", "--action", "已谈话", "--json"]);
    assert_eq!(view["events"][0]["kind"], "配偶移居境外");
}

#[test]
fn policy_check_show_select_and_a_bad_file() {
    let cli = Cli::new();
    let shown = cli.ok_json(&["policy", "show", "--json"]);
    assert_eq!(shown["id"], "prc-2024");
    let text = cli.run(&["policy", "export", "us-nispom"]);
    assert!(text.status.success());
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("us.toml");
    std::fs::write(&good, &text.stdout).unwrap();
    let ok = cli.ok_json(&["policy", "check", good.to_str().unwrap(), "--json"]);
    assert_eq!(ok["id"], "us-nispom");

    let bad = dir.path().join("bad.toml");
    let broken = String::from_utf8_lossy(&text.stdout).replacen("lead_days = ", "lead_days = \"x\" #", 1);
    std::fs::write(&bad, broken).unwrap();
    let out = cli.run(&["--lang", "en", "policy", "load", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line") && err.contains("lead_days"), "{err}");
    assert_eq!(cli.ok_json(&["policy", "show", "--json"])["id"], "prc-2024", "the previous policy stays");

    let info = cli.ok_json(&["policy", "select", "us-nispom", "--json"]);
    assert_eq!(info["id"], "us-nispom");
    let settings = cli.ok_json(&["settings", "show", "--json"]);
    assert_eq!(settings["levels"][0]["id"], "top_secret");
}

#[test]
fn person_list_sorts_by_next_due_and_stage_and_shows_both_in_words() {
    let cli = Cli::new();
    cli.ok_json(&["sample", "--json"]);

    // By next due: the most overdue first, dates never going back.
    let page = cli.ok_json(&["person", "list", "--sort", "next-due", "--limit", "20", "--json"]);
    let dates: Vec<&str> = page["rows"].as_array().unwrap().iter().filter_map(|r| r["next_due"]["date"].as_str()).collect();
    assert_eq!(dates.len(), 20, "the first twenty people all have something due: {page}");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    // By stage, descending: the stages' order reversed, onboarding last.
    let page = cli.ok_json(&["person", "list", "--sort", "stage", "--desc", "--limit", "100", "--json"]);
    let stages: Vec<&str> = page["rows"].as_array().unwrap().iter().map(|r| r["stage"].as_str().unwrap()).collect();
    assert_eq!(stages.last(), Some(&"onboarding"), "{stages:?}");
    assert_ne!(stages.first(), Some(&"onboarding"), "{stages:?}");

    // The text: the stage and the next due item in words, no codes.
    let out = cli.run(&["--lang", "zh-CN", "person", "list", "--sort", "next-due", "--limit", "5"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("阶段") && text.contains("下一到期事项"), "{text}");
    assert!(text.contains("离岗离职") || text.contains("在岗"), "{text}");
    assert!(!text.contains("on_duty") && !text.contains("departure"), "{text}");
}
