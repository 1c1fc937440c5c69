//! The native JSON / JSON Lines format and the `convert` command.

use crate::common::{archcite, examples, root};

#[test]
fn examples_round_trip_byte_for_byte() {
    for (name, _) in examples() {
        let path = root().join("examples").join(format!("{name}.json"));
        let original = std::fs::read(&path).unwrap();
        let out = archcite().args(["convert", "--to", "json"]).arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&original), "{name}");
    }
}
