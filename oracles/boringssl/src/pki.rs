//! A throw-away PKI for the handshakes, made with BoringSSL itself: a root
//! CA, an intermediate CA, and server and client leaves signed by the
//! intermediate, so that a server sending its chain puts a `[19]` certChain
//! into the client's session.

use std::path::Path;
use std::sync::OnceLock;

use boring::asn1::Asn1Time;
use boring::bn::{BigNum, MsbOption};
use boring::ec::{EcGroup, EcKey};
use boring::hash::MessageDigest;
use boring::nid::Nid;
use boring::pkey::{PKey, Private};
use boring::x509::extension::{BasicConstraints, SubjectAlternativeName};
use boring::x509::{X509Name, X509};

use crate::Result;

/// The certificates and keys.
pub struct Pki {
    /// Root CA (self-signed).
    pub ca: X509,
    /// Intermediate CA, signed by the root.
    pub intermediate: X509,
    /// Server leaf (SAN `server.test`), signed by the intermediate, and its key.
    pub server: (X509, PKey<Private>),
    /// Client leaf (SAN `client.test`), signed by the intermediate, and its key.
    pub client: (X509, PKey<Private>),
}

fn key() -> Result<PKey<Private>> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
    Ok(PKey::from_ec_key(EcKey::generate(&group)?)?)
}

fn cert(
    cn: &str,
    key: &PKey<Private>,
    ca: bool,
    issuer: Option<(&X509, &PKey<Private>)>,
) -> Result<X509> {
    let mut name = X509Name::builder()?;
    name.append_entry_by_nid(Nid::COMMONNAME, cn)?;
    let name = name.build();
    let mut b = X509::builder()?;
    b.set_version(2)?;
    let mut serial = BigNum::new()?;
    serial.rand(63, MsbOption::MAYBE_ZERO, false)?;
    let serial = serial.to_asn1_integer()?;
    b.set_serial_number(&serial)?;
    b.set_subject_name(&name)?;
    b.set_pubkey(key)?;
    let not_before = Asn1Time::days_from_now(0)?;
    let not_after = Asn1Time::days_from_now(3650)?;
    b.set_not_before(&not_before)?;
    b.set_not_after(&not_after)?;
    if ca {
        let bc = BasicConstraints::new().critical().ca().build()?;
        b.append_extension(&bc)?;
    }
    match issuer {
        None => {
            b.set_issuer_name(&name)?;
            b.sign(key, MessageDigest::sha256())?;
        }
        Some((parent, parent_key)) => {
            b.set_issuer_name(parent.subject_name())?;
            if !ca {
                let san = SubjectAlternativeName::new()
                    .dns(cn)
                    .build(&b.x509v3_context(Some(parent), None))?;
                b.append_extension(&san)?;
            }
            b.sign(parent_key, MessageDigest::sha256())?;
        }
    }
    Ok(b.build())
}

/// The PKI shared by everything in a process (made once).
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let make = || -> Result<Pki> {
            let ca_key = key()?;
            let ca = cert("sslsession boringssl root", &ca_key, true, None)?;
            let int_key = key()?;
            let intermediate = cert(
                "sslsession boringssl intermediate",
                &int_key,
                true,
                Some((&ca, &ca_key)),
            )?;
            let server_key = key()?;
            let server = cert(
                "server.test",
                &server_key,
                false,
                Some((&intermediate, &int_key)),
            )?;
            let client_key = key()?;
            let client = cert(
                "client.test",
                &client_key,
                false,
                Some((&intermediate, &int_key)),
            )?;
            Ok(Pki {
                ca,
                intermediate,
                server: (server, server_key),
                client: (client, client_key),
            })
        };
        make().expect("test PKI")
    })
}

impl Pki {
    /// Writes PEM files for a separate-process peer (`openssl s_server` /
    /// `s_client`) into `dir`: `ca.pem` (root), `intermediate.pem`,
    /// `server.pem` / `client.pem` (leaf then intermediate), `server.key` /
    /// `client.key` (PKCS #8).
    ///
    /// # Errors
    /// When a file cannot be written.
    pub fn write_pem(&self, dir: &Path) -> Result<()> {
        std::fs::write(dir.join("ca.pem"), self.ca.to_pem()?)?;
        std::fs::write(dir.join("intermediate.pem"), self.intermediate.to_pem()?)?;
        for (name, (leaf, key)) in [("server", &self.server), ("client", &self.client)] {
            let mut chain = leaf.to_pem()?;
            chain.extend(self.intermediate.to_pem()?);
            std::fs::write(dir.join(format!("{name}.pem")), chain)?;
            std::fs::write(
                dir.join(format!("{name}.key")),
                key.private_key_to_pem_pkcs8()?,
            )?;
        }
        Ok(())
    }
}
