//! Misuse of `#[derive(Model)]` is a compile error at the offending attribute or field, with
//! every mistake reported at once. The `.stderr` files pin the messages (refresh with
//! `TRYBUILD=overwrite cargo test -p tracer-schema-derive` and review the diff).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
