//! The differential property the malformed-input test and the fuzz target
//! share: BoringSSL's verdicts on one input against ours.

use session_der::session_model::Dialect;
use session_der::ErrorKind;

use crate::{bssl, hex, ours};

/// What BoringSSL did with an input both sides agree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// `SSL_SESSION_from_bytes` accepted it.
    pub from_bytes: bool,
    /// `d2i_SSL_SESSION` accepted it, reading this many bytes.
    pub d2i: Option<usize>,
    /// BoringSSL accepted a value our model cannot hold and we refused it
    /// with [`ErrorKind::Unrepresentable`]: a named deviation (session-der's
    /// README, "Known differences": a `[1]` time of 2^63 or more), not a
    /// disagreement.
    pub unrepresentable: bool,
}

/// Gives `input` to BoringSSL's `SSL_SESSION_from_bytes` and
/// `d2i_SSL_SESSION` and to ours. They agree when both accept or both
/// refuse, `d2i` reads the same length, and what `SSL_SESSION_from_bytes`
/// accepted re-encodes (`SSL_SESSION_to_bytes`, and `i2d_SSL_SESSION`,
/// which must match it) to the bytes our encoder writes. And
/// `session_der::detect` lists BoringSSL among the libraries that read the
/// input exactly when `SSL_SESSION_from_bytes` accepts it, and among those
/// that would have written it exactly when BoringSSL writes it back
/// unchanged.
///
/// One deviation is not a disagreement: BoringSSL accepting a value we
/// refuse as [`ErrorKind::Unrepresentable`] ([`Outcome::unrepresentable`]).
///
/// # Errors
/// A description of the first disagreement.
pub fn check(input: &[u8]) -> Result<Outcome, String> {
    let why = bssl::from_bytes_why(input);
    let refusal = why.as_ref().err().cloned().unwrap_or_default();
    let theirs = why.ok();
    let ours = ours::from_bytes(input);
    match (&theirs, &ours) {
        (Some(t), Ok(o)) => {
            let tb = t.to_bytes().ok_or("SSL_SESSION_to_bytes failed")?;
            if t.i2d().as_deref() != Some(&tb[..]) {
                return Err("BoringSSL's i2d_SSL_SESSION differs from SSL_SESSION_to_bytes".into());
            }
            let ob = ours::to_bytes(o).map_err(|e| format!("our encoder refused: {e}"))?;
            if tb != ob {
                return Err(format!(
                    "re-encodings differ\n  boringssl {}\n  ours      {}",
                    hex(&tb),
                    hex(&ob)
                ));
            }
        }
        (None, Err(_)) => {}
        (Some(_), Err(e)) if e.kind() == ErrorKind::Unrepresentable => {
            // The named deviation: d2i refuses it for the same reason, and
            // detect cannot list a reader we refuse.
            return match ours::d2i(input) {
                Err(d) if d.kind() == ErrorKind::Unrepresentable => Ok(Outcome {
                    from_bytes: true,
                    d2i: bssl::d2i(input).map(|(_, n)| n),
                    unrepresentable: true,
                }),
                other => Err(format!(
                    "SSL_SESSION_from_bytes accepts, we refuse it as unrepresentable ({e}), \
                     but our d2i says {:?}",
                    other.map(|(_, n)| n)
                )),
            };
        }
        (Some(_), Err(e)) => {
            return Err(format!("SSL_SESSION_from_bytes accepts, we refuse: {e}"));
        }
        (None, Ok(_)) => {
            return Err(format!(
                "SSL_SESSION_from_bytes refuses ({refusal}), we accept"
            ));
        }
    }
    let d2i = bssl::d2i(input).map(|(_, n)| n);
    let our_d2i = ours::d2i(input).ok().map(|(_, n)| n);
    if d2i != our_d2i {
        return Err(format!("d2i_SSL_SESSION reads {d2i:?}, ours {our_d2i:?}"));
    }
    let detected = session_der::detect(input);
    let reads = detected.candidates().contains(&Dialect::BoringSsl);
    let writes = detected.writers().contains(&Dialect::BoringSsl);
    let rewritten = theirs.as_ref().and_then(bssl::Session::to_bytes);
    if reads != theirs.is_some() {
        return Err(format!(
            "detect lists BoringSSL as a reader: {reads}; SSL_SESSION_from_bytes accepts: {}",
            theirs.is_some()
        ));
    }
    let unchanged = rewritten.as_deref() == Some(input);
    if writes != unchanged {
        return Err(format!(
            "detect lists BoringSSL as a writer: {writes}; BoringSSL writes it back unchanged: {unchanged}"
        ));
    }
    Ok(Outcome {
        from_bytes: theirs.is_some(),
        d2i,
        unrepresentable: false,
    })
}
