//! `loaxa say TEXT`: text read aloud at once, as one program. The text is
//! turned into speech first (the answer waits for it, so the operator hears
//! "no" at once if it cannot be), then airs like `loaxa play`.

use crate::i18n::Msg;
use crate::program::{Item, Source, Speech};
use crate::schedule::Priority;
use crate::voice;

use super::{Daemon, Later, PlayerLink};

/// Characters one `loaxa say` reads (about ten minutes of speech); the
/// control socket's request line holds 64 KiB.
pub(crate) const MAX_SAY_CHARS: usize = 10_000;

/// Times one `loaxa say` may repeat its text.
pub(crate) const MAX_SAY_REPEAT: u32 = 10;

/// Words of the text shown as the item's title.
const TITLE_WORDS: usize = 8;

/// The answer `loaxa say` waits for.
pub(super) type Reply = tokio::sync::oneshot::Sender<Result<String, String>>;

/// The text of a `loaxa say` turned into speech (or why not).
pub(crate) struct Spoken {
    text: String,
    priority: Priority,
    repeat: u32,
    reply: Reply,
    made: Result<voice::Spoken, Msg>,
}

impl Daemon {
    /// `loaxa say`: the text checked and turned into speech off the loop
    /// (an engine may take seconds, or hang until it is stopped: programs
    /// due meanwhile start on time); it airs when it is ready.
    pub(super) fn say(&mut self, text: String, priority: Priority, repeat: u32, reply: Reply) {
        if let Err(refused) = checked(&text, repeat) {
            let _ = reply.send(Err(refused));
            return;
        }
        let settings = self.station.settings.voice.clone();
        let data_dir = self.station.data_dir.clone();
        let spoken_text = loaxa_core::speech::normalize(&text);
        self.later.spawn(async move {
            let made = tokio::task::spawn_blocking(move || {
                voice::synthesize(&settings, &data_dir, &spoken_text)
            })
            .await;
            let made = match made {
                Ok(Ok(s)) => Ok(s),
                Ok(Err(e)) => Err(e.msg()),
                Err(e) => Err(Msg::verbatim(e.to_string())),
            };
            Later::Spoken(Box::new(Spoken {
                text,
                priority,
                repeat,
                reply,
                made,
            }))
        });
    }

    /// The speech of a `loaxa say` (or why there is none) sent to air.
    pub(super) async fn said(&mut self, link: &PlayerLink, spoken: Box<Spoken>) {
        let Spoken {
            text,
            priority,
            repeat,
            reply,
            made,
        } = *spoken;
        // The operator gave up waiting: nothing airs that they were told
        // did not answer.
        if reply.is_closed() {
            tracing::warn!("{}", t!("say-gave-up"));
            return;
        }
        let answer = match made {
            Ok(spoken) => Ok(self.air_spoken(link, &text, spoken, priority, repeat).await),
            Err(why) => Err(t!("say-cannot", why = why)),
        };
        let _ = reply.send(answer);
    }

    /// The speech of a `loaxa say` sent to air; the answer.
    async fn air_spoken(
        &mut self,
        link: &PlayerLink,
        text: &str,
        spoken: voice::Spoken,
        priority: Priority,
        repeat: u32,
    ) -> String {
        let speech = Speech {
            path: spoken.path.to_string_lossy().into_owned(),
            // The text as the operator wrote it: the evidence of what was
            // asked to be said (the engine read its normalised form).
            text_sha256: crate::airlog::hash_hex(text.as_bytes()),
            engine: spoken.engine.name().to_string(),
            voice: spoken.voice.clone(),
        };
        let file = self.station.relative(&spoken.path);
        let title = loaxa_core::speech::first_words(text, TITLE_WORDS);
        let items: Vec<Item> = (0..repeat as usize)
            .map(|index| Item {
                index,
                file: file.clone(),
                source: Source::Unchecked,
                title: Some(title.clone()),
                topic: None,
                author: None,
                level: self.station.settings.level,
                picked: None,
                speech: Some(speech.clone()),
                text: None,
                voice: None,
                relay: None,
            })
            .collect();
        self.air_now(link, items, priority, "loaxa say", "doc-van-ban")
            .await;
        tracing::info!(
            "{}",
            t!("say-log", title = title.clone(), priority = priority.vi())
        );
        t!(
            "say-sent",
            title = title,
            count = i64::from(repeat),
            priority = priority.vi()
        )
    }
}

/// Why a text cannot be read out, if it cannot: empty, too long, repeated
/// too often.
fn checked(text: &str, repeat: u32) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(t!("say-empty"));
    }
    let count = text.chars().count();
    if count > MAX_SAY_CHARS {
        return Err(t!("say-too-long", count = count, max = MAX_SAY_CHARS));
    }
    if !(1..=MAX_SAY_REPEAT).contains(&repeat) {
        return Err(t!("say-bad-repeat", max = i64::from(MAX_SAY_REPEAT)));
    }
    Ok(())
}
