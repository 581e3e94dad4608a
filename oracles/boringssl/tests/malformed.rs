//! Malformed inputs: mutations of the recorded sessions and of ssl_test.cc's
//! good vectors (`mutate::cases`), each given to BoringSSL's
//! `SSL_SESSION_from_bytes` and `d2i_SSL_SESSION` and to ours
//! (`differential::check`). We agree on every verdict, on how far d2i read,
//! and on what an accepted input re-encodes to.

use sslsession_oracle_boringssl::{differential, generated_spkis, hex, mutate, recorded, vectors};

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
    let (mut total, mut accepted, mut d2i_only, mut unrepresentable) = (0usize, 0, 0, 0);
    // Disagreements on the session codec, and on the certificates and keys
    // inside (BoringSSL's X.509 and key parsers), reported apart.
    let mut disagreements = Vec::new();
    let mut x509 = Vec::new();
    for (i, (source, der)) in sources.iter().enumerate() {
        // The raw-public-key keys and the 16 MiB ticket once (on the first
        // session): their verdicts do not depend on the session around them.
        let once = if i == 0 {
            [
                mutate::rpk_cases(der, &generated_spkis()),
                mutate::length_limit_cases(der),
            ]
            .concat()
        } else {
            Vec::new()
        };
        for (label, input) in mutate::cases(der).into_iter().chain(once) {
            if &input == der {
                continue;
            }
            total += 1;
            match differential::check(&input) {
                Ok(o) if o.unrepresentable => unrepresentable += 1,
                Ok(o) => {
                    accepted += usize::from(o.from_bytes);
                    d2i_only += usize::from(!o.from_bytes && o.d2i.is_some());
                }
                Err(e) => {
                    let line = format!("{source}: {label}: {e}\n  input {}", hex(&input));
                    if is_x509(&label, &e) {
                        x509.push(line);
                    } else {
                        disagreements.push(line);
                    }
                }
            }
        }
    }
    let refused = total - accepted - d2i_only - unrepresentable - disagreements.len() - x509.len();
    println!(
        "{total} mutations of {} sessions: SSL_SESSION_from_bytes accepted {accepted}, \
         only d2i_SSL_SESSION {d2i_only}, both refused {refused}; named deviation \
         (Unrepresentable: [1] time >= 2^63) {unrepresentable}; disagreements: \
         session codec {}, certificates and keys {}",
        sources.len(),
        disagreements.len(),
        x509.len()
    );
    assert!(total > 10_000, "only {total} mutations");
    assert!(
        disagreements.is_empty() && x509.is_empty(),
        "{} session-codec disagreements:\n{}\n\n{} certificate/key disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n"),
        x509.len(),
        x509.join("\n")
    );
}

/// Whether a disagreement is about a certificate in `[3]`/`[19]` or the key
/// in `[33]` (BoringSSL's X.509 and public-key parsers) rather than the
/// session codec: by the mutation's label, or by the field our error names.
fn is_x509(label: &str, e: &str) -> bool {
    label.contains("certificate")
        || label.contains("raw public key")
        || ["peer_certificate", "cert_chain", "peer_rpk"]
            .iter()
            .any(|f| e.contains(&format!("we refuse: {f}")))
        || (label.starts_with("flip") && e.contains("refuses (") && e.contains("DECODE_ERROR"))
}
