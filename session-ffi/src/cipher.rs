//! OpenSSL's cipher table as C sees it: NUL-terminated names at stable addresses.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use session_model::CipherSuite;

/// One cipher suite OpenSSL 3.0's `d2i_SSL_SESSION` accepts, with its names as
/// C strings. Under the `openssl-names` feature this is the `SSL_CIPHER` that
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

fn table() -> &'static [ssl_cipher_st] {
    static TABLE: OnceLock<Vec<ssl_cipher_st>> = OnceLock::new();
    TABLE.get_or_init(|| {
        CipherSuite::all_known()
            .filter_map(|c| {
                Some(ssl_cipher_st {
                    code: c.code,
                    // The table's names are ASCII without NUL; a name that were
                    // not would only drop that entry, never panic.
                    name: CString::new(c.openssl_name).ok()?,
                    standard_name: c.iana_name.and_then(|n| CString::new(n).ok()),
                })
            })
            .collect()
    })
}

/// The entry for a two-byte code, `None` when OpenSSL does not know it.
pub(crate) fn lookup(code: u16) -> Option<&'static ssl_cipher_st> {
    let t = table();
    t.binary_search_by_key(&code, |c| c.code)
        .ok()
        .and_then(|i| t.get(i))
}
