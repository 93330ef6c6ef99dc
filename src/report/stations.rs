//! The table per station of a roll-up (one row per log): its heads and
//! cells, for the CSV here and the XLSX sheet (`xlsx::station_sheet`).

use crate::i18n::Lang;
use loaxa_core::report::{Report, StationTotals};

/// The columns of the table per station, in order.
pub fn station_headers(lang: Lang) -> [String; 11] {
    [
        t_in!(lang, "report-station"),
        t_in!(lang, "report-st-bulletins"),
        t_in!(lang, "report-st-airings"),
        t_in!(lang, "report-st-minutes"),
        t_in!(lang, "report-st-scheduled"),
        t_in!(lang, "report-st-aired"),
        t_in!(lang, "report-st-missed"),
        t_in!(lang, "report-st-emergency"),
        t_in!(lang, "report-st-relays"),
        t_in!(lang, "report-st-silences"),
        t_in!(lang, "report-st-success"),
    ]
}

/// A station's numbers in `station_headers` order after its name:
/// bulletins, airings, minutes (unrounded: a sheet shows them to the
/// tenth, and its total is then their sum), scheduled, aired, missed,
/// emergency airings, relays, silences; and the success ratio (0–1).
pub fn station_numbers(s: &StationTotals) -> ([f64; 9], Option<f64>) {
    let n = |x: usize| x as f64;
    (
        [
            n(s.total.bulletins),
            n(s.total.airings),
            s.total.seconds / 60.0,
            n(s.scheduled()),
            n(s.aired()),
            n(s.missed()),
            n(s.emergency_airings),
            n(s.relays),
            n(s.silence_problems),
        ],
        s.success_ratio(),
    )
}

/// A ratio as people read it: "97,5%" (in English "97.5%"); empty when
/// nothing was due.
pub fn percent(ratio: Option<f64>, lang: Lang) -> String {
    let Some(r) = ratio else {
        return String::new();
    };
    let text = format!("{:.1}%", r * 100.0);
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Each station's name as its table shows it: two logs whose genesis gives
/// the same name (two communes both called so, or both left with the
/// example's name) each get their file's name after it, so that no row
/// and no bar is one a clerk cannot tell apart.
pub fn station_labels(rep: &Report) -> Vec<String> {
    rep.stations
        .iter()
        .map(|s| {
            let namesakes = rep.stations.iter().filter(|o| o.station == s.station);
            if namesakes.count() < 2 {
                return s.station.clone();
            }
            let file = std::path::Path::new(&s.log.file)
                .file_name()
                .map_or_else(|| s.log.file.clone(), |f| f.to_string_lossy().into_owned());
            format!("{} ({file})", s.station)
        })
        .collect()
}

/// A station's row as text (the CSV's), the name (`station_labels`) first.
pub fn station_cells(s: &StationTotals, label: &str, lang: Lang) -> Vec<String> {
    let (numbers, ratio) = station_numbers(s);
    let mut cells = vec![label.to_string()];
    for (i, x) in numbers.iter().enumerate() {
        cells.push(if i == 2 {
            super::minutes(s.total.seconds, lang)
        } else {
            format!("{x}")
        });
    }
    cells.push(percent(ratio, lang));
    cells
}

/// The CSV's roll-up part, under the rows: a line saying why none are
/// listed (too many), then, after a blank row, the table per station
/// with the total.
pub(super) fn csv_lines(rep: &Report, lang: Lang) -> Vec<Vec<String>> {
    let mut lines = Vec::new();
    if !rep.rows_listed {
        lines.push(vec![t_in!(
            lang,
            "report-rows-not-listed",
            count = rep.row_count
        )]);
    }
    if !rep.rollup {
        return lines;
    }
    lines.push(vec![String::new()]);
    lines.push(vec![t_in!(lang, "report-sheet-stations")]);
    lines.push(station_headers(lang).to_vec());
    for (s, label) in rep.stations.iter().zip(station_labels(rep)) {
        lines.push(
            station_cells(s, &label, lang)
                .iter()
                .map(|c| super::inert(c).into_owned())
                .collect(),
        );
    }
    let total = t_in!(lang, "report-total");
    lines.push(station_cells(&rep.all_stations(), &total, lang));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ratio_is_a_percentage_with_the_languages_decimal_mark() {
        assert_eq!(percent(Some(0.975), Lang::Vi), "97,5%");
        assert_eq!(percent(Some(0.975), Lang::En), "97.5%");
        assert_eq!(percent(Some(1.0), Lang::Vi), "100,0%");
        assert_eq!(percent(None, Lang::Vi), "");
    }

    #[test]
    fn namesakes_are_told_apart_by_their_files() {
        let station = |name: &str, file: &str| {
            let mut s = StationTotals {
                station: name.into(),
                ..StationTotals::default()
            };
            s.log.file = file.into();
            s
        };
        let mut rep = loaxa_core::report::build(
            "x",
            loaxa_core::report::Period::year(2026).unwrap(),
            &[],
            &crate::topics::TopicList::default(),
        );
        rep.stations = vec![
            station("Xã Mỹ Thạnh", "nhat-ky/my-thanh-a.jsonl"),
            station("Xã Mỹ Hòa", "nhat-ky/my-hoa.jsonl"),
            station("Xã Mỹ Thạnh", "my-thanh-b.jsonl"),
        ];
        assert_eq!(
            station_labels(&rep),
            [
                "Xã Mỹ Thạnh (my-thanh-a.jsonl)",
                "Xã Mỹ Hòa",
                "Xã Mỹ Thạnh (my-thanh-b.jsonl)"
            ]
        );
    }

    #[test]
    fn a_stations_cells_follow_the_heads() {
        let mut s = StationTotals {
            station: "Mỹ Thạnh".into(),
            ..StationTotals::default()
        };
        s.total.bulletins = 3;
        s.total.airings = 7;
        s.total.seconds = 270.0;
        s.statuses
            .insert(Some(loaxa_core::airlog::Status::Completed), 3);
        s.statuses
            .insert(Some(loaxa_core::airlog::Status::Missed), 1);
        s.relays = 1;
        let cells = station_cells(&s, "Mỹ Thạnh", Lang::Vi);
        assert_eq!(cells.len(), station_headers(Lang::Vi).len());
        assert_eq!(
            cells,
            [
                "Mỹ Thạnh",
                "3",
                "7",
                "4,5",
                "4",
                "3",
                "1",
                "0",
                "1",
                "0",
                "75,0%"
            ]
        );
    }
}
