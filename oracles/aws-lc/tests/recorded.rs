//! Every recorded AWS-LC session (testdata/aws-lc/): our decoder, in AWS-LC's
//! dialect, reports the values AWS-LC's getters reported (the committed JSON,
//! and again live), and our encoder writes AWS-LC's exact bytes
//! (`SSL_SESSION_to_bytes` and `i2d_SSL_SESSION` of the live library).

use serde_json::Value;
use session_der::{decode_with, encode, DecodeOptions, Dialect, SessionRef, Target};
use sslsession_oracle_aws_lc::{recordings, Recording, Session};

fn hex_of(v: &Value) -> Option<Vec<u8>> {
    v.as_str().map(|s| hex::decode(s).expect("hex"))
}

fn nonempty(b: Option<&[u8]>) -> Option<Vec<u8>> {
    b.filter(|b| !b.is_empty()).map(<[u8]>::to_vec)
}

/// Our view of `r` against AWS-LC's getters `g` and the connection `c`.
fn compare(r: &Recording, s: &SessionRef<'_>, g: &Value) {
    let n = &r.name;
    let c = &r.json["connection"];
    let u = |v: &Value| {
        v.as_u64()
            .unwrap_or_else(|| panic!("{n}: not a number: {v}"))
    };
    assert_eq!(s.dialect(), Dialect::AwsLc, "{n}");
    assert_eq!(
        u64::from(s.protocol_version().wire()),
        u(&g["protocol_version"]),
        "{n}: version"
    );
    assert_eq!(u64::from(s.cipher().code()), u(&g["cipher"]), "{n}: cipher");
    assert_eq!(
        Some(s.session_id().to_vec()),
        hex_of(&g["session_id"]),
        "{n}: session id"
    );
    assert_eq!(
        Some(s.master_key().expose().to_vec()),
        hex_of(&g["master_key"]),
        "{n}: master key"
    );
    assert_eq!(s.time().map(|t| t as u64), Some(u(&g["time"])), "{n}: time");
    assert_eq!(
        s.timeout().map(|t| t as u64),
        Some(u(&g["timeout"])),
        "{n}: timeout"
    );
    assert_eq!(
        Some(s.sid_ctx().unwrap_or_default().to_vec()),
        hex_of(&g["sid_ctx"]),
        "{n}: sid_ctx"
    );
    assert_eq!(nonempty(s.ticket()), hex_of(&g["ticket"]), "{n}: ticket");
    assert_eq!(
        s.ticket().is_some_and(|t| !t.is_empty()),
        g["has_ticket"] == true,
        "{n}: has_ticket"
    );
    assert_eq!(
        s.ticket_lifetime_hint().unwrap_or(0),
        u(&g["ticket_lifetime_hint"]),
        "{n}: hint"
    );
    assert_eq!(
        s.peer_sha256().map(<[u8]>::to_vec),
        hex_of(&g["peer_sha256"]),
        "{n}: peer sha256"
    );
    assert_eq!(
        nonempty(s.ocsp_response()),
        hex_of(&g["ocsp_response"]),
        "{n}: ocsp"
    );
    assert_eq!(
        nonempty(s.signed_cert_timestamp_list()),
        hex_of(&g["signed_cert_timestamp_list"]),
        "{n}: sct list"
    );
    assert_eq!(
        s.peer_certificate().map(<[u8]>::to_vec),
        hex_of(&g["peer_certificate"]),
        "{n}: leaf"
    );
    assert_eq!(
        nonempty(s.cert_chain()),
        hex_of(&g["cert_chain"]),
        "{n}: chain"
    );
    // SSL_SESSION_is_resumable: a session ID or a ticket.
    assert_eq!(
        s.is_resumable(),
        g["is_resumable"] == true,
        "{n}: is_resumable"
    );
    // SSL_SESSION_early_data_capable: TLS 1.3 and ticket_max_early_data != 0.
    let capable = s.protocol_version().wire() >= 0x0304 && s.max_early_data().unwrap_or(0) != 0;
    assert_eq!(
        capable,
        g["early_data_capable"] == true,
        "{n}: early data capable"
    );
    // The connection's values the session was filled from.
    let group = u(&c["group_id"]);
    assert_eq!(
        s.kex_group().map(u64::from),
        (group != 0).then_some(group),
        "{n}: group"
    );
    assert_eq!(
        s.verify_result().unwrap_or(0) as i64,
        c["verify_result"].as_i64().unwrap(),
        "{n}: verify"
    );
    let client = r.json["role"] == "client";
    assert_eq!(s.is_server().unwrap_or(true), !client, "{n}: is_server");
    let sigalg = u(&c["peer_signature_algorithm"]);
    if client || s.peer_certificate().is_some() || s.peer_sha256().is_some() {
        // The side that saw a peer signature stores its algorithm.
        assert_eq!(
            s.peer_signature_algorithm().map(u64::from),
            (sigalg != 0).then_some(sigalg),
            "{n}: sigalg"
        );
    }
    if s.protocol_version().wire() == 0x0303 {
        assert_eq!(
            s.extended_master_secret(),
            Some(c["extended_master_secret"] == true),
            "{n}: EMS"
        );
    }
    if s.protocol_version().wire() == 0x0304 && c["alpn_selected"].is_string() {
        assert_eq!(
            s.alpn_selected().map(<[u8]>::to_vec),
            hex_of(&c["alpn_selected"]),
            "{n}: early ALPN"
        );
    }
}

#[test]
fn our_decoder_reports_aws_lc_getters_and_our_encoder_writes_its_bytes() {
    let all = recordings();
    assert!(all.len() >= 20);
    for r in &all {
        let n = &r.name;
        for opts in [
            DecodeOptions::dialect(Dialect::AwsLc),
            DecodeOptions::dialect(Dialect::AwsLc).allow_trailing(false),
        ] {
            let d = decode_with::<SessionRef<'_>>(&r.der, &opts)
                .unwrap_or_else(|e| panic!("{n}: we refuse what AWS-LC wrote: {e}"));
            assert_eq!(d.consumed, r.der.len(), "{n}");
            compare(r, &d.session, &r.json["getters"]);

            // Live: the library reads the committed bytes to the same values
            // and writes them back byte for byte; so do we.
            let live = Session::from_bytes(&r.der).expect("AWS-LC reads its recording");
            compare(r, &d.session, &live.getters());
            let ours =
                encode(&d.session, Target::AwsLc).unwrap_or_else(|e| panic!("{n}: encode: {e}"));
            assert_eq!(&ours[..], &live.to_bytes()[..], "{n}: SSL_SESSION_to_bytes");
            assert_eq!(&ours[..], &live.i2d()[..], "{n}: i2d_SSL_SESSION");
            assert_eq!(&ours[..], &r.der[..], "{n}: the recorded bytes");
            let auto =
                encode(&d.session, Target::Auto).unwrap_or_else(|e| panic!("{n}: encode: {e}"));
            assert_eq!(
                &auto[..],
                &r.der[..],
                "{n}: Target::Auto writes the session's own dialect"
            );
        }
    }
    println!(
        "{} AWS-LC sessions: every getter value and every byte agree",
        all.len()
    );
}
