//! The README's table of every field of every dialect says what the schema
//! says: each row's tags are the schema's placements, and every field has
//! its row.

use session_der::session_model::{Dialect, Placement, FIELDS};

fn cell(p: Placement) -> String {
    match p {
        Placement::Untagged => "untagged".to_owned(),
        Placement::Tagged(n) => format!("`[{n}]`"),
        Placement::Absent => "—".to_owned(),
    }
}

#[test]
fn readme_table_matches_the_schema() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("| field | OpenSSL | BoringSSL | AWS-LC | LibreSSL |")
        .expect("the dialect table");
    let rows: Vec<Vec<&str>> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    let fields: Vec<_> = FIELDS.iter().filter(|f| f.name != "test_only").collect();
    assert_eq!(rows.len(), fields.len(), "one row per field");
    for (row, spec) in rows.iter().zip(fields) {
        assert_eq!(
            row[1],
            format!("`{}`", spec.name),
            "row order is the schema's"
        );
        let expected: Vec<String> = Dialect::ALL
            .iter()
            .map(|&d| cell(spec.placement(d)))
            .collect();
        assert_eq!(&row[2..6], expected.as_slice(), "{}", spec.name);
        assert!(!row[6].is_empty(), "{}: how it converts", spec.name);
    }
}
