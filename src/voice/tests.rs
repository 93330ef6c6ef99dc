use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::i18n::Lang;

/// A WAV file of `frames` frames of a tone.
fn write_wav(path: &Path, frames: u32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 22050,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..frames {
        w.write_sample(((i % 50) as i16 - 25) * 400).unwrap();
    }
    w.finalize().unwrap();
}

/// A station's data folder, and beside it a fake engine: a shell script
/// that counts its runs, keeps its arguments and its standard input, and
/// then does `body` (`$out` is the file it was asked to write).
struct Fake {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    data: PathBuf,
    program: PathBuf,
}

impl Fake {
    fn new(body: &str) -> Fake {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let data = dir.join("data");
        std::fs::create_dir(&data).unwrap();
        write_wav(&dir.join("tone.wav"), 22050);
        let program = dir.join("fake-engine");
        let d = dir.display();
        let script = format!(
            "#!/bin/sh\n\
             echo run >> '{d}/runs'\n\
             printf '%s\\n' \"$@\" > '{d}/args'\n\
             out=''\n\
             for a in \"$@\"; do\n\
               if [ \"$prev\" = -w ] || [ \"$prev\" = --output_file ]; then out=\"$a\"; fi\n\
               prev=\"$a\"\n\
             done\n\
             TONE='{d}/tone.wav'\n\
             {body}\n"
        );
        std::fs::write(&program, script).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        Fake {
            _tmp: tmp,
            dir,
            data,
            program,
        }
    }

    fn settings(&self) -> VoiceSettings {
        VoiceSettings {
            command: Some(self.program.clone()),
            ..VoiceSettings::default()
        }
    }

    fn runs(&self) -> usize {
        std::fs::read_to_string(self.dir.join("runs"))
            .map(|s| s.lines().count())
            .unwrap_or(0)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap()
    }

    /// What is in data/speech/, hidden files too.
    fn kept(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.data.join(SPEECH_DIR))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// A well-behaved engine: reads the text, writes the tone.
const SPEAKS: &str = "cat > \"${TONE%/*}/stdin\"; cp \"$TONE\" \"$out\"";

fn english(e: &VoiceError) -> String {
    loaxa_i18n::render_in(Lang::En, &e.msg())
}

/// espeak-ng's program. The tests need it (README's prerequisites; CI
/// installs it): missing, the test fails saying what to install.
fn espeak_or_skip(test: &str) -> Option<PathBuf> {
    match find_program(&VoiceSettings::default()) {
        Ok(p) => Some(p),
        Err(e) => panic!("{test}: espeak-ng is needed (sudo apt install espeak-ng): {e}"),
    }
}

#[test]
fn defaults_and_the_engine_table() {
    let s = VoiceSettings::default();
    assert_eq!(
        (s.engine, s.voice.as_str(), s.speed, s.model, s.command),
        (Engine::EspeakNg, "vi", 150, None, None)
    );
    assert_eq!(ENGINES[0].1, Engine::EspeakNg, "the first is the default");
    for (name, engine) in ENGINES {
        assert_eq!(Engine::find(name), Some(*engine));
        assert_eq!(engine.name(), *name);
    }
    assert_eq!(Engine::find(" PIPER "), Some(Engine::Piper));
    assert_eq!(Engine::find("espeak"), None);
    assert_eq!(Engine::names(), "\"espeak-ng\", \"piper\"");
}

#[test]
fn an_items_voice_is_a_voice_for_espeak_ng_and_a_model_file_for_piper() {
    let station = Path::new("/srv/xa");
    let espeak = VoiceSettings::default();
    assert_eq!(espeak.for_item(None, station).unwrap(), espeak);
    let south = espeak.for_item(Some("vi-vn-x-south"), station).unwrap();
    assert_eq!(south.voice, "vi-vn-x-south");
    assert_eq!(south.voice_name(), "vi-vn-x-south");
    let piper = VoiceSettings {
        engine: Engine::Piper,
        model: Some(PathBuf::from("/srv/xa/vi_VN-vais1000-medium.onnx")),
        ..VoiceSettings::default()
    };
    let other = piper
        .for_item(Some("giong/vi_VN-vivos-x_low.ONNX"), station)
        .unwrap();
    assert_eq!(
        other.model.as_deref(),
        Some(Path::new("/srv/xa/giong/vi_VN-vivos-x_low.ONNX"))
    );
    assert_eq!(other.voice_name(), "vi_VN-vivos-x_low");
    // An espeak-ng voice name cannot be honoured by piper: refused, with
    // what to write instead.
    let refused = piper.for_item(Some("vi-vn-x-south"), station).unwrap_err();
    assert_eq!(refused, VoiceError::NotAModel("vi-vn-x-south".into()));
    assert!(english(&refused).contains(".onnx"), "{}", english(&refused));
    assert_eq!(piper.for_item(None, station).unwrap(), piper);
}

#[test]
fn paths_are_taken_from_the_station_folder() {
    let mut s = VoiceSettings {
        model: Some("giong/vi_VN-vais1000-medium.onnx".into()),
        command: Some("bin/piper".into()),
        ..VoiceSettings::default()
    };
    s.resolve_in(Path::new("/st"));
    assert_eq!(
        s.model.as_deref(),
        Some(Path::new("/st/giong/vi_VN-vais1000-medium.onnx"))
    );
    assert_eq!(s.command.as_deref(), Some(Path::new("/st/bin/piper")));
    let mut s = VoiceSettings {
        model: Some("/opt/giong/a.onnx".into()),
        command: Some("piper".into()),
        ..VoiceSettings::default()
    };
    s.resolve_in(Path::new("/st"));
    assert_eq!(s.model.as_deref(), Some(Path::new("/opt/giong/a.onnx")));
    assert_eq!(
        s.command.as_deref(),
        Some(Path::new("piper")),
        "a name is looked for on PATH"
    );
}

#[test]
fn programs_are_found_on_path() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    std::fs::write(a.join("piper"), "not runnable").unwrap();
    std::fs::write(b.join("piper"), "#!/bin/sh\n").unwrap();
    std::fs::set_permissions(b.join("piper"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths([&a, &b]).unwrap();
    assert_eq!(
        search_path(Path::new("piper"), Some(path.clone())),
        Some(b.join("piper"))
    );
    assert_eq!(search_path(Path::new("espeak-ng"), Some(path)), None);
    // A relative folder on PATH is not searched (it depends on where the
    // daemon was started).
    assert_eq!(
        search_path(Path::new("piper"), Some("relative/b".into())),
        None
    );
}

#[test]
fn a_missing_engine_says_what_to_install() {
    let data = tempfile::tempdir().unwrap();
    for command in ["/khong/co/espeak-ng", "espeak-ng-khong-co"] {
        let s = VoiceSettings {
            command: Some(command.into()),
            ..VoiceSettings::default()
        };
        let e = ready(&s).unwrap_err();
        assert!(
            matches!(&e, VoiceError::EngineMissing { engine: Engine::EspeakNg, program } if program == Path::new(command)),
            "{e:?}"
        );
        assert!(english(&e).contains("sudo apt install espeak-ng"), "{e}");
        let vi = loaxa_i18n::render_in(Lang::Vi, &e.msg());
        assert!(
            vi.contains("cài gói espeak-ng: sudo apt install espeak-ng"),
            "{vi}"
        );
        assert_eq!(synthesize(&s, data.path(), "Xin chào").unwrap_err(), e);
    }
    let model = tempfile::tempdir().unwrap();
    let onnx = model.path().join("vi.onnx");
    std::fs::write(&onnx, "onnx").unwrap();
    std::fs::write(model.path().join("vi.onnx.json"), "{}").unwrap();
    let s = VoiceSettings {
        engine: Engine::Piper,
        model: Some(onnx),
        command: Some("/khong/co/piper".into()),
        ..VoiceSettings::default()
    };
    let e = ready(&s).unwrap_err();
    let text = english(&e);
    assert!(
        text.contains("/khong/co/piper") && text.contains("command"),
        "{text}"
    );
}

#[test]
fn piper_needs_its_model_and_its_settings() {
    let fake = Fake::new(SPEAKS);
    let model = fake.dir.join("vi_VN-vais1000-medium.onnx");
    let s = VoiceSettings {
        engine: Engine::Piper,
        model: Some(model.clone()),
        ..fake.settings()
    };
    let e = ready(&s).unwrap_err();
    assert!(matches!(e, VoiceError::ModelMissing { .. }), "{e:?}");
    assert!(english(&e).contains("vi_VN-vais1000-medium.onnx"), "{e}");
    std::fs::write(&model, "onnx").unwrap();
    let e = ready(&s).unwrap_err();
    assert!(
        english(&e).contains("vi_VN-vais1000-medium.onnx.json"),
        "{e}"
    );
    std::fs::write(piper::config_of(&model), "{}").unwrap();
    let info = ready(&s).unwrap();
    assert_eq!(info.voice, "vi_VN-vais1000-medium");
    assert_eq!(info.program, fake.program);
    let unset = VoiceSettings { model: None, ..s };
    assert_eq!(ready(&unset).unwrap_err(), VoiceError::ModelNotSet);
}

#[test]
fn piper_is_run_with_its_model_and_a_replaced_model_is_read_again() {
    let fake = Fake::new(SPEAKS);
    let model = fake.dir.join("vi_VN-vais1000-medium.onnx");
    std::fs::write(&model, "onnx").unwrap();
    std::fs::write(piper::config_of(&model), "{}").unwrap();
    let s = VoiceSettings {
        engine: Engine::Piper,
        model: Some(model.clone()),
        speed: 300,
        ..fake.settings()
    };
    let spoken = synthesize(&s, &fake.data, "Thông báo lịch tiêm phòng.").unwrap();
    assert_eq!(
        (spoken.engine, spoken.voice.as_str(), spoken.cached),
        (Engine::Piper, "vi_VN-vais1000-medium", false)
    );
    let args = fake.read("args");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args[..2], ["--model", model.to_str().unwrap()]);
    assert_eq!(args[2], "--output_file");
    assert_eq!(args[4..], ["--length_scale", "0.5"]);
    assert_eq!(fake.read("stdin"), "Thông báo lịch tiêm phòng.\n");
    assert!(
        synthesize(&s, &fake.data, "Thông báo lịch tiêm phòng.")
            .unwrap()
            .cached
    );
    std::fs::write(&model, "a better onnx").unwrap();
    let again = synthesize(&s, &fake.data, "Thông báo lịch tiêm phòng.").unwrap();
    assert!(!again.cached);
    assert_ne!(again.path, spoken.path);
    assert_eq!(fake.runs(), 2);
}

#[test]
fn a_kept_text_does_not_run_the_engine_again() {
    let fake = Fake::new(SPEAKS);
    let s = fake.settings();
    // A bulletin that begins like an option: it goes in on standard input.
    let text = "-s 999 --help Bản tin chiều nay";
    let first = synthesize(&s, &fake.data, text).unwrap();
    assert!(!first.cached);
    assert_eq!(fake.runs(), 1);
    assert_eq!(fake.read("stdin"), format!("{text}\n"));
    let args = fake.read("args");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args[..7], ["--stdin", "-b", "1", "-v", "vi", "-s", "150"]);
    assert_eq!(args.len(), 9, "{args:?}");
    let second = synthesize(&s, &fake.data, text).unwrap();
    assert!(second.cached);
    assert_eq!(second.path, first.path);
    assert_eq!(fake.runs(), 1, "the engine did not run again");
    assert_eq!(first.text_sha256, cache::text_sha256(text));
    assert_eq!(
        first.path,
        fake.data.join("speech").join(format!(
            "{}.wav",
            first.path.file_stem().unwrap().to_string_lossy()
        ))
    );
    // Another speed, another voice, another text: read again.
    synthesize(
        &VoiceSettings {
            speed: 120,
            ..s.clone()
        },
        &fake.data,
        text,
    )
    .unwrap();
    synthesize(
        &VoiceSettings {
            voice: "vi-vn-x-south".into(),
            ..s.clone()
        },
        &fake.data,
        text,
    )
    .unwrap();
    synthesize(&s, &fake.data, "Bản tin sáng mai").unwrap();
    assert_eq!(fake.runs(), 4);
    // Four kept files and nothing else (no engine output left behind).
    let kept = fake.kept();
    assert_eq!(kept.len(), 4, "{kept:?}");
    assert!(
        kept.iter()
            .all(|n| n.ends_with(".wav") && !n.starts_with('.'))
    );
}

#[test]
fn a_damaged_kept_file_is_made_again() {
    let fake = Fake::new(SPEAKS);
    let s = fake.settings();
    let first = synthesize(&s, &fake.data, "Xin chào").unwrap();
    std::fs::write(&first.path, b"RIFF").unwrap();
    let again = synthesize(&s, &fake.data, "Xin chào").unwrap();
    assert!(!again.cached);
    assert_eq!(fake.runs(), 2);
    assert!(cache::usable(&again.path));
}

#[test]
fn a_kept_file_cut_short_is_made_again() {
    // A full disk, or an engine killed while writing: the header says
    // more sound than the file holds. Kept as it is, it would be refused
    // at air time, every time, while `loaxa say` answered "reading aloud".
    let fake = Fake::new(SPEAKS);
    let s = fake.settings();
    let first = synthesize(&s, &fake.data, "Xin chào").unwrap();
    let whole = std::fs::metadata(&first.path).unwrap().len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&first.path)
        .unwrap();
    f.set_len(whole / 2).unwrap();
    assert!(!cache::usable(&first.path));
    let again = synthesize(&s, &fake.data, "Xin chào").unwrap();
    assert!(!again.cached);
    assert_eq!(fake.runs(), 2);
    assert_eq!(std::fs::metadata(&again.path).unwrap().len(), whole);
}

#[test]
fn an_engine_that_writes_a_file_cut_short_made_no_sound() {
    let fake = Fake::new("cp \"$TONE\" \"$out\"; truncate -s 20000 \"$out\"");
    let e = synthesize(&fake.settings(), &fake.data, "Xin chào").unwrap_err();
    assert!(matches!(e, VoiceError::NoSound { .. }), "{e:?}");
    let said = english(&e);
    assert!(said.contains("cut short"), "{said}");
    assert!(fake.kept().is_empty(), "{:?}", fake.kept());
}

#[test]
fn an_engine_error_comes_with_what_it_said() {
    let fake = Fake::new("echo 'Error: The specified espeak-ng voice does not exist.' >&2\nexit 3");
    let e = synthesize(&fake.settings(), &fake.data, "Xin chào").unwrap_err();
    match &e {
        VoiceError::Failed { status, stderr, .. } => {
            assert_eq!(status.code(), Some(3));
            assert_eq!(
                stderr,
                "Error: The specified espeak-ng voice does not exist."
            );
        }
        other => panic!("{other:?}"),
    }
    let text = english(&e);
    assert!(
        text.contains("exit code 3") && text.contains("voice does not exist"),
        "{text}"
    );
    assert!(fake.kept().is_empty(), "{:?}", fake.kept());
}

#[test]
fn a_hung_engine_is_stopped() {
    // It never ends: it waits for more input that never comes, through a
    // child of its own that keeps standard error open.
    let fake = Fake::new("echo 'đang đọc' >&2\ntail -f /dev/null");
    let limit = Duration::from_millis(300);
    let e = synthesize_within(&fake.settings(), &fake.data, "Xin chào", limit).unwrap_err();
    assert!(
        matches!(e, VoiceError::TimedOut { seconds: 1, .. }),
        "{e:?}"
    );
    assert!(english(&e).contains("stopped"), "{e}");
    assert!(fake.kept().is_empty(), "{:?}", fake.kept());
}

#[test]
fn no_sound_is_an_error() {
    for body in [
        "exit 0",
        "printf '' > \"$out\"",
        "echo 'không phải WAV' > \"$out\"",
        "mkdir \"$out\"",
    ] {
        let fake = Fake::new(body);
        let e = synthesize(&fake.settings(), &fake.data, "Xin chào").unwrap_err();
        assert!(matches!(e, VoiceError::NoSound { .. }), "{body}: {e:?}");
        assert!(fake.kept().is_empty(), "{body}: {:?}", fake.kept());
    }
    let fake = Fake::new(SPEAKS);
    write_wav(&fake.dir.join("tone.wav"), 0);
    let e = synthesize(&fake.settings(), &fake.data, "Xin chào").unwrap_err();
    assert!(matches!(e, VoiceError::NoSound { .. }), "{e:?}");
    assert!(fake.kept().is_empty(), "{:?}", fake.kept());
}

#[test]
fn nothing_to_read_is_an_error_without_running_anything() {
    let fake = Fake::new(SPEAKS);
    for text in ["", " \n\t"] {
        assert_eq!(
            synthesize(&fake.settings(), &fake.data, text).unwrap_err(),
            VoiceError::EmptyText
        );
    }
    assert_eq!(fake.runs(), 0);
}

#[test]
fn the_time_allowed_grows_with_the_text() {
    assert_eq!(time_limit(""), Duration::from_secs(20));
    assert_eq!(time_limit(&"ă".repeat(1000)), Duration::from_secs(120));
}

#[test]
fn every_error_reads_in_both_languages() {
    let status = ExitStatus::from_raw(3 << 8);
    let killed = ExitStatus::from_raw(libc::SIGSEGV);
    let p = PathBuf::from("/usr/bin/espeak-ng");
    let errors = [
        VoiceError::EngineMissing {
            engine: Engine::EspeakNg,
            program: p.clone(),
        },
        VoiceError::EngineMissing {
            engine: Engine::Piper,
            program: "piper".into(),
        },
        VoiceError::VoiceMissing {
            voice: "vi-hue".into(),
            available: vec!["vi".into(), "vi-vn-x-central".into()],
        },
        VoiceError::VoiceMissing {
            voice: "vi".into(),
            available: vec![],
        },
        VoiceError::ModelNotSet,
        VoiceError::ModelMissing {
            model: "/st/vi.onnx".into(),
            detail: "No such file".into(),
        },
        VoiceError::ModelConfigMissing {
            config: "/st/vi.onnx.json".into(),
            detail: "No such file".into(),
        },
        VoiceError::EmptyText,
        VoiceError::Start {
            program: p.clone(),
            detail: "Permission denied".into(),
        },
        VoiceError::TimedOut {
            program: p.clone(),
            seconds: 21,
        },
        VoiceError::Failed {
            program: p.clone(),
            status,
            stderr: String::new(),
        },
        VoiceError::Failed {
            program: p.clone(),
            status: killed,
            stderr: "x".into(),
        },
        VoiceError::NoSound {
            program: p.clone(),
            detail: "not a WAV".into(),
        },
        VoiceError::Cache {
            path: "/st/data/speech".into(),
            detail: "No space left on device".into(),
        },
    ];
    for e in &errors {
        for lang in [Lang::Vi, Lang::En] {
            let text = loaxa_i18n::render_in(lang, &e.msg());
            assert!(
                !text.is_empty() && !text.contains('{') && !text.contains("voice-"),
                "{lang:?}: {e:?}: {text}"
            );
        }
    }
    assert!(english(&errors[11]).contains("signal 11"));
    assert!(english(&errors[3]).contains("no Vietnamese voice"));
}

#[test]
fn what_an_engine_said_is_kept_short_on_one_line() {
    assert_eq!(tidy(b"  a\n\n b \r\nc\n"), "a | b | c");
    let long = "ư".repeat(2000);
    let t = tidy(long.as_bytes());
    assert_eq!(t.chars().count(), 801);
    assert!(t.starts_with('…'));
}

#[test]
fn real_espeak_ng_is_ready_with_the_three_vietnamese_voices() {
    let Some(program) = espeak_or_skip("real_espeak_ng_is_ready") else {
        return;
    };
    for voice in ["vi", "vi-vn-x-central", "vi-vn-x-south", "vi+f3"] {
        let s = VoiceSettings {
            voice: voice.into(),
            ..VoiceSettings::default()
        };
        let info = ready(&s).unwrap_or_else(|e| panic!("{voice}: {e}"));
        assert_eq!(info.program, program);
        assert_eq!(info.engine, Engine::EspeakNg);
    }
    let s = VoiceSettings {
        voice: "vi-hue".into(),
        ..VoiceSettings::default()
    };
    let e = ready(&s).unwrap_err();
    match &e {
        VoiceError::VoiceMissing { available, .. } => {
            for v in ["vi", "vi-vn-x-central", "vi-vn-x-south"] {
                assert!(available.iter().any(|a| a == v), "{available:?}");
            }
        }
        other => panic!("{other:?}"),
    }
    assert!(english(&e).contains("vi-vn-x-south"), "{e}");
}

#[test]
fn real_espeak_ng_reads_vietnamese_aloud() {
    if espeak_or_skip("real_espeak_ng_reads_vietnamese_aloud").is_none() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let text = "Xin chào bà con. Đây là Đài truyền thanh xã Mỹ Thạnh.";
    let s = VoiceSettings::default();
    let spoken = synthesize(&s, data.path(), text).unwrap();
    assert!(!spoken.cached);
    assert_eq!(
        (spoken.engine, spoken.voice.as_str()),
        (Engine::EspeakNg, "vi")
    );
    let mut reader = hound::WavReader::open(&spoken.path).unwrap();
    let spec = reader.spec();
    assert_eq!((spec.channels, spec.bits_per_sample), (1, 16));
    let seconds = f64::from(reader.duration()) / f64::from(spec.sample_rate);
    // Twelve words at 150 a minute, with the pauses of two sentences.
    assert!((2.0..12.0).contains(&seconds), "{seconds} s");
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap();
    let rms =
        (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / samples.len() as f64).sqrt();
    assert!(peak > 5000 && rms > 300.0, "peak {peak}, rms {rms}");
    // Read once: the second time it is the kept file.
    let again = synthesize(&s, data.path(), text).unwrap();
    assert!(again.cached);
    assert_eq!(again.path, spoken.path);
    // Faster speech is shorter.
    let fast = synthesize(&VoiceSettings { speed: 300, ..s }, data.path(), text).unwrap();
    let fast_frames = hound::WavReader::open(&fast.path).unwrap().duration();
    assert!(f64::from(fast_frames) / f64::from(spec.sample_rate) < seconds * 0.75);
}

/// The real piper, when this machine has it: `piper` on PATH and a model
/// named by `LOAXA_PIPER_MODEL` (a .onnx with its .onnx.json beside it).
#[test]
fn real_piper_reads_vietnamese_aloud() {
    let model = std::env::var_os("LOAXA_PIPER_MODEL").map(PathBuf::from);
    let s = VoiceSettings {
        engine: Engine::Piper,
        model: model.clone(),
        ..VoiceSettings::default()
    };
    let program = find_program(&s);
    if program.is_err() || model.is_none() {
        eprintln!(
            "real_piper_reads_vietnamese_aloud: SKIPPED: {}; {}",
            match &program {
                Ok(p) => format!("piper is {}", p.display()),
                Err(_) => "no piper program on PATH".to_string(),
            },
            match &model {
                Some(m) => format!("model {}", m.display()),
                None => "LOAXA_PIPER_MODEL does not name a model (.onnx)".to_string(),
            }
        );
        return;
    }
    if let Err(e) = ready(&s) {
        eprintln!("real_piper_reads_vietnamese_aloud: SKIPPED: {e}");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let spoken = synthesize(&s, data.path(), "Xin chào bà con.").unwrap();
    let reader = hound::WavReader::open(&spoken.path).unwrap();
    let seconds = f64::from(reader.duration()) / f64::from(reader.spec().sample_rate);
    assert!((0.5..10.0).contains(&seconds), "{seconds} s");
}
