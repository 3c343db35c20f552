//! Versions a writer names: "sent to editor", "before the big cut". A name
//! goes on an earlier version, or on the text as it is now, which is then
//! kept as a version of its own so the name always points at that text.

use crate::error::{Error, Result};
use crate::library::Library;
use crate::post::{check_field, PostId, Revision, RevisionSource};
use crate::post_file::now;
use crate::store::{self, posts};

impl Library {
    /// Names revision `revision` of post `id`, or with `None` the post's
    /// current text (kept as a version first). An empty `label` removes an
    /// earlier version's name. Returns the post's versions, newest first.
    pub fn label_version(
        &self,
        id: PostId,
        revision: Option<i64>,
        label: &str,
    ) -> Result<Vec<Revision>> {
        let label = label.trim();
        check_field("label", label)?;
        if label.contains(['\n', '\r']) {
            return Err(Error::Invalid("a label is one line".into()));
        }
        let label = (!label.is_empty()).then_some(label);
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let (_, text, _) = posts::get(tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
            let revision = match revision {
                Some(revision) => revision,
                None => {
                    let Some(label) = label else {
                        return Err(Error::Invalid("give the version a name".into()));
                    };
                    posts::add_revision(tx, id, RevisionSource::App, &text, &now())?;
                    let kept = posts::last_revision_id(tx, id)?
                        .ok_or_else(|| Error::Bug("the version just kept is not there".into()))?;
                    return posts::set_revision_label(tx, id, kept, Some(label)).map(|_| ());
                }
            };
            if !posts::set_revision_label(tx, id, revision, label)? {
                return Err(Error::NotFound(format!(
                    "post {id} has no revision {revision}"
                )));
            }
            Ok(())
        })?;
        drop(conn);
        self.revisions(id)
    }
}
