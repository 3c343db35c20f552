//! What the writer typed while Quire could not save it to the post's file
//! (a conflict waits for their choice): kept in the database as the post's
//! pending version within a second, so a crash loses none of it. The next
//! save of the post clears it; a start that finds one keeps it as a
//! `conflict` revision, where History offers it back.

use crate::error::{Error, Result};
use crate::library::Library;
use crate::post::{PostId, PostSummary, RevisionSource};
use crate::post_file::{now, MAX_POST_BYTES};
use crate::store::{self, posts};

impl Library {
    /// Keeps `text` as post `id`'s pending version (the editor's text while
    /// saving is paused); the post's file and text are not touched. Text the
    /// post already has is nothing to keep.
    pub fn keep_pending(&self, id: PostId, text: &str) -> Result<()> {
        if text.len() as u64 > MAX_POST_BYTES {
            return Err(Error::Invalid(
                "this post is larger than 64 MB; split it up".into(),
            ));
        }
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let (_, stored, _) = posts::get(tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
            if stored == text {
                posts::clear_pending(tx, id)
            } else {
                posts::keep_pending(tx, id, text, &now())
            }
        })
    }

    /// Turns every pending version left by a session that ended without
    /// saving it (a crash, a kill) into a `conflict` revision of its post,
    /// dated when it was kept; returns those posts. The app calls it at start.
    pub fn keep_pending_as_revisions(&self) -> Result<Vec<PostSummary>> {
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let mut kept = Vec::new();
            for (id, text, kept_at) in posts::all_pending(tx)? {
                posts::clear_pending(tx, id)?;
                let Some((post, stored, _)) = posts::get(tx, id)? else {
                    continue;
                };
                if stored != text {
                    posts::add_revision(tx, id, RevisionSource::Conflict, &text, &kept_at)?;
                    kept.push(post);
                }
            }
            Ok(kept)
        })
    }
}
