//! Planning: a year of the example station's airings (every schedule in
//! `schedules/`, weekly, cron and one-off slots), as the daemon and
//! `loaxa plan` compute it.

use std::path::Path;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use loaxa::plan::plan;
use loaxa::station::Station;

fn year_of_the_example_station(c: &mut Criterion) {
    let station = Station::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("example station");
    let (schedules, _) = station.load_schedules();
    let cal = station.calendar();
    let from = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let to = from + chrono::Duration::days(365);
    let n = plan(&schedules, &cal, from, to).len();
    println!("a year of the example station: {n} airings");
    c.bench_function("plan a year of the example station", |b| {
        b.iter(|| plan(std::hint::black_box(&schedules), &cal, from, to))
    });
    c.bench_function("read and check the example station's schedules", |b| {
        b.iter(|| station.load_schedules())
    });
}

criterion_group!(benches, year_of_the_example_station);
criterion_main!(benches);
