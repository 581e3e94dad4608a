//! `cargo bench -p sslsession-benches`: groups `decode` and `encode`, each
//! comparing in one run our codec, OpenSSL 3.0 (through the `openssl` crate),
//! the schema written with the asn1, der and rasn derives (`src/peers`) and
//! the floor (a plain copy of the same bytes), on the sessions of
//! `sslsession_benches::corpus::BENCH_INPUTS`. The operations are those of
//! `sslsession_benches::ops::Op`, shared with the callgrind driver.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sslsession_benches::corpus::bench_inputs;
use sslsession_benches::ops::Op;

fn group(c: &mut Criterion, name: &str, wanted: impl Fn(Op) -> bool) {
    let inputs = bench_inputs().unwrap_or_else(|e| panic!("{e}"));
    let mut g = c.benchmark_group(name);
    for input in &inputs {
        g.throughput(Throughput::Bytes(input.der.len() as u64));
        for op in Op::ALL.into_iter().filter(|&op| wanted(op)) {
            let mut run = op
                .prepare(&input.der)
                .unwrap_or_else(|e| panic!("{}: {e}", input.file));
            g.bench_function(BenchmarkId::new(op.name(), input.label), |b| {
                b.iter(&mut run);
            });
        }
    }
    g.finish();
}

fn decode(c: &mut Criterion) {
    // The copies are the floor of both groups.
    group(c, "decode", |op| {
        op.is_decode() || matches!(op, Op::Copy | Op::CopyVec)
    });
}

fn encode(c: &mut Criterion) {
    group(c, "encode", |op| !op.is_decode());
}

fn config() -> Criterion {
    // A shared 2-core machine: short runs, many of them; the instruction
    // counts (callgrind.sh) are the stable numbers.
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = decode, encode
}
criterion_main!(benches);
