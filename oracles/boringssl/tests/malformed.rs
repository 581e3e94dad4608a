//! Malformed inputs: mutations of the recorded sessions and of ssl_test.cc's
//! good vectors (`mutate::cases`), each given to BoringSSL's
//! `SSL_SESSION_from_bytes` and `d2i_SSL_SESSION` and to ours
//! (`differential::check`). We agree on every verdict, on how far d2i read,
//! and on what an accepted input re-encodes to.

use sslsession_oracle_boringssl::{differential, hex, mutate, recorded, vectors};

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
    for (i, (source, der)) in sources.iter().enumerate() {
        // The raw-public-key keys once (on the first session): the key's
        // verdict does not depend on the session around it.
        let rpk = if i == 0 {
            mutate::rpk_cases(der)
        } else {
            Vec::new()
        };
        for (label, input) in mutate::cases(der).into_iter().chain(rpk) {
            if &input == der {
                continue;
            }
            total += 1;
            match differential::check(&input) {
                Ok(o) => {
                    accepted += usize::from(o.from_bytes);
                    d2i_only += usize::from(!o.from_bytes && o.d2i.is_some());
                }
                Err(e) => {
                    disagreements.push(format!("{source}: {label}: {e}\n  input {}", hex(&input)))
                }
            }
        }
    }
    println!(
        "{total} mutations of {} sessions: SSL_SESSION_from_bytes accepted {accepted}, \
         only d2i_SSL_SESSION {d2i_only}, both refused {}; {} disagreements",
        sources.len(),
        total - accepted - d2i_only - disagreements.len(),
        disagreements.len()
    );
    assert!(total > 10_000, "only {total} mutations");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
