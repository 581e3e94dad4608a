//! Times as `ASN1_TIME_print` writes them (`ossl_asn1_time_print_ex` with
//! `ASN1_DTFLGS_RFC822`, `crypto/asn1/a_time.c`).
//!
//! `d2i_X509` does not look inside a time string, so the parse here is
//! `ossl_asn1_time_to_tm`'s non-strict one (the certificate's times never
//! carry `ASN1_STRING_FLAG_X509_TIME`): seconds may be missing, a `+hhmm` /
//! `-hhmm` offset is applied to the printed time
//! and the result is still labelled GMT — OpenSSL 3.0.19 no longer looks at
//! the final `Z` as 3.0.8 did), a GeneralizedTime may have a fraction, which
//! is printed as written.

use super::der::{self, Tlv};
use super::Unsupported;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A broken-down time as `struct tm` holds it (full year, month 1–12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tm {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
}

/// Prints a UTCTime or GeneralizedTime element, or `Bad time value` when
/// OpenSSL could not parse it (X509_print goes on after that).
pub(crate) fn print_rfc822(out: &mut Vec<u8>, time: Tlv<'_>) -> Result<(), Unsupported> {
    let generalized = match time.tag {
        der::UTC_TIME => false,
        der::GENERALIZED_TIME => true,
        other => {
            return Err(Unsupported::new(format!(
                "a validity time has tag 0x{other:02x}"
            )))
        }
    };
    print_time(out, time.content, generalized);
    Ok(())
}

/// `ossl_asn1_time_print_ex(.., ASN1_DTFLGS_RFC822)` of a time string.
pub(crate) fn print_time(out: &mut Vec<u8>, text: &[u8], generalized: bool) {
    let Some(tm) = parse(text, generalized) else {
        out.extend_from_slice(b"Bad time value");
        return;
    };
    let month = MONTHS[tm.month as usize - 1];
    let mut fraction: &[u8] = &[];
    if generalized && text.len() > 15 && text[14] == b'.' {
        let digits = text[15..].iter().take_while(|b| b.is_ascii_digit()).count();
        fraction = &text[14..15 + digits];
    }
    out.extend_from_slice(
        format!(
            "{month} {:2} {:02}:{:02}:{:02}",
            tm.day, tm.hour, tm.minute, tm.second
        )
        .as_bytes(),
    );
    out.extend_from_slice(fraction);
    out.extend_from_slice(format!(" {} GMT", tm.year).as_bytes());
}

/// `ossl_asn1_time_to_tm` in its non-strict form; `None` where it fails.
pub(crate) fn parse(text: &[u8], generalized: bool) -> Option<Tm> {
    // Two-digit fields: GeneralizedTime starts with the century.
    const MIN: [u32; 9] = [0, 0, 1, 1, 0, 0, 0, 0, 0];
    const MAX: [u32; 9] = [99, 99, 12, 31, 23, 59, 59, 12, 59];
    let (end, seconds_field, min_len) = if generalized { (7, 6, 13) } else { (6, 5, 11) };
    if text.len() < min_len {
        return None;
    }
    let digit = |at: usize| -> Option<u32> {
        let b = *text.get(at)?;
        b.is_ascii_digit().then(|| u32::from(b - b'0'))
    };
    let mut tm = Tm::default();
    let mut at = 0;
    for field in 0..end {
        if field == seconds_field && matches!(text[at], b'Z' | b'+' | b'-') {
            break;
        }
        let high = digit(at)?;
        at += 1;
        if at == text.len() {
            return None;
        }
        let n = high * 10 + digit(at)?;
        at += 1;
        if at == text.len() {
            return None;
        }
        let kind = if generalized { field } else { field + 1 };
        if n < MIN[kind] || n > MAX[kind] {
            return None;
        }
        match kind {
            0 => tm.year = i64::from(n) * 100,
            1 if !generalized => tm.year = if n < 50 { 2000 } else { 1900 } + i64::from(n),
            1 => tm.year += i64::from(n),
            2 => tm.month = n,
            3 => {
                if n > days_in_month(tm.year, tm.month) {
                    return None;
                }
                tm.day = n;
            }
            4 => tm.hour = n,
            5 => tm.minute = n,
            _ => tm.second = n,
        }
    }
    if generalized && text[at] == b'.' {
        at += 1;
        if at == text.len() {
            return None;
        }
        let start = at;
        while at < text.len() && text[at].is_ascii_digit() {
            at += 1;
        }
        if at == start || at == text.len() {
            return None;
        }
    }
    match text[at] {
        b'Z' => at += 1,
        sign @ (b'+' | b'-') => {
            at += 1;
            if at + 4 != text.len() {
                return None;
            }
            let mut offset = 0i64;
            for (i, unit) in [(end, 3600), (end + 1, 60)] {
                let n = digit(at)? * 10 + digit(at + 1)?;
                at += 2;
                let kind = if generalized { i } else { i + 1 };
                if n < MIN[kind] || n > MAX[kind] {
                    return None;
                }
                offset += i64::from(n) * unit;
            }
            // "-hhmm" is behind UTC: add it to reach UTC.
            let adjustment = if sign == b'-' { offset } else { -offset };
            if adjustment != 0 {
                tm = gmtime_adj(tm, adjustment)?;
            }
        }
        _ => return None,
    }
    (at == text.len()).then_some(tm)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `OPENSSL_gmtime_adj(tm, 0, seconds)`: fails outside years 1900–9999.
fn gmtime_adj(tm: Tm, seconds: i64) -> Option<Tm> {
    let day_seconds =
        i64::from(tm.hour) * 3600 + i64::from(tm.minute) * 60 + i64::from(tm.second) + seconds;
    let days = days_from_civil(tm.year, tm.month, tm.day) + day_seconds.div_euclid(86_400);
    let in_day = day_seconds.rem_euclid(86_400);
    let (year, month, day) = date_of_epoch_day(days)?;
    Some(Tm {
        year,
        month,
        day,
        hour: u32::try_from(in_day / 3600).ok()?,
        minute: u32::try_from(in_day / 60 % 60).ok()?,
        second: u32::try_from(in_day % 60).ok()?,
    })
}

/// The date `OPENSSL_gmtime_adj` gives for 1970-01-01 plus `days` (its
/// Julian-day arithmetic is the proleptic Gregorian calendar): `None`
/// outside the years 1900–9999 it accepts.
pub(crate) fn date_of_epoch_day(days: i64) -> Option<(i64, u32, u32)> {
    let (year, month, day) = civil_from_days(days);
    (1900..=9999).contains(&year).then_some((year, month, day))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (as OpenSSL's
/// Julian-day conversion counts them).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
// The day (1..=31) and month (1..=12) are in range by construction.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(text: &str, generalized: bool) -> String {
        let mut out = Vec::new();
        print_time(&mut out, text.as_bytes(), generalized);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn utc_and_generalized_times() {
        assert_eq!(printed("261125175637Z", false), "Nov 25 17:56:37 2026 GMT");
        assert_eq!(printed("491231235959Z", false), "Dec 31 23:59:59 2049 GMT");
        assert_eq!(printed("500101000000Z", false), "Jan  1 00:00:00 1950 GMT");
        assert_eq!(printed("20500101000000Z", true), "Jan  1 00:00:00 2050 GMT");
        assert_eq!(
            printed("20500101000000.250Z", true),
            "Jan  1 00:00:00.250 2050 GMT"
        );
    }

    #[test]
    fn missing_seconds_and_offsets() {
        assert_eq!(printed("2611251756Z", false), "Nov 25 17:56:00 2026 GMT");
        // +0100 is an hour ahead of UTC: printed one hour earlier.
        assert_eq!(
            printed("260101003000+0100", false),
            "Dec 31 23:30:00 2025 GMT"
        );
        assert_eq!(
            printed("20241231233000-0100", true),
            "Jan  1 00:30:00 2025 GMT"
        );
    }

    #[test]
    fn epoch_days_within_the_years_openssl_accepts() {
        assert_eq!(date_of_epoch_day(0), Some((1970, 1, 1)));
        assert_eq!(date_of_epoch_day(-1), Some((1969, 12, 31)));
        assert_eq!(date_of_epoch_day(19_723), Some((2024, 1, 1)));
        assert_eq!(date_of_epoch_day(2_932_896), Some((9999, 12, 31)));
        assert_eq!(date_of_epoch_day(2_932_897), None);
        assert_eq!(date_of_epoch_day(-25_567), Some((1900, 1, 1)));
        assert_eq!(date_of_epoch_day(-25_568), None);
    }

    #[test]
    fn bad_values() {
        for bad in [
            "",
            "261325175637Z",
            "260230000000Z",
            "2611251756",
            "26112517563Z",
            "261125175637+01",
        ] {
            assert_eq!(printed(bad, false), "Bad time value", "{bad:?}");
        }
        assert_eq!(printed("20240229000000Z", true), "Feb 29 00:00:00 2024 GMT");
        assert_eq!(printed("20230229000000Z", true), "Bad time value");
        assert_eq!(printed("20240101000000.Z", true), "Bad time value");
    }
}
