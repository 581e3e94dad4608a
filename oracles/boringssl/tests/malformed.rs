//! Malformed inputs: mutations of the recorded sessions and of ssl_test.cc's
//! good vectors (`mutate::cases`), each given to BoringSSL's
//! `SSL_SESSION_from_bytes` and `d2i_SSL_SESSION` and to ours. We agree on
//! every verdict, on how far d2i read, and on what an accepted input
//! re-encodes to.

mod common;

use sslsession_oracle_boringssl::{bssl, hex, mutate, recorded, vectors};

/// One disagreement, for the report.
fn describe(source: &str, label: &str, input: &[u8], what: &str) -> String {
    format!("{source}: {label}: {what}\n  input {}", hex(input))
}

#[test]
fn we_agree_with_boringssl_on_every_mutation() {
    let mut sources: Vec<(String, Vec<u8>)> = recorded()
        .expect("recorded sessions")
        .into_iter()
        .map(|r| (r.name, r.der))
        .collect();
    sources.extend(
        vectors()
            .expect("vectors")
            .into_iter()
            .filter(|v| v.good)
            .map(|v| (v.name, v.der)),
    );
    let (mut total, mut accepted, mut d2i_only) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    for (source, der) in &sources {
        for (label, input) in mutate::cases(der) {
            if &input == der {
                continue;
            }
            total += 1;
            let theirs = bssl::from_bytes(&input);
            let ours = common::from_bytes(&input);
            match (&theirs, &ours) {
                (Some(t), Ok(o)) => {
                    accepted += 1;
                    let tb = t.to_bytes().expect("SSL_SESSION_to_bytes");
                    let ob = common::to_bytes(o);
                    if tb != ob {
                        disagreements.push(describe(source, &label, &input, &format!(
                            "re-encodings differ\n  boringssl {}\n  ours      {}", hex(&tb), hex(&ob))));
                    } else if t.i2d().as_deref() != Some(&tb[..]) {
                        disagreements.push(describe(source, &label, &input, "i2d differs from to_bytes"));
                    }
                }
                (None, Err(_)) => {}
                (Some(_), Err(e)) => disagreements.push(describe(source, &label, &input,
                    &format!("SSL_SESSION_from_bytes accepts, we refuse: {e}"))),
                (None, Ok(_)) => disagreements.push(describe(source, &label, &input,
                    "SSL_SESSION_from_bytes refuses, we accept")),
            }
            let theirs = bssl::d2i(&input).map(|(_, n)| n);
            let ours = common::d2i(&input).ok().map(|(_, n)| n);
            if theirs.is_some() && bssl::from_bytes(&input).is_none() {
                d2i_only += 1;
            }
            if theirs != ours {
                disagreements.push(describe(source, &label, &input, &format!(
                    "d2i_SSL_SESSION: boringssl {theirs:?}, ours {ours:?}")));
            }
        }
    }
    println!(
        "{total} mutations of {} sessions: SSL_SESSION_from_bytes accepted {accepted}, \
         d2i_SSL_SESSION only {d2i_only}; {} disagreements",
        sources.len(),
        disagreements.len()
    );
    assert!(total > 10_000, "only {total} mutations");
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first ones:\n{}",
        disagreements.len(),
        disagreements.iter().take(usize::MAX).cloned().collect::<Vec<_>>().join("\n")
    );
}
