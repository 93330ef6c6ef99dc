//! Reading a schedule file: strict JSON with positions kept, so every problem
//! can point at its line and column, and all problems are reported at once
//! rather than the first one only.

use crate::{Arg, Msg};
use std::collections::HashMap;
use std::str::FromStr;

use chrono::{NaiveDate, Weekday};
use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::calendar::{MonthDay, Months, Priority, Skip, parse_grace};
use super::{Level, Parsed, Pick, Schedule, Segment, Slot, TextSource, Timing, Weekdays};
use crate::diag::{Diagnostic, LineIndex, Pos, Problem, in_field, suggest};
use crate::timefmt::{fold_vi, parse_date, parse_time_of_day, parse_weekday};
use crate::topics::TopicList;

/// The schedule format this version of loaxa reads.
pub const FORMAT_VERSION: u64 = 1;

const TOP_FIELDS: &[&str] = &["$schema", "version", "title", "from", "to", "skip", "slots"];
const SLOT_FIELDS: &[&str] = &[
    "id", "title", "days", "date", "monthly", "cron", "at", "months", "from", "to", "priority",
    "grace", "level", "program",
];
fn timing_hint() -> Msg {
    msg!("sched-timing-hint")
}
const SEGMENT_FIELDS: &[&str] = &[
    "file",
    "folder",
    "pick",
    "text",
    "text_file",
    "voice",
    "title",
    "topic",
    "author",
    "level",
    "relay",
    "duration",
    "fallback",
];

fn weekday_hint() -> Msg {
    msg!("sched-weekday-hint")
}

/// Reads the text of one schedule file. `name` is how the file is shown in
/// messages (e.g. `schedules/cchc.json`).
pub fn parse(name: &str, text: &str, topics: &TopicList) -> Parsed {
    let mut cx = Cx {
        name,
        lines: LineIndex::new(text),
        topics,
        diags: Vec::new(),
    };
    let schedule = cx.file(text);
    Parsed {
        schedule,
        diagnostics: cx.diags,
    }
}

struct Cx<'a> {
    name: &'a str,
    lines: LineIndex<'a>,
    topics: &'a TopicList,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn pos(&self, node: &impl Ranged) -> Pos {
        self.lines.pos(node.range().start)
    }

    fn error(&mut self, at: Pos, message: Msg, hint: Msg) {
        self.diags
            .push(Diagnostic::error(self.name, at, message, hint));
    }

    fn warning(&mut self, at: Pos, message: Msg, hint: Msg) {
        self.diags
            .push(Diagnostic::warning(self.name, at, message, hint));
    }

    fn file(&mut self, text: &str) -> Option<Schedule> {
        let strict = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let root = match parse_to_ast(text, &CollectOptions::default(), &strict) {
            Ok(r) => r.value,
            Err(e) => {
                self.syntax_error(text, &e);
                return None;
            }
        };
        let Some(root) = root else {
            self.error(
                Pos::FILE,
                msg!("sched-empty-file"),
                msg!("sched-empty-file-hint"),
            );
            return None;
        };
        let Value::Object(obj) = &root else {
            let at = self.pos(&root);
            self.error(at, msg!("sched-not-object"), msg!("sched-not-object-hint"));
            return None;
        };
        let fields = self.fields(obj, TOP_FIELDS, &msg!("sched-what-schedule"));
        let errors_before = self.error_count();

        if let Some(p) = fields.get("version") {
            match &p.value {
                Value::NumberLit(n) if n.value == "1" => {}
                v => {
                    let at = self.pos(v);
                    self.error(
                        at,
                        msg!("sched-version", version = FORMAT_VERSION),
                        msg!("sched-version-hint"),
                    );
                }
            }
        }
        if let Some(p) = fields.get("$schema") {
            // For editors only; any text will do.
            self.string(p, "$schema");
        }
        let title = fields.get("title").and_then(|p| self.string(p, "title"));
        let (from, to) = self.window(&fields, None);
        let skip = fields
            .get("skip")
            .map(|p| self.skip_list(p))
            .unwrap_or_default();
        // Problems above make the whole file unusable: its dates decide when
        // any of its slots apply.
        let file_ok = self.error_count() == errors_before;

        let slots = self.slots(obj, &fields);
        if !file_ok {
            return None;
        }
        let schedule = Schedule {
            name: self.name.to_string(),
            title,
            from,
            to,
            skip,
            slots,
        };
        self.never_airs(&schedule);
        Some(schedule)
    }

    /// The file is not JSON: where and why, in the operator's words.
    fn syntax_error(&mut self, text: &str, e: &jsonc_parser::errors::ParseError) {
        use jsonc_parser::errors::ParseErrorKind as K;
        // Quotes pasted from Word or Zalo look right and are not JSON.
        if let Some(at) = text.find(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
            self.error(
                self.lines.pos(at),
                msg!("sched-curly-quotes"),
                msg!("sched-curly-quotes-hint"),
            );
            return;
        }
        let (at, msg) = match e.kind() {
            // Where the text ends is where the closing bracket is
            // missing; where it opened helps find which one.
            K::UnterminatedObject | K::UnterminatedArray => {
                let what = match e.kind() {
                    K::UnterminatedObject => "{ … }",
                    _ => "[ … ]",
                };
                let opened = self.lines.pos(e.range().start);
                (
                    self.lines.pos(text.trim_end().len()),
                    msg!(
                        "sched-unclosed",
                        what = what,
                        line = opened.line,
                        col = opened.col
                    ),
                )
            }
            kind => (
                self.lines.pos(e.range().start),
                msg!("sched-not-json", detail = json_problem(kind)),
            ),
        };
        self.error(at, msg, msg!("sched-not-json-hint"));
    }

    /// The `slots` list: each usable slot (a slot with an error is left out).
    fn slots(&mut self, obj: &Object, fields: &HashMap<String, &ObjectProp>) -> Vec<Slot> {
        let mut slots = Vec::new();
        match fields.get("slots") {
            None => self.error(
                self.lines.pos(obj.range.start),
                msg!("sched-no-slots"),
                msg!("sched-no-slots-hint"),
            ),
            Some(p) => match &p.value {
                Value::Array(arr) => {
                    let mut seen: HashMap<String, Pos> = HashMap::new();
                    for el in &arr.elements {
                        if let Some(slot) = self.slot(el, &mut seen) {
                            slots.push(slot);
                        }
                    }
                }
                v => {
                    let at = self.pos(v);
                    self.error(
                        at,
                        msg!("sched-slots-not-list"),
                        msg!("sched-slots-not-list-hint"),
                    );
                }
            },
        }
        slots
    }

    /// Warnings for slots that can never air: a one-off date the schedule
    /// or the slot leaves out, dates outside the schedule's, a cron no date
    /// matches (31/02).
    fn never_airs(&mut self, schedule: &Schedule) {
        for slot in &schedule.slots {
            if let Timing::Once { date, .. } = slot.timing
                && !(schedule.active_on(date) && slot.active_on(date))
            {
                self.warning(
                    slot.pos,
                    crate::diag::in_slot(
                        &slot.id,
                        msg!("sched-once-never", date = crate::timefmt::date_vi(date)),
                    ),
                    msg!("sched-once-never-hint"),
                );
            }
            // A slot whose own dates lie outside its schedule's never airs.
            let lo = slot.from.max(schedule.from);
            let hi = match (slot.to, schedule.to) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo > hi
            {
                self.warning(
                    slot.pos,
                    crate::diag::in_slot(&slot.id, msg!("sched-window-outside")),
                    msg!("sched-window-outside-hint"),
                );
            }
            // A cron that no date ever matches (31/02, 30/02…).
            if let Timing::Cron { schedule: cron, .. } = &slot.timing {
                let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
                if cron.after(&epoch).next().is_none() {
                    self.warning(
                        slot.pos,
                        crate::diag::in_slot(&slot.id, msg!("sched-cron-never")),
                        msg!("sched-cron-never-hint"),
                    );
                }
            }
        }
    }

    /// A slot's `id`: present, not empty, not used by another slot of the file.
    fn slot_id(
        &mut self,
        f: &HashMap<String, &ObjectProp>,
        at: Pos,
        seen: &mut HashMap<String, Pos>,
    ) -> Option<String> {
        match f.get("id") {
            None => {
                self.error(at, msg!("sched-slot-no-id"), msg!("sched-slot-no-id-hint"));
                None
            }
            Some(p) => match self.string(p, "id") {
                Some(id) if id.trim().is_empty() => {
                    let at = self.pos(&p.value);
                    self.error(
                        at,
                        msg!("sched-slot-id-empty"),
                        msg!("sched-slot-id-empty-hint"),
                    );
                    None
                }
                Some(id) => {
                    let id_pos = self.pos(&p.value);
                    if let Some(first) = seen.get(&id) {
                        let first = *first;
                        self.error(
                            id_pos,
                            msg!("sched-slot-id-twice", id = &id, line = first.line),
                            msg!("sched-slot-id-twice-hint"),
                        );
                    } else {
                        seen.insert(id.clone(), id_pos);
                    }
                    Some(id)
                }
                None => None,
            },
        }
    }

    /// A slot's `priority`: normal, priority or emergency, in the words people use.
    fn priority(&mut self, p: &ObjectProp, label: &Arg) -> Option<Priority> {
        let text = self.string(p, "priority");
        let parsed = text.as_deref().and_then(Priority::parse);
        if parsed.is_none() && text.is_some() {
            let at = self.pos(&p.value);
            self.error(
                at,
                crate::diag::in_slot(
                    label,
                    msg!("sched-not-priority", word = text.unwrap_or_default()),
                ),
                msg!("sched-not-priority-hint"),
            );
        }
        parsed
    }

    /// A slot's own `grace`: how late it may still start.
    fn slot_grace(&mut self, p: &ObjectProp, label: &Arg) -> Option<chrono::Duration> {
        let text = match &p.value {
            Value::NumberLit(n) => Some(n.value.to_string()),
            _ => self.string(p, "grace"),
        };
        match text.as_deref().map(parse_grace) {
            Some(Ok(g)) => Some(g),
            Some(Err(problem)) => {
                let at = self.pos(&p.value);
                self.error(
                    at,
                    crate::diag::in_slot(label, in_field("grace", problem.what)),
                    problem.hint,
                );
                None
            }
            None => None,
        }
    }

    /// How a folder item picks: newest, all, or in turn.
    fn pick(&mut self, pp: &ObjectProp, label: &Arg) -> Option<Pick> {
        let word = self.string(pp, "pick")?;
        match fold_vi(&word).as_str() {
            "newest" | "moi nhat" => Some(Pick::Newest),
            "all" | "tat ca" => Some(Pick::All),
            "rotate" | "xoay vong" | "lan luot" => Some(Pick::Rotate),
            _ => {
                let pos = self.pos(&pp.value);
                self.error(
                    pos,
                    crate::diag::in_slot(label, msg!("sched-pick-bad", word = &word)),
                    msg!("sched-pick-bad-hint"),
                );
                None
            }
        }
    }

    /// An item's `topic`: a code of the station's topic list.
    fn topic(&mut self, tp: &ObjectProp, label: &Arg) -> Option<String> {
        let code = self.string(tp, "topic")?;
        if self.topics.get(&code).is_none() {
            let tat = self.pos(&tp.value);
            let codes = self.topics.codes();
            self.error(
                tat,
                crate::diag::in_slot(label, msg!("sched-not-topic", code = &code)),
                suggest(&code, &codes),
            );
            return None;
        }
        Some(code)
    }

    /// `from` / `to` of a schedule or a slot; an error if they are reversed.
    fn window(
        &mut self,
        fields: &HashMap<String, &ObjectProp>,
        slot: Option<&Arg>,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let from = fields.get("from").and_then(|p| self.date(p, "from"));
        let to = fields.get("to").and_then(|p| self.date(p, "to"));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
            && let Some(p) = fields.get("to")
        {
            let at = self.pos(*p);
            let what = msg!(
                "sched-to-before-from",
                to = crate::timefmt::date_vi(t),
                from = crate::timefmt::date_vi(f)
            );
            self.error(
                at,
                match slot {
                    Some(label) => crate::diag::in_slot(label, what),
                    None => what,
                },
                msg!("sched-to-before-from-hint"),
            );
        }
        (from, to)
    }

    /// `"skip": ["30/04", "02/09/2014", { "from": "28/01/2025", "to": "02/02/2025" }]`.
    fn skip_list(&mut self, p: &ObjectProp) -> Vec<Skip> {
        let hint = msg!("sched-skip-hint");
        let Value::Array(arr) = &p.value else {
            let at = self.pos(&p.value);
            self.error(at, msg!("sched-skip-not-list"), hint);
            return Vec::new();
        };
        let mut out = Vec::new();
        for el in &arr.elements {
            let at = self.pos(el);
            let parsed = match el {
                Value::StringLit(s) => Skip::parse(&s.value),
                Value::Object(obj) => {
                    let f = self.fields(obj, &["from", "to"], &msg!("sched-what-skip-range"));
                    match (f.get("from"), f.get("to")) {
                        (Some(a), Some(b)) => {
                            match (self.string(a, "from"), self.string(b, "to")) {
                                (Some(a), Some(b)) => Skip::range(&a, &b),
                                _ => continue,
                            }
                        }
                        _ => Err(Problem::new(
                            msg!("sched-skip-range-incomplete"),
                            Msg::none(),
                        )),
                    }
                }
                _ => Err(Problem::new(msg!("sched-skip-not-text"), Msg::none())),
            };
            match parsed {
                Ok(s) => out.push(s),
                Err(problem) => {
                    self.error(at, in_field("skip", problem.what), hint.clone());
                }
            }
        }
        out
    }

    fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// The properties of an object by name; reports unknown and repeated names.
    fn fields<'o, 'a>(
        &mut self,
        obj: &'o Object<'a>,
        allowed: &[&str],
        what: &Msg,
    ) -> HashMap<String, &'o ObjectProp<'a>> {
        let mut out: HashMap<String, &ObjectProp> = HashMap::new();
        for p in &obj.properties {
            let key = p.name.as_str().to_string();
            let at = self.lines.pos(p.range.start);
            if !allowed.contains(&key.as_str()) {
                self.error(
                    at,
                    msg!("sched-unknown-field", field = &key, what = what),
                    suggest(&key, allowed),
                );
                continue;
            }
            if out.contains_key(&key) {
                self.error(
                    at,
                    msg!("sched-field-twice", field = &key, what = what),
                    msg!("sched-field-twice-hint"),
                );
                continue;
            }
            out.insert(key, p);
        }
        out
    }

    fn string(&mut self, p: &ObjectProp, field: &str) -> Option<String> {
        match &p.value {
            // A line break or another control character in an id, a title,
            // a file name…: it would break every line it is printed on
            // (the plan, the journal, the report).
            Value::StringLit(s) if s.value.chars().any(char::is_control) => {
                let at = self.pos(&p.value);
                self.error(
                    at,
                    msg!("sched-control-char", field = field),
                    msg!("sched-control-char-hint"),
                );
                None
            }
            Value::StringLit(s) => Some(s.value.to_string()),
            v => {
                let at = self.pos(v);
                self.error(
                    at,
                    msg!("sched-not-text", field = field),
                    msg!("sched-not-text-hint", field = field),
                );
                None
            }
        }
    }

    fn date(&mut self, p: &ObjectProp, field: &str) -> Option<NaiveDate> {
        let s = self.string(p, field)?;
        match parse_date(&s) {
            Ok(d) => Some(d),
            Err(problem) => {
                let at = self.pos(&p.value);
                self.error(at, in_field(field, problem.what), problem.hint);
                None
            }
        }
    }

    fn slot(&mut self, el: &Value, seen: &mut HashMap<String, Pos>) -> Option<Slot> {
        let at = self.pos(el);
        let Value::Object(obj) = el else {
            self.error(
                at,
                msg!("sched-slot-not-object"),
                msg!("sched-slot-not-object-hint"),
            );
            return None;
        };
        let errors_before = self.error_count();
        let f = self.fields(obj, SLOT_FIELDS, &msg!("sched-what-slot"));

        let id = self.slot_id(&f, at, seen);
        let label = match &id {
            Some(id) => Arg::from(id),
            None => Arg::from(msg!("sched-slot-at-line", line = at.line)),
        };
        let title = f.get("title").and_then(|p| self.string(p, "title"));
        let timing = self.timing(&f, &label, at);
        let (from, to) = self.window(&f, Some(&label));
        let months = match f.get("months") {
            None => Some(Months::ALL),
            Some(p) => self.months(p, &label),
        };
        let priority = match f.get("priority") {
            None => Some(Priority::Normal),
            Some(p) => self.priority(p, &label),
        };
        let level = match f.get("level") {
            None => Some(None),
            Some(p) => self.level(p, &label).map(Some),
        };
        let grace = match f.get("grace") {
            None => Some(None),
            Some(p) => self.slot_grace(p, &label).map(Some),
        };
        let program = match f.get("program") {
            None => {
                self.error(
                    at,
                    crate::diag::in_slot(&label, msg!("sched-no-program")),
                    msg!("sched-no-program-hint"),
                );
                None
            }
            Some(p) => self.program(p, &label),
        };
        if self.error_count() != errors_before {
            return None;
        }
        Some(Slot {
            id: id?,
            title,
            timing: timing?,
            program: program?,
            priority: priority?,
            grace: grace?,
            from,
            to,
            months: months?,
            level: level?,
            pos: at,
        })
    }

    /// `"months": [1, 4, 7, 10]` (or `"tháng 3"`).
    fn months(&mut self, p: &ObjectProp, label: &Arg) -> Option<Months> {
        let items: Vec<&Value> = match &p.value {
            Value::Array(Array { elements, .. }) => elements.iter().collect(),
            v => vec![v],
        };
        let mut set = Months::none();
        let mut ok = true;
        for item in items {
            let text = match item {
                Value::NumberLit(n) => Some(n.value.to_string()),
                Value::StringLit(s) => Some(s.value.to_string()),
                _ => None,
            };
            match text.as_deref().and_then(Months::parse_month) {
                Some(m) => set.insert(m),
                None => {
                    let at = self.pos(item);
                    self.error(
                        at,
                        crate::diag::in_slot(label, msg!("sched-months-bad")),
                        msg!("sched-months-bad-hint"),
                    );
                    ok = false;
                }
            }
        }
        if ok && set.is_empty() {
            let at = self.pos(&p.value);
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-months-empty")),
                msg!("sched-months-empty-hint"),
            );
            ok = false;
        }
        ok.then_some(set)
    }

    fn timing(&mut self, f: &HashMap<String, &ObjectProp>, label: &Arg, at: Pos) -> Option<Timing> {
        let mut kinds: Vec<&&ObjectProp> = ["days", "date", "monthly", "cron"]
            .iter()
            .filter_map(|k| f.get(*k))
            .collect();
        // Point at the second one as written.
        kinds.sort_by_key(|p| p.range.start);
        let time = f.get("at");
        if kinds.len() > 1 {
            let other = kinds[1];
            let p = self.lines.pos(other.range.start);
            self.error(
                p,
                crate::diag::in_slot(
                    label,
                    msg!(
                        "sched-two-timings",
                        first = kinds[0].name.as_str(),
                        second = other.name.as_str()
                    ),
                ),
                msg!("sched-two-timings-hint"),
            );
            return None;
        }
        let Some(kind) = kinds.first() else {
            let p = time.map(|t| self.lines.pos(t.range.start)).unwrap_or(at);
            let msg = if time.is_some() {
                crate::diag::in_slot(label, msg!("sched-at-without-days"))
            } else {
                crate::diag::in_slot(label, msg!("sched-no-timing"))
            };
            self.error(p, msg, timing_hint());
            return None;
        };
        match kind.name.as_str() {
            "cron" => {
                for extra in ["at", "months"] {
                    if let Some(p) = f.get(extra) {
                        let pos = self.lines.pos(p.range.start);
                        self.error(
                            pos,
                            crate::diag::in_slot(label, msg!("sched-cron-and", field = extra)),
                            msg!("sched-cron-and-hint"),
                        );
                        return None;
                    }
                }
                self.cron(kind, label)
            }
            "days" => {
                let days = self.days(kind, label);
                let at = self.at(time, label, at)?;
                Some(Timing::Weekly { days: days?, at })
            }
            "date" => {
                if let Some(p) = f.get("months") {
                    let pos = self.lines.pos(p.range.start);
                    self.error(
                        pos,
                        crate::diag::in_slot(label, msg!("sched-date-and-months")),
                        msg!("sched-date-and-months-hint"),
                    );
                    return None;
                }
                let date = self.date(kind, "date");
                let at = self.at(time, label, at)?;
                Some(Timing::Once { date: date?, at })
            }
            _ => {
                let text = match &kind.value {
                    Value::NumberLit(n) => Some(n.value.to_string()),
                    _ => self.string(kind, "monthly"),
                };
                let day = match text.as_deref().map(MonthDay::parse) {
                    Some(Ok(d)) => Some(d),
                    Some(Err(problem)) => {
                        let pos = self.pos(&kind.value);
                        self.error(
                            pos,
                            crate::diag::in_slot(label, in_field("monthly", problem.what)),
                            problem.hint,
                        );
                        None
                    }
                    None => None,
                };
                let at = self.at(time, label, at)?;
                Some(Timing::Monthly { day: day?, at })
            }
        }
    }

    fn at(
        &mut self,
        time: Option<&&ObjectProp>,
        label: &Arg,
        slot_at: Pos,
    ) -> Option<chrono::NaiveTime> {
        let Some(p) = time else {
            self.error(
                slot_at,
                crate::diag::in_slot(label, msg!("sched-no-at")),
                msg!("sched-no-at-hint"),
            );
            return None;
        };
        let s = self.string(p, "at")?;
        match parse_time_of_day(&s) {
            Ok(t) => Some(t),
            Err(problem) => {
                let at = self.pos(&p.value);
                self.error(
                    at,
                    crate::diag::in_slot(label, in_field("at", problem.what)),
                    problem.hint,
                );
                None
            }
        }
    }

    fn days(&mut self, p: &ObjectProp, label: &Arg) -> Option<Weekdays> {
        let items: Vec<&Value> = match &p.value {
            Value::Array(Array { elements, .. }) => elements.iter().collect(),
            v => vec![v],
        };
        if items.is_empty() {
            let at = self.pos(&p.value);
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-days-empty")),
                weekday_hint(),
            );
            return None;
        }
        let mut set = Weekdays::default();
        let mut daily = false;
        let mut ok = true;
        for item in &items {
            let at = self.pos(*item);
            let text = match item {
                Value::StringLit(s) => s.value.to_string(),
                Value::NumberLit(n) => {
                    self.numeric_weekday(at, label, n.value);
                    ok = false;
                    continue;
                }
                _ => {
                    self.error(
                        at,
                        crate::diag::in_slot(label, msg!("sched-weekday-not-text")),
                        weekday_hint(),
                    );
                    ok = false;
                    continue;
                }
            };
            for part in text.split(',').map(str::trim) {
                if is_daily(part) {
                    daily = true;
                    continue;
                }
                match parse_day_or_range(part) {
                    Ok(days) => days.iter().for_each(|d| set.insert(*d)),
                    Err(()) if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() => {
                        self.numeric_weekday(at, label, part);
                        ok = false;
                    }
                    Err(()) => {
                        let known = ["T2", "T3", "T4", "T5", "T6", "T7", "CN", "hằng ngày"];
                        let hint = match crate::diag::did_you_mean(part, &known) {
                            Some(s) => {
                                msg!(
                                    "two-hints",
                                    first = msg!("diag-did-you-mean", word = s),
                                    second = weekday_hint()
                                )
                            }
                            None => weekday_hint(),
                        };
                        self.error(
                            at,
                            crate::diag::in_slot(label, msg!("sched-not-weekday", word = part)),
                            hint,
                        );
                        ok = false;
                    }
                }
            }
        }
        if daily && !set.is_empty() {
            let at = self.pos(&p.value);
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-daily-and-days")),
                msg!("sched-daily-and-days-hint"),
            );
            return None;
        }
        if !ok {
            return None;
        }
        Some(if daily { Weekdays::ALL } else { set })
    }

    fn numeric_weekday(&mut self, at: Pos, label: &Arg, n: &str) {
        self.error(
            at,
            crate::diag::in_slot(label, msg!("sched-weekday-number", number = n)),
            msg!("sched-weekday-number-hint"),
        );
    }

    fn cron(&mut self, p: &ObjectProp, label: &Arg) -> Option<Timing> {
        let expr = self.string(p, "cron")?;
        let at = self.pos(&p.value);
        match rewrite_cron(&expr) {
            Ok(rewritten) => match cron::Schedule::from_str(&rewritten) {
                Ok(schedule) => Some(Timing::Cron {
                    expr: rewritten,
                    schedule: Box::new(schedule),
                }),
                // The crate's own words are English, sometimes wrong and
                // several lines long: not for people.
                Err(_) => {
                    self.error(
                        at,
                        crate::diag::in_slot(label, msg!("sched-cron-invalid", expr = &expr)),
                        msg!("sched-cron-invalid-hint"),
                    );
                    None
                }
            },
            Err(CronProblem::FiveFields) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-cron-five", expr = &expr)),
                    msg!("diag-did-you-mean", word = format!("0 {}", expr.trim())),
                );
                None
            }
            Err(CronProblem::FieldCount(n)) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-cron-fields", expr = &expr, count = n)),
                    msg!("sched-cron-fields-hint"),
                );
                None
            }
            Err(CronProblem::NumericWeekday(tok)) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-cron-weekday-number", word = &tok)),
                    msg!("sched-cron-weekday-number-hint"),
                );
                None
            }
            Err(CronProblem::UnknownWeekday(tok)) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-cron-not-weekday", word = &tok)),
                    msg!("sched-cron-not-weekday-hint"),
                );
                None
            }
            Err(CronProblem::Field { field, text }) => {
                let (lo, hi) = field.range();
                self.error(
                    at,
                    crate::diag::in_slot(
                        label,
                        msg!(
                            "sched-cron-field",
                            expr = &expr,
                            field = field.name(),
                            text = &text
                        ),
                    ),
                    msg!("sched-cron-field-hint", low = lo, high = hi),
                );
                None
            }
        }
    }

    fn program(&mut self, p: &ObjectProp, label: &Arg) -> Option<Vec<Segment>> {
        let Value::Array(arr) = &p.value else {
            let at = self.pos(&p.value);
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-program-not-list")),
                msg!("sched-program-not-list-hint"),
            );
            return None;
        };
        if arr.elements.is_empty() {
            let at = self.pos(&p.value);
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-program-empty")),
                msg!("sched-program-empty-hint"),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for el in &arr.elements {
            match self.segment(el, label) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// `"level": -16` (LUFS) or `false` / `"off"`.
    pub(crate) fn level(&mut self, p: &ObjectProp, label: &Arg) -> Option<Level> {
        let at = self.pos(&p.value);
        let level = match &p.value {
            Value::BooleanLit(b) if !b.value => Some(Level::Off),
            Value::StringLit(s)
                if matches!(fold_vi(&s.value).as_str(), "off" | "tat" | "khong") =>
            {
                Some(Level::Off)
            }
            Value::NumberLit(n) => n
                .value
                .parse::<f64>()
                .ok()
                .filter(|l| (-40.0..=-5.0).contains(l))
                .map(Level::Target),
            _ => None,
        };
        if level.is_none() {
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-level-bad")),
                msg!("sched-level-bad-hint"),
            );
        }
        level
    }

    fn segment(&mut self, el: &Value, label: &Arg) -> Option<Segment> {
        let at = self.pos(el);
        let obj = match el {
            Value::StringLit(s) => {
                let file = s.value.to_string();
                return self.audio_segment(file, at, None, About::default(), label);
            }
            Value::Object(obj) => obj,
            _ => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-item-bad")),
                    msg!("sched-item-bad-hint"),
                );
                return None;
            }
        };
        let f = self.fields(obj, SEGMENT_FIELDS, &msg!("sched-what-item"));
        let level = match f.get("level") {
            None => None,
            Some(p) => Some(self.level(p, label)?),
        };
        if let Some(rp) = f.get("relay") {
            let about = self.about(&f, level, label)?;
            return self.relay_segment(rp, &f, at, about, label);
        }
        for only in ["duration", "fallback"] {
            if let Some(p) = f.get(only) {
                let pos = self.pos(*p);
                self.error(
                    pos,
                    crate::diag::in_slot(label, msg!("sched-relay-only", field = only)),
                    msg!("sched-relay-only-hint", field = only),
                );
                return None;
            }
        }
        if f.contains_key("text") || f.contains_key("text_file") {
            let about = self.about(&f, level, label)?;
            return self.text_segment(&f, at, about, label);
        }
        if let Some(vp) = f.get("voice") {
            let pos = self.pos(*vp);
            self.error(
                pos,
                crate::diag::in_slot(label, msg!("sched-voice-without-text")),
                msg!("sched-voice-without-text-hint"),
            );
            return None;
        }
        let (fp, is_folder) = match (f.get("file"), f.get("folder")) {
            (Some(_), Some(d)) => {
                let pos = self.pos(*d);
                self.error(
                    pos,
                    crate::diag::in_slot(label, msg!("sched-file-and-folder")),
                    msg!("sched-file-and-folder-hint"),
                );
                return None;
            }
            (Some(fp), None) => (fp, false),
            (None, Some(d)) => (d, true),
            (None, None) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-item-no-file")),
                    msg!("sched-item-no-file-hint"),
                );
                return None;
            }
        };
        let pick = if is_folder {
            Some(match f.get("pick") {
                None => Pick::Newest,
                Some(pp) => self.pick(pp, label)?,
            })
        } else if let Some(pp) = f.get("pick") {
            let pos = self.pos(*pp);
            self.error(
                pos,
                crate::diag::in_slot(label, msg!("sched-pick-with-file")),
                msg!("sched-pick-with-file-hint"),
            );
            return None;
        } else {
            None
        };
        let file_at = self.pos(&fp.value);
        let file = self.string(fp, if is_folder { "folder" } else { "file" })?;
        let about = self.about(&f, level, label)?;
        self.audio_segment(file, file_at, pick, about, label)
    }

    /// What any object item may say besides what it airs: title, author,
    /// topic and loudness.
    fn about(
        &mut self,
        f: &HashMap<String, &ObjectProp>,
        level: Option<Level>,
        label: &Arg,
    ) -> Option<About> {
        let title = f.get("title").and_then(|p| self.string(p, "title"));
        let author = f.get("author").and_then(|p| self.string(p, "author"));
        let topic = match f.get("topic") {
            None => None,
            Some(tp) => Some(self.topic(tp, label)?),
        };
        Some(About {
            title,
            topic,
            author,
            level,
        })
    }

    /// A recording, or a folder to pick from: its name kept inside `audio/`.
    fn audio_segment(
        &mut self,
        file: String,
        file_at: Pos,
        pick: Option<Pick>,
        about: About,
        label: &Arg,
    ) -> Option<Segment> {
        let file = match clean_audio_path(&file) {
            Ok(file) => file,
            Err(why) => {
                self.error(
                    file_at,
                    crate::diag::in_slot(label, in_field(&file, why)),
                    msg!("sched-bad-path-hint"),
                );
                return None;
            }
        };
        // A typed bulletin named as a recording: it would never decode.
        if pick.is_none() && crate::bulletin::is_text_file(&file) {
            self.error(
                file_at,
                crate::diag::in_slot(label, msg!("sched-file-is-text", file = &file)),
                msg!("sched-file-is-text-hint", file = &file),
            );
            return None;
        }
        Some(Segment {
            file,
            text: None,
            voice: None,
            relay: None,
            pick,
            title: about.title,
            topic: about.topic,
            author: about.author,
            level: about.level,
            pos: file_at,
        })
    }

    /// A relay: `"relay"` (a stream's address or the line input), its
    /// `"duration"`, and the `"fallback"` recording that fills an
    /// interruption. A malformed address is a warning, not an error: the
    /// slot stays, and the fallback airs in its time.
    fn relay_segment(
        &mut self,
        rp: &ObjectProp,
        f: &HashMap<String, &ObjectProp>,
        at: Pos,
        about: About,
        label: &Arg,
    ) -> Option<Segment> {
        let other = ["file", "folder", "pick", "text", "text_file", "voice"]
            .into_iter()
            .find(|k| f.contains_key(*k));
        if let Some(k) = other {
            let pos = f.get(k).map_or(at, |p| self.pos(*p));
            self.error(
                pos,
                crate::diag::in_slot(label, msg!("sched-relay-and", field = k)),
                msg!("sched-relay-and-hint", field = k),
            );
            return None;
        }
        let source_at = self.pos(&rp.value);
        let text = self.string(rp, "relay")?;
        let source = match crate::relay::parse_source(&text) {
            Ok(s) => s,
            Err(why) => {
                self.warning(
                    source_at,
                    crate::diag::in_slot(label, in_field("relay", why.clone())),
                    msg!("sched-relay-bad-hint"),
                );
                crate::relay::RelaySource::Bad { text, why }
            }
        };
        let Some(dp) = f.get("duration") else {
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-relay-no-duration")),
                msg!("sched-relay-no-duration-hint"),
            );
            return None;
        };
        let duration = self.relay_duration(dp, label)?;
        let file = match f.get("fallback") {
            None => String::new(),
            Some(fp) => {
                let fat = self.pos(&fp.value);
                let name = self.string(fp, "fallback")?;
                match clean_audio_path(&name) {
                    Ok(file) => file,
                    Err(why) => {
                        self.error(
                            fat,
                            crate::diag::in_slot(label, in_field(&name, why)),
                            msg!("sched-bad-path-hint"),
                        );
                        return None;
                    }
                }
            }
        };
        Some(Segment {
            file,
            text: None,
            voice: None,
            relay: Some(super::Relay { source, duration }),
            pick: None,
            title: about.title,
            topic: about.topic,
            author: about.author,
            level: about.level,
            pos: source_at,
        })
    }

    fn relay_duration(&mut self, p: &ObjectProp, label: &Arg) -> Option<chrono::Duration> {
        let text = match &p.value {
            Value::NumberLit(n) => Some(n.value.to_string()),
            _ => self.string(p, "duration"),
        }?;
        match super::calendar::parse_length(&text) {
            Ok(d) => Some(d),
            Err(problem) => {
                let at = self.pos(&p.value);
                self.error(
                    at,
                    crate::diag::in_slot(label, in_field("duration", problem.what)),
                    problem.hint,
                );
                None
            }
        }
    }

    /// A text read aloud: `"text"` typed here, or `"text_file"` in
    /// `audio/`, with the voice it is read in.
    fn text_segment(
        &mut self,
        f: &HashMap<String, &ObjectProp>,
        at: Pos,
        about: About,
        label: &Arg,
    ) -> Option<Segment> {
        // Neither a recording nor a pick goes with a text.
        let other = ["file", "folder", "pick"]
            .into_iter()
            .find_map(|k| f.get(k).map(|p| (k, *p)));
        if let Some((field, p)) = other {
            let pos = self.pos(p);
            self.error(
                pos,
                crate::diag::in_slot(label, msg!("sched-text-and-audio", field = field)),
                msg!("sched-text-and-audio-hint"),
            );
            return None;
        }
        let voice = match f.get("voice") {
            None => None,
            Some(vp) => Some(self.voice(vp, label)?),
        };
        let (text, pos) = match (f.get("text"), f.get("text_file")) {
            (Some(_), Some(fp)) => {
                let pos = self.pos(*fp);
                self.error(
                    pos,
                    crate::diag::in_slot(label, msg!("sched-text-and-file")),
                    msg!("sched-text-and-file-hint"),
                );
                return None;
            }
            (Some(tp), None) => (
                TextSource::Typed(self.typed_text(tp, label)?),
                self.pos(&tp.value),
            ),
            (None, Some(fp)) => (
                TextSource::File(self.text_file(fp, label)?),
                self.pos(&fp.value),
            ),
            (None, None) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, msg!("sched-item-bad")),
                    msg!("sched-item-bad-hint"),
                );
                return None;
            }
        };
        let file = match &text {
            TextSource::File(f) => f.clone(),
            TextSource::Typed(_) => String::new(),
        };
        Some(Segment {
            file,
            text: Some(text),
            voice,
            relay: None,
            pick: None,
            title: about.title,
            topic: about.topic,
            author: about.author,
            level: about.level,
            pos,
        })
    }

    /// `"text"`: words to read, on several lines if need be, within the
    /// length one item may have.
    fn typed_text(&mut self, p: &ObjectProp, label: &Arg) -> Option<String> {
        let at = self.pos(&p.value);
        let Value::StringLit(s) = &p.value else {
            self.error(
                at,
                msg!("sched-not-text", field = "text"),
                msg!("sched-not-text-hint", field = "text"),
            );
            return None;
        };
        // Line breaks and tabs are how people write; other control
        // characters come from a paste gone wrong.
        if s.value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-text-control")),
                msg!("sched-text-control-hint"),
            );
            return None;
        }
        let text = s.value.to_string();
        if let Some(why) = crate::bulletin::problem(&text) {
            let hint = if text.chars().any(char::is_alphanumeric) {
                msg!("sched-text-too-long-hint")
            } else {
                msg!("sched-text-empty-hint")
            };
            self.error(at, crate::diag::in_slot(label, in_field("text", why)), hint);
            return None;
        }
        Some(text)
    }

    /// `"text_file"`: a `.txt` inside `audio/`.
    fn text_file(&mut self, p: &ObjectProp, label: &Arg) -> Option<String> {
        let at = self.pos(&p.value);
        let written = self.string(p, "text_file")?;
        let file = match clean_audio_path(&written) {
            Ok(file) => file,
            Err(why) => {
                self.error(
                    at,
                    crate::diag::in_slot(label, in_field(&written, why)),
                    msg!("sched-text-path-hint"),
                );
                return None;
            }
        };
        if !crate::bulletin::is_text_file(&file) {
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-text-file-not-txt", file = &file)),
                msg!("sched-text-file-not-txt-hint"),
            );
            return None;
        }
        Some(file)
    }

    /// `"voice"`: a name the engine knows, as one word.
    fn voice(&mut self, p: &ObjectProp, label: &Arg) -> Option<String> {
        let at = self.pos(&p.value);
        let voice = match &p.value {
            Value::StringLit(s) => s.value.to_string(),
            _ => String::new(),
        };
        if !crate::bulletin::voice_name_ok(&voice) {
            self.error(
                at,
                crate::diag::in_slot(label, msg!("sched-voice-bad")),
                msg!("sched-voice-bad-hint"),
            );
            return None;
        }
        Some(voice)
    }
}

/// What any object item may say besides what it airs.
#[derive(Default)]
struct About {
    title: Option<String>,
    topic: Option<String>,
    author: Option<String>,
    level: Option<Level>,
}

fn is_daily(s: &str) -> bool {
    matches!(
        fold_vi(s).as_str(),
        "hang ngay" | "moi ngay" | "daily" | "every day" | "ca tuan"
    )
}

/// `T2`, or a range `T2-T6` / `Thứ Hai – Thứ Sáu` (wrapping past Sunday).
fn parse_day_or_range(s: &str) -> Result<Vec<Weekday>, ()> {
    if let Some(d) = parse_weekday(s) {
        return Ok(vec![d]);
    }
    let (a, b) = s.split_once(['-', '–']).ok_or(())?;
    let (mut d, end) = (parse_weekday(a).ok_or(())?, parse_weekday(b).ok_or(())?);
    let mut out = vec![d];
    while d != end {
        d = d.succ();
        out.push(d);
    }
    Ok(out)
}

/// A path relative to `audio/`, with `/` separators, that cannot leave it.
pub fn clean_audio_path(file: &str) -> Result<String, Msg> {
    let f = file.trim().replace('\\', "/");
    if f.is_empty() {
        return Err(msg!("sched-path-empty"));
    }
    if f.chars().any(char::is_control) {
        return Err(msg!("sched-control-char", field = "file"));
    }
    let b = f.as_bytes();
    if f.starts_with('/') || (b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic()) {
        return Err(msg!("sched-path-absolute"));
    }
    let mut parts = Vec::new();
    for part in f.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(msg!("sched-path-parent")),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(msg!("sched-path-empty"));
    }
    Ok(parts.join("/"))
}

#[derive(Debug, PartialEq)]
enum CronProblem {
    FiveFields,
    FieldCount(usize),
    NumericWeekday(String),
    UnknownWeekday(String),
    /// A field's value outside what that field can hold, or not a value.
    Field {
        field: CronField,
        text: String,
    },
}

/// The fields of loaxa's cron, with the values each may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CronField {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

impl CronField {
    fn range(self) -> (u32, u32) {
        match self {
            CronField::Second | CronField::Minute => (0, 59),
            CronField::Hour => (0, 23),
            CronField::Day => (1, 31),
            CronField::Month => (1, 12),
            CronField::Year => (1970, 2099),
        }
    }

    fn name(self) -> Msg {
        match self {
            CronField::Second => msg!("cron-second"),
            CronField::Minute => msg!("cron-minute"),
            CronField::Hour => msg!("cron-hour"),
            CronField::Day => msg!("cron-day"),
            CronField::Month => msg!("cron-month"),
            CronField::Year => msg!("cron-year"),
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Checks one numeric field: `*`, `?`, `N`, `N-M`, each with an optional
/// `/STEP`, in a comma list; every number within the field's range.
fn check_cron_field(field: CronField, text: &str) -> Result<(), CronProblem> {
    let bad = || CronProblem::Field {
        field,
        text: text.to_string(),
    };
    let (lo, hi) = field.range();
    let value = |v: &str| -> Result<u32, CronProblem> {
        let v = v.trim();
        if field == CronField::Month
            && let Some(i) = MONTHS.iter().position(|m| v.eq_ignore_ascii_case(m))
        {
            return Ok(i as u32 + 1);
        }
        let n: u32 = v.parse().map_err(|_| bad())?;
        if (lo..=hi).contains(&n) {
            Ok(n)
        } else {
            Err(bad())
        }
    };
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        if let Some(step) = step {
            let step: u32 = step.trim().parse().map_err(|_| bad())?;
            if step == 0 || step > hi.max(1) {
                return Err(bad());
            }
        }
        match range {
            "*" | "?" => {}
            r => match r.split_once('-') {
                Some((a, b)) => {
                    if value(a)? > value(b)? {
                        return Err(bad());
                    }
                }
                None => {
                    value(r)?;
                }
            },
        }
    }
    Ok(())
}

/// Checks the weekday field of a cron expression and rewrites Vietnamese day
/// names (T2…CN) to the English ones the cron crate reads. Bare numbers are
/// refused: the crate counts 1 as Sunday, people read "2" as Thứ Hai.
fn rewrite_cron(expr: &str) -> Result<String, CronProblem> {
    let mut fields: Vec<String> = expr.split_whitespace().map(str::to_string).collect();
    match fields.len() {
        5 => return Err(CronProblem::FiveFields),
        6 | 7 => {}
        n => return Err(CronProblem::FieldCount(n)),
    }
    use CronField::*;
    for (i, field) in [Second, Minute, Hour, Day, Month].into_iter().enumerate() {
        check_cron_field(field, &fields[i])?;
    }
    if let Some(year) = fields.get(6) {
        check_cron_field(Year, year)?;
    }
    fields[5] = unwrap_weekday_ranges(&fields[5])?;
    let dow = &fields[5];
    let mut out = String::new();
    let mut token = String::new();
    let mut after_slash = false;
    let flush =
        |token: &mut String, out: &mut String, after_slash: bool| -> Result<(), CronProblem> {
            if token.is_empty() {
                return Ok(());
            }
            let t = std::mem::take(token);
            if t == "*" || t == "?" || after_slash {
                out.push_str(&t);
            } else if t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CronProblem::NumericWeekday(t));
            } else if let Some(d) = parse_weekday(&t) {
                out.push_str(match d {
                    Weekday::Mon => "Mon",
                    Weekday::Tue => "Tue",
                    Weekday::Wed => "Wed",
                    Weekday::Thu => "Thu",
                    Weekday::Fri => "Fri",
                    Weekday::Sat => "Sat",
                    Weekday::Sun => "Sun",
                });
            } else {
                return Err(CronProblem::UnknownWeekday(t));
            }
            Ok(())
        };
    for c in dow.chars() {
        if matches!(c, ',' | '-' | '/') {
            flush(&mut token, &mut out, after_slash)?;
            after_slash = c == '/';
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out, after_slash)?;
    fields[5] = out;
    Ok(fields.join(" "))
}

/// What is wrong with JSON, in the station's words (the parser's own are
/// English).
fn json_problem(kind: &jsonc_parser::errors::ParseErrorKind) -> Msg {
    use jsonc_parser::errors::ParseErrorKind as K;
    match kind {
        K::ExpectedComma => msg!("json-expected-comma"),
        K::TrailingCommasNotAllowed => msg!("json-trailing-comma"),
        K::CommentsNotAllowed | K::UnterminatedCommentBlock => msg!("json-comments"),
        K::ExpectedColonAfterObjectKey => msg!("json-expected-colon"),
        K::ExpectedObjectValue => msg!("json-expected-value"),
        K::ExpectedStringObjectProperty => msg!("json-expected-key"),
        K::MultipleRootJsonValues => msg!("json-multiple"),
        K::NestingDepthExceeded => msg!("json-too-deep"),
        K::SingleQuotedStringsNotAllowed => msg!("json-single-quotes"),
        // The string error's kinds are not exported by the crate: told
        // apart by the one that matters, an unclosed quote.
        K::String(inner) if format!("{inner:?}").contains("Unterminated") => {
            msg!("json-unterminated-string")
        }
        K::String(_) => msg!("json-bad-escape"),
        K::BareDecimalPointNumbersNotAllowed
        | K::ExpectedDigit
        | K::ExpectedDigitFollowingNegativeSign
        | K::ExpectedPlusMinusOrDigitInNumberLiteral
        | K::HexadecimalNumbersNotAllowed
        | K::NonFiniteNumbersNotAllowed
        | K::UnaryPlusNumbersNotAllowed => msg!("json-number"),
        K::UnexpectedCloseBrace | K::UnexpectedCloseBracket => msg!("json-unexpected-close"),
        _ => msg!("json-unexpected"),
    }
}

/// `T2-CN`, `T7-T2/2`: a range of weekdays that goes round the end of the
/// week, as `days` reads it. This cron counts from Sunday and refuses such
/// a range, so it is written out as the days it means: `Mon,Tue,…,Sun`.
fn unwrap_weekday_ranges(field: &str) -> Result<String, CronProblem> {
    let order = |d: Weekday| d.num_days_from_sunday();
    let mut items = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        let wrap = range.split_once('-').and_then(|(a, b)| {
            let (da, db) = (parse_weekday(a)?, parse_weekday(b)?);
            (order(db) < order(da)).then_some((da, db))
        });
        let Some((from, to)) = wrap else {
            items.push(item.to_string());
            continue;
        };
        let step = match step {
            None => 1,
            Some(s) => s
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=7).contains(n))
                .ok_or_else(|| CronProblem::UnknownWeekday(item.to_string()))?,
        };
        let span = 7 - order(from) + order(to);
        let mut day = from;
        for k in 0..=span {
            if k % step == 0 {
                items.push(format!("{day:?}"));
            }
            day = day.succ();
        }
    }
    Ok(items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_weekday_rewrite() {
        assert_eq!(
            rewrite_cron("0 30 6 * * T2-T6").unwrap(),
            "0 30 6 * * Mon-Fri"
        );
        assert_eq!(
            rewrite_cron("0 0 17 * * Mon,Wed,Fri").unwrap(),
            "0 0 17 * * Mon,Wed,Fri"
        );
        assert_eq!(rewrite_cron("0 0 17 * * *").unwrap(), "0 0 17 * * *");
        // Round the end of the week, as `days` reads it: written out.
        assert_eq!(
            rewrite_cron("0 0 17 * * Mon-Sun/2").unwrap(),
            "0 0 17 * * Mon,Wed,Fri,Sun"
        );
        assert_eq!(
            rewrite_cron("0 0 17 * * T2-CN").unwrap(),
            "0 0 17 * * Mon,Tue,Wed,Thu,Fri,Sat,Sun"
        );
        assert_eq!(
            rewrite_cron("0 0 17 * * T7-CN").unwrap(),
            "0 0 17 * * Sat,Sun"
        );
        assert_eq!(
            rewrite_cron("0 0 17 * * T7-T2").unwrap(),
            "0 0 17 * * Sat,Sun,Mon"
        );
        // Every field's range is loaxa's to say, in one line.
        for (expr, field) in [
            ("0 61 6 * * *", "61"),
            ("0 0 24 * * *", "24"),
            ("0 0 6 32 * *", "32"),
            ("0 0 6 * 13 *", "13"),
            ("0 0 6 * * * 99999", "99999"),
            ("0 0 6 * * * 1969", "1969"),
            ("0 */0 6 * * *", "*/0"),
            ("0 30-10 6 * * *", "30-10"),
            ("x 0 6 * * *", "x"),
        ] {
            match rewrite_cron(expr) {
                Err(CronProblem::Field { text, .. }) => assert_eq!(text, field, "{expr}"),
                other => panic!("{expr}: {other:?}"),
            }
        }
        for ok in [
            "0 0 23 * * *",
            "0 0 6 * Jan-Mar *",
            "0 0 6 1,15 * *",
            "*/10 * * * * *",
        ] {
            let r = rewrite_cron(ok).unwrap();
            assert!(cron::Schedule::from_str(&r).is_ok(), "{ok} → {r}");
        }
        assert_eq!(
            rewrite_cron("0 0 17 * * 1-5"),
            Err(CronProblem::NumericWeekday("1".into()))
        );
        assert_eq!(rewrite_cron("30 6 * * *"), Err(CronProblem::FiveFields));
        assert_eq!(rewrite_cron("0 6 * *"), Err(CronProblem::FieldCount(4)));
        assert_eq!(
            rewrite_cron("0 0 6 * * Funday"),
            Err(CronProblem::UnknownWeekday("Funday".into()))
        );
    }

    #[test]
    fn audio_paths_stay_inside() {
        assert_eq!(clean_audio_path("cchc/a.mp3").unwrap(), "cchc/a.mp3");
        assert_eq!(clean_audio_path("./cchc//a.mp3").unwrap(), "cchc/a.mp3");
        assert_eq!(clean_audio_path("cchc\\a.mp3").unwrap(), "cchc/a.mp3");
        assert!(clean_audio_path("../a.mp3").is_err());
        assert!(clean_audio_path("cchc/../../a.mp3").is_err());
        assert!(clean_audio_path("/etc/passwd").is_err());
        assert!(clean_audio_path("C:\\tin\\a.mp3").is_err());
        assert!(clean_audio_path("  ").is_err());
    }

    #[test]
    fn day_ranges_wrap() {
        use Weekday::*;
        assert_eq!(
            parse_day_or_range("T2-T6").unwrap(),
            vec![Mon, Tue, Wed, Thu, Fri]
        );
        assert_eq!(parse_day_or_range("T7–CN").unwrap(), vec![Sat, Sun]);
        assert_eq!(parse_day_or_range("CN-T2").unwrap(), vec![Sun, Mon]);
        assert!(parse_day_or_range("T2-T9").is_err());
    }
}
