//! The airing path, per item: what it costs to prepare a segment before its
//! instant (find it, open decoder and resampler, shape it, decode the first
//! 100 ms: its facts are known from the library), to check a new file once
//! (decode it whole: loudness, silence, fingerprint), and to render a second
//! of it through the bus (decode, resample, level, mix), for each format of
//! the example station.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use loaxa::audio::bus::{Bus, Program};
use loaxa::daemon::{cue_for, prepare_cue};
use loaxa::library::{analyze, resolve};
use loaxa::program::shape;
use loaxa::schedule::Level;

const FILES: &[(&str, &str)] = &[
    ("mp3 44.1k stereo", "nhac-hieu.mp3"),
    ("mp3 22.05k mono", "cchc/ban-tin-mot-cua.mp3"),
    ("ogg 22.05k mono", "cchc/ban-tin-khai-sinh.ogg"),
    ("flac 16k mono", "cchc/khao-sat-hai-long.flac"),
];

fn audio() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("audio")
}

fn prepare(c: &mut Criterion) {
    let mut g = c.benchmark_group("prepare a segment");
    for (name, file) in FILES {
        let path = resolve(&audio(), file).expect("exists");
        let facts = analyze(&path).expect("decodes");
        let shaped = shape(&facts, Level::Target(-16.0));
        g.bench_with_input(BenchmarkId::from_parameter(name), file, |b, file| {
            b.iter(|| {
                let path = resolve(&audio(), file).expect("exists");
                cue_for(&path, 0, &facts, &shaped).expect("prepares")
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("check a new file (decode it whole)");
    for (name, file) in FILES {
        g.bench_with_input(BenchmarkId::from_parameter(name), file, |b, file| {
            b.iter(|| analyze(&resolve(&audio(), file).expect("exists")).expect("decodes"))
        });
    }
    g.finish();
}

fn render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render 1 s through the bus");
    g.throughput(Throughput::Elements(48_000));
    for (name, file) in FILES {
        g.bench_with_input(BenchmarkId::from_parameter(name), file, |b, file| {
            b.iter_batched(
                || {
                    let (mut bus, handle, events) = Bus::new();
                    let (cue, _) = prepare_cue(&audio(), file, 0).expect("prepares");
                    handle.start(
                        Program {
                            id: 1,
                            cues: vec![cue],
                            rank: 0,
                            grace: 0,
                        },
                        0,
                    );
                    let mut warm = vec![0.0f32; 2 * 480];
                    bus.render(&mut warm);
                    (bus, events, vec![0.0f32; 2 * 48_000])
                },
                |(mut bus, _events, mut out)| {
                    bus.render(&mut out);
                    out
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, prepare, render);
criterion_main!(benches);
