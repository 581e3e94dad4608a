//! The recording against the live LibreSSL: every recorded session's report,
//! and LibreSSL's verdict on every malformed input, are what the real
//! LibreSSL says now. With `SSLSESSION_LIBRESSL_RECORD=1` the second test
//! writes `testdata/libressl/mutations.json` instead of comparing.

use serde_json::{json, Value};
use sslsession_libressl_oracle::{
    diff, expected_mutations, input_hash, mutate, mutations_file, oracle_or_skip, recorded,
    recorded_by_name, MUTATION_BASES, NOW,
};

#[test]
fn recorded_reports_are_libressls() {
    let Some(oracle) = oracle_or_skip("recorded_reports_are_libressls") else {
        return;
    };
    let sessions = recorded();
    let inputs: Vec<Vec<u8>> = sessions.iter().map(|s| s.der.clone()).collect();
    let live = oracle.decode_all(&inputs);
    for (s, live) in sessions.iter().zip(&live) {
        assert_eq!(
            &s.report, live,
            "{}: the recorded report is not LibreSSL's",
            s.name
        );
    }
    eprintln!(
        "{} recorded sessions: LibreSSL's reports unchanged",
        sessions.len()
    );
}

#[test]
fn mutation_verdicts_are_libressls() {
    let Some(oracle) = oracle_or_skip("mutation_verdicts_are_libressls") else {
        return;
    };
    let sessions = recorded_by_name();
    let mut cases = Vec::new();
    for base in MUTATION_BASES {
        for (name, input) in mutate::mutations(&sessions[base].der) {
            cases.push((base, name, input));
        }
    }
    let inputs: Vec<Vec<u8>> = cases.iter().map(|c| c.2.clone()).collect();
    let live = oracle.decode_all(&inputs);

    if std::env::var("SSLSESSION_LIBRESSL_RECORD").is_ok_and(|v| v == "1") {
        let entries: Vec<Value> = cases
            .iter()
            .zip(&live)
            .map(|((base, name, input), report)| {
                let base_summary = sessions[*base].report.summary();
                json!({
                    "base": base,
                    "name": name,
                    "input": input_hash(input),
                    "diff": diff(&base_summary, &report.summary()),
                })
            })
            .collect();
        // One entry per line: small, and readable in a diff.
        let lines: Vec<String> = entries.iter().map(Value::to_string).collect();
        let text = format!(
            "{{\"libressl\": {}, \"now\": {NOW}, \"entries\": [\n{}\n]}}\n",
            json!(sslsession_libressl_oracle::VERSION),
            lines.join(",\n")
        );
        std::fs::write(mutations_file(), text).expect("write mutations.json");
        eprintln!("recorded {} verdicts", entries.len());
        return;
    }

    let expected = expected_mutations();
    assert_eq!(expected.len(), live.len());
    let mut accepted = 0;
    for (e, report) in expected.iter().zip(&live) {
        assert_eq!(
            e.summary,
            report.summary(),
            "{} {}: the recorded verdict is not LibreSSL's",
            e.base,
            e.name
        );
        accepted += usize::from(e.summary["ok"] == Value::Bool(true));
    }
    eprintln!(
        "{} malformed inputs: LibreSSL's recorded verdicts unchanged ({accepted} accepted, {} rejected)",
        live.len(),
        live.len() - accepted
    );
}
