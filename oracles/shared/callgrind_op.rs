//! The `callgrind-op` driver of the BoringSSL and AWS-LC oracle workspaces,
//! shared by both (`#[path]`-included by each one's `src/bin/callgrind-op.rs`,
//! which names the library as `crate::ffi`, includes the operations,
//! `cbs_ops.rs`, as `crate::ops` and gives its dialect): the peer operations
//! `benches/compare.sh` counts with valgrind, the way
//! `benches/src/bin/callgrind-op.rs` runs ours and OpenSSL's. The criterion
//! bench (`criterion_codec.rs`) times the same operations.
//!
//! Usage: `callgrind-op OPERATION FILE N [client|server]`; the operation
//! `size` prints the length of the converted session instead.
//!
//! FILE is a session in OpenSSL's dialect (the bench corpus), converted to
//! the library's dialect as `ops::converted` does (the role from the fourth
//! argument; server by default, as `ConvertOptions::new()` has it) and
//! checked by `ops::Prepared::new`. The operation then runs once (warm-up)
//! and N times; instructions per operation are `(Ir(N) - Ir(0)) / N` of the
//! whole process.

use std::process::ExitCode;

use session_der::session_model::Dialect;
use session_der::Role;

use crate::ops::{converted, Op, Prepared, Refusal};

/// Runs the driver for the library `crate::ffi` binds, whose dialect is
/// `dialect`.
pub fn main(dialect: Dialect) -> ExitCode {
    let names = || Op::ALL.map(Op::name).join(" ");
    let args: Vec<String> = std::env::args().collect();
    let (op, file, n, role) = match args.as_slice() {
        [_, op, file, n] => (op, file, n, "server"),
        [_, op, file, n, role] => (op, file, n, role.as_str()),
        _ => {
            eprintln!(
                "usage: callgrind-op OPERATION FILE N [client|server]\noperations: {}",
                names()
            );
            return ExitCode::from(2);
        }
    };
    let role = match role {
        "client" => Role::Client,
        "server" => Role::Server,
        _ => {
            eprintln!("the role is client or server, not {role}");
            return ExitCode::from(2);
        }
    };
    // None: `size`.
    let op = match (Op::from_name(op), op.as_str()) {
        (Some(op), _) => Some(op),
        (None, "size") => None,
        _ => {
            eprintln!("unknown operation {op}; operations: {}", names());
            return ExitCode::from(2);
        }
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("N must be a number, not {n}");
        return ExitCode::from(2);
    };
    let der = match std::fs::read(file)
        .map_err(|e| Refusal::Failed(e.to_string()))
        .and_then(|der| converted(&der, dialect, role))
    {
        Ok(der) => der,
        Err(e) => return refused(file, &e),
    };
    let Some(op) = op else {
        println!("{}", der.len());
        return ExitCode::SUCCESS;
    };
    let prepared = match Prepared::new(der) {
        Ok(prepared) => prepared,
        Err(e) => return refused(file, &e),
    };
    let mut run = prepared.run(op);
    run();
    for _ in 0..n {
        run();
    }
    ExitCode::SUCCESS
}

/// Says why `file` cannot be measured: exit status 3 when the session cannot
/// be put in the library's dialect (`benches/compare.sh` shows it as "n/a"),
/// 1 when something failed.
fn refused(file: &str, e: &Refusal) -> ExitCode {
    eprintln!("{file}: {e}");
    match e {
        Refusal::CannotHold(_) => ExitCode::from(3),
        Refusal::Failed(_) => ExitCode::FAILURE,
    }
}
