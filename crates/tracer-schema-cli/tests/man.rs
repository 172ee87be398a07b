//! `tracer-schema man --out DIR` writes every page the main page's SUBCOMMANDS section names.

use std::process::Command;

#[test]
fn the_main_page_names_only_pages_that_are_written() {
    let dir = std::env::temp_dir().join(format!("tracer-schema-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let status = Command::new(env!("CARGO_BIN_EXE_tracer-schema"))
        .args(["man", "--out"])
        .arg(&dir)
        .status()
        .expect("the binary runs");
    assert!(status.success());
    let main = std::fs::read_to_string(dir.join("tracer-schema.1")).expect("the main page");
    let named: Vec<String> = main
        .lines()
        .filter_map(|line| line.strip_suffix("(1)"))
        .map(|page| page.replace("\\-", "-"))
        .filter(|page| page != "tracer-schema-help")
        .collect();
    assert!(
        named.contains(&"tracer-schema-validate".to_owned()),
        "{named:?}"
    );
    for page in &named {
        let path = dir.join(format!("{page}.1"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{page}.1: {e}"));
        assert!(text.contains(".TH"), "{page}.1 is a man page");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
