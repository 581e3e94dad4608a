//! OpenSSL's cipher table as C sees it: NUL-terminated names at stable addresses.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use session_model::{CipherSuite, OpenSslVersion};

/// One cipher suite an OpenSSL version's `d2i_SSL_SESSION` accepts, with that
/// version's names as C strings. Under the `openssl-names` feature this is the `SSL_CIPHER` that
/// `SSL_SESSION_get0_cipher` hands out (`struct ssl_cipher_st`).
#[allow(non_camel_case_types)]
pub struct ssl_cipher_st {
    pub(crate) code: u16,
    pub(crate) name: CString,
    pub(crate) standard_name: Option<CString>,
}

impl ssl_cipher_st {
    /// OpenSSL's 32-bit id (`SSL_CIPHER_get_id`): `0x03000000 | code`.
    #[cfg_attr(not(feature = "openssl-names"), allow(dead_code))]
    pub(crate) fn id(&self) -> u32 {
        CipherSuite(self.code).openssl_id()
    }

    pub(crate) fn name_ptr(&self) -> *const c_char {
        self.name.as_ptr()
    }

    pub(crate) fn standard_name_ptr(&self) -> *const c_char {
        self.standard_name
            .as_ref()
            .map_or(std::ptr::null(), |n| n.as_ptr())
    }
}

/// The cipher table of each version (`ssl3_get_cipher_by_id`'s), in the
/// order of `OpenSslVersion::ALL`, built once.
fn table(version: OpenSslVersion) -> &'static [ssl_cipher_st] {
    static TABLES: OnceLock<Vec<Vec<ssl_cipher_st>>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        OpenSslVersion::ALL
            .iter()
            .map(|&v| {
                CipherSuite::all_known_to(v)
                    .filter_map(|c| {
                        Some(ssl_cipher_st {
                            code: c.code,
                            // The table's names are ASCII without NUL; a name that
                            // were not would only drop that entry, never panic.
                            name: CString::new(c.openssl_name).ok()?,
                            standard_name: c.iana_name.and_then(|n| CString::new(n).ok()),
                        })
                    })
                    .collect()
            })
            .collect()
    });
    tables.get(version.index()).map_or(&[], Vec::as_slice)
}

/// The entry for a two-byte code in `version`'s table, `None` when that
/// version does not know it.
pub(crate) fn lookup(code: u16, version: OpenSslVersion) -> Option<&'static ssl_cipher_st> {
    let t = table(version);
    t.binary_search_by_key(&code, |c| c.code)
        .ok()
        .and_then(|i| t.get(i))
}
