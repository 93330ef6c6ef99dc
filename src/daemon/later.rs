//! Work the daemon does off its loop (text turned into speech: an engine
//! may take seconds, or hang until it is stopped), so programs due
//! meanwhile start on time; what it finds comes back to the loop here.

use super::{Daemon, Later, PlayerLink};

impl Daemon {
    /// What work done off the loop found, carried on with.
    pub(super) async fn carry_on(&mut self, later: Later, link: &PlayerLink) {
        match later {
            Later::Spoken(spoken) => self.said(link, spoken).await,
            Later::Alert(ready) => {
                let (ready, reply) = *ready;
                let answer = self.air_alert(link, ready).await;
                if let Some(reply) = reply {
                    let _ = reply.send(answer);
                }
            }
        }
    }
}
