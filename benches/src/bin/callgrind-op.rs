//! Runs one operation of [`sslsession_benches::ops::Op`] on one input N times,
//! for `benches/callgrind.sh`: instructions per operation are
//! `(Ir(N) - Ir(0)) / N`, which cancels process start-up, input reading and
//! the one warm-up run (OpenSSL's lazy initialisation) that both runs share.
//!
//! Usage: `callgrind-op OPERATION FILE N`, or `callgrind-op --openssl-version`
//! for the version of the libssl it is linked to (`benches/compare.sh` builds
//! it once per OpenSSL version and names each in its tables).

use std::process::ExitCode;

use sslsession_benches::ops::Op;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--openssl-version") {
        println!("{}", openssl::version::version());
        return ExitCode::SUCCESS;
    }
    let [_, op, file, n] = args.as_slice() else {
        let names: Vec<&str> = Op::ALL.iter().map(|op| op.name()).collect();
        eprintln!(
            "usage: callgrind-op OPERATION FILE N\noperations: {}",
            names.join(" ")
        );
        return ExitCode::from(2);
    };
    let Some(op) = Op::from_name(op) else {
        eprintln!("unknown operation {op}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("N must be a number, not {n}");
        return ExitCode::from(2);
    };
    let der = match std::fs::read(file) {
        Ok(der) => der,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut run = match op.prepare(&der) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for _ in 0..n {
        run();
    }
    ExitCode::SUCCESS
}
