//! `person list` on a register larger than the pager counts exactly (issue 15): the JSON says
//! whether its total is exact, the text says "1000+".

use clearance_domain::id_card::check_char;

use crate::Cli;

/// A roster of `people` rows as a CSV file beside the register: names 测试人员0…, staff numbers
/// from 1000, valid resident ID numbers.
pub(crate) fn roster_csv(cli: &Cli, people: u32) -> std::path::PathBuf {
    let mut text = String::from("姓名,工号,身份证号,部门,密级,上岗日期\n");
    for i in 0..people {
        let body = format!("{:06}19{:02}0{}1{}{:03}", 110101 + i / 1000, 60 + i % 40, 1 + i % 9, i % 3, i % 1000);
        let id = format!("{body}{}", check_char(&body).unwrap());
        text.push_str(&format!("测试人员{i},{},{id},机要室,一般,2020-03-02\n", 1000 + i));
    }
    let path = cli.db.with_file_name("roster.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_list_says_when_its_total_stopped_at_the_threshold() {
    let cli = Cli::new();
    let roster = roster_csv(&cli, 1_005);
    let report = cli.ok_json(&["import", "roster", roster.to_str().unwrap(), "--json"]);
    assert_eq!(report["added"].as_u64(), Some(1_005), "{}", report["faults"]);

    let all = cli.ok_json(&["person", "list", "--json"]);
    assert_eq!((all["total"].as_u64(), all["total_exact"].as_bool()), (Some(1_000), Some(false)), "{}", all["total"]);
    assert_eq!(all["rows"].as_array().map(Vec::len), Some(50));
    // 测试人员1, 10–19, 100–199, 1000–1004: under the threshold, exact.
    let some = cli.ok_json(&["person", "list", "--search", "测试人员1", "--json"]);
    assert_eq!((some["total"].as_u64(), some["total_exact"].as_bool()), (Some(116), Some(true)));
    // The last page counts to the end.
    let last = cli.ok_json(&["person", "list", "--offset", "1000", "--limit", "50", "--json"]);
    assert_eq!((last["total"].as_u64(), last["total_exact"].as_bool()), (Some(1_005), Some(true)));

    for (lang, words) in [("en", "1000+ people"), ("zh-CN", "1000+ 人")] {
        let out = cli.run(&["--lang", lang, "person", "list"]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.trim_end().ends_with(words), "{lang}: {}", text.lines().last().unwrap_or_default());
    }
}
