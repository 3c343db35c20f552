//! Three-way merge of two edits of one post against the text both started
//! from (the last synced text), offered when they changed different lines.

use crate::error::{Error, Result};

/// `base` edited into `mine` and into `theirs`: both edits in one text, or
/// `None` when they touch the same lines (the writer then chooses).
pub fn merge3(base: &str, mine: &str, theirs: &str) -> Option<String> {
    diffy::merge(base, mine, theirs).ok()
}

/// The longest text a merge is asked to handle; the diff grows with both sides.
const MAX_MERGE_BYTES: usize = 8 << 20;

/// `merge3` for texts from outside the core: sides longer than
/// `MAX_MERGE_BYTES` are refused with a message, not merged.
pub fn merge_texts(base: &str, mine: &str, theirs: &str) -> Result<Option<String>> {
    if [base, mine, theirs]
        .iter()
        .any(|t| t.len() > MAX_MERGE_BYTES)
    {
        return Err(Error::Invalid(
            "these texts are too long to merge; choose one side".into(),
        ));
    }
    Ok(merge3(base, mine, theirs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_of_different_lines_merge_and_of_the_same_line_do_not() {
        let base = "title\n\none\ntwo\nthree\n";
        let mine = "title\n\nONE\ntwo\nthree\n";
        let theirs = "title\n\none\ntwo\nTHREE\n";
        assert_eq!(
            merge3(base, mine, theirs).as_deref(),
            Some("title\n\nONE\ntwo\nTHREE\n")
        );
        assert_eq!(merge3(base, mine, "title\n\nuno\ntwo\nthree\n"), None);
        // The same edit on both sides is no conflict.
        assert_eq!(merge3(base, mine, mine).as_deref(), Some(mine));
    }
}
