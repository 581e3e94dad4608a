//! The differential property the fuzz target checks (and the malformed test
//! counts): for any input, AWS-LC's `SSL_SESSION_from_bytes` and
//! `d2i_SSL_SESSION` against our decoder in AWS-LC's dialect — the same
//! verdict, the same end for d2i, and for an accepted session our encoding
//! equals what AWS-LC writes back.
//!
//! One named deviation is `Outcome::Known`: `[1]` time ≥ 2^63 and `[5]`
//! verify result > 2^31−1, which AWS-LC holds and we refuse on purpose
//! (`ErrorKind::Unrepresentable`, session-der README "Known differences").
//! Everything else, certificates inside `[3]`/`[19]` included, must agree.

use crate::Session;
use session_der::session_model::Field;
use session_der::{decode_with, encode, DecodeOptions, Dialect, ErrorKind, SessionRef, Target};

/// The outcome of one reader on one input.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Both agree (refuse, or accept with the same bytes and end).
    Agree,
    /// They disagree in a way already reported (which).
    Known(&'static str),
    /// A new disagreement (described).
    Disagree(String),
}

/// Why AWS-LC refused `input` (its error queue), or the session.
fn aws_lc(input: &[u8], d2i: bool) -> Result<(usize, Vec<u8>), String> {
    let r = if d2i {
        Session::d2i_reason(input)
    } else {
        Session::from_bytes_reason(input).map(|s| (s, input.len()))
    };
    r.map(|(s, used)| (used, s.to_bytes()))
}

/// Compares both readers on `input`: `[from_bytes, d2i]`.
pub fn compare(input: &[u8]) -> [Outcome; 2] {
    [false, true].map(|d2i| compare_one(input, d2i))
}

fn compare_one(input: &[u8], d2i: bool) -> Outcome {
    let theirs = aws_lc(input, d2i);
    let opts = DecodeOptions::dialect(Dialect::AwsLc).allow_trailing(d2i);
    let ours = decode_with::<SessionRef<'_>>(input, &opts);
    match (theirs, ours) {
        (Err(_), Err(_)) => Outcome::Agree,
        (Ok((used, bytes)), Ok(d)) => match encode(&d.session, Target::AwsLc) {
            Ok(mine) if used == d.consumed && mine[..] == bytes[..] => Outcome::Agree,
            Ok(mine) => Outcome::Disagree(format!(
                "both accept; AWS-LC ends at {used} and writes {}, we end at {} and write {}",
                hex::encode(&bytes),
                d.consumed,
                hex::encode(&mine[..])
            )),
            Err(e) => Outcome::Disagree(format!("both accept; our encode fails: {e}")),
        },
        (Ok(_), Err(e)) => {
            let known = match (e.kind(), e.field()) {
                (ErrorKind::Unrepresentable, Field::Time) => Some("[1] time >= 2^63"),
                (ErrorKind::Unrepresentable, Field::VerifyResult) => {
                    Some("[5] verify_result > 2^31-1")
                }
                _ => None,
            };
            known.map_or_else(
                || Outcome::Disagree(format!("AWS-LC accepts, we refuse: {e}")),
                Outcome::Known,
            )
        }
        (Err(reason), Ok(_)) => Outcome::Disagree(format!("AWS-LC refuses ({reason}), we accept")),
    }
}
