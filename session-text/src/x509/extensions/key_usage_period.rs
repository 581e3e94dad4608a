//! `privateKeyUsagePeriod` (`crypto/x509/v3_pku.c`): `Not Before: …, Not
//! After: …` on one line; a time OpenSSL cannot read prints as
//! `Bad time value` and the printer still succeeds.

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Parser};
use super::super::Unsupported;
use super::crl_entry::print_generalized;
use super::{decoded, Printed};
use crate::dump::indent;

/// The two optional GeneralizedTime strings.
type Period<'a> = (Option<Cow<'a, [u8]>>, Option<Cow<'a, [u8]>>);

/// `SEQUENCE { [0] IMPLICIT GeneralizedTime OPTIONAL, [1] … OPTIONAL }`.
fn decode(value: &[u8]) -> Decoded<Period<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let mut time = |tag| match fields.optional(tag)? {
        Some(time) => time.string().map(Some),
        None => Ok(None),
    };
    let not_before = time(ber::context(0))?;
    let not_after = time(ber::context(1))?;
    fields.finish()?;
    Ok((not_before, not_after))
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some((not_before, not_after)) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    indent(out, width);
    if let Some(time) = not_before {
        out.extend_from_slice(b"Not Before: ");
        print_generalized(out, &time);
        if not_after.is_some() {
            out.extend_from_slice(b", ");
        }
    }
    if let Some(time) = not_after {
        out.extend_from_slice(b"Not After: ");
        print_generalized(out, &time);
    }
    Ok(Printed::Done)
}
