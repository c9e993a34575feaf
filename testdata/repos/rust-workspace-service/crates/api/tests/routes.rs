#[test]
fn router_builds() {
    assert!(true);
}
