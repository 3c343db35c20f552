//! Turns what a writer types into a search box into an FTS5 query: plain
//! words that must all match, `"quoted phrases"`, nothing FTS5 would read as
//! syntax, so no input can be a query error.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The longest search a writer could mean.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// A parsed search: words and phrases, all of which must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<String>,
    prefix_last: bool,
}

impl SearchQuery {
    /// Words and quoted phrases; an empty query is an error, and so is one
    /// longer than `MAX_QUERY_CHARS` (refused, not cut: a cut query finds
    /// what the writer did not ask for).
    pub fn parse(input: &str) -> Result<SearchQuery> {
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::Invalid("that search is too long".into()));
        }
        let mut terms = Vec::new();
        let mut rest = input;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            if let Some(after_quote) = rest.strip_prefix('"') {
                let end = after_quote.find('"').unwrap_or(after_quote.len());
                let phrase = after_quote[..end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !phrase.is_empty() {
                    terms.push(phrase);
                }
                rest = after_quote.get(end + 1..).unwrap_or("");
            } else {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '"')
                    .unwrap_or(rest.len());
                terms.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
        if terms.is_empty() {
            return Err(Error::Invalid("type a word to search for".into()));
        }
        // A term of punctuation alone matches nothing in FTS5's tokenizer.
        terms.retain(|t| t.chars().any(char::is_alphanumeric));
        Ok(SearchQuery {
            terms,
            prefix_last: false,
        })
    }

    /// Lets the last word match as a prefix, for search-as-you-type.
    pub fn with_prefix_last(mut self) -> SearchQuery {
        self.prefix_last = true;
        self
    }

    /// True when no word in the query can match anything (punctuation only).
    pub fn matches_nothing(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression: every term quoted, so it is never syntax.
    pub fn to_fts(&self) -> String {
        let last = self.terms.len().saturating_sub(1);
        self.terms
            .iter()
            .enumerate()
            .map(|(i, term)| {
                let quoted = format!("\"{}\"", term.replace('"', "\"\""));
                if self.prefix_last && i == last && !term.contains(' ') {
                    format!("{quoted}*")
                } else {
                    quoted
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Tokens a snippet shows, as FTS5's `snippet(…, 16)` did.
const SNIPPET_TOKENS: usize = 16;

impl SearchQuery {
    /// A short excerpt of the field that shows the query's words best: about
    /// 16 words, each match between `\u{e000}` and `\u{e001}`, with `…` where
    /// the field goes on (plain text; `snippet_html` makes it HTML).
    ///
    /// Written here instead of FTS5's `snippet()`, whose cost grows with the
    /// square of a post's matches: for a search of common words it took most
    /// of the time of a search. Words are split and compared as FTS5's
    /// `unicode61 remove_diacritics 2` tokenizer does (letters and digits,
    /// case and diacritics folded), so it marks what the index matched.
    pub fn snippet(&self, fields: &[&str]) -> String {
        let last = self.terms.len().saturating_sub(1);
        let phrases: Vec<(Vec<String>, bool)> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, term)| {
                let words = tokens(term)
                    .into_iter()
                    .map(|(_, _, w)| w.into_owned())
                    .collect();
                (words, self.prefix_last && i == last && !term.contains(' '))
            })
            .filter(|(words, _)| !Vec::is_empty(words))
            .collect();
        type Window<'a> = Vec<(usize, usize, Cow<'a, str>)>;
        let mut best: Option<(usize, usize, &str, Window, Vec<bool>)> = None;
        for field in fields {
            let toks = tokens(field);
            if toks.is_empty() {
                continue;
            }
            // Which tokens are part of a match, and of which phrase.
            let mut hit = vec![false; toks.len()];
            let mut hit_phrase: Vec<Option<usize>> = vec![None; toks.len()];
            for (p, (words, prefix)) in phrases.iter().enumerate() {
                if words.len() > toks.len() {
                    continue;
                }
                for at in 0..=toks.len() - words.len() {
                    let matched = words.iter().enumerate().all(|(k, w)| {
                        let tok = &toks[at + k].2;
                        if *prefix && k == words.len() - 1 {
                            tok.starts_with(w.as_str())
                        } else {
                            tok == w
                        }
                    });
                    if matched {
                        hit_phrase[at] = Some(p);
                        for flag in &mut hit[at..at + words.len()] {
                            *flag = true;
                        }
                    }
                }
            }
            // The window with the most different phrases, then the most matches.
            let width = SNIPPET_TOKENS.min(toks.len());
            let mut counts = vec![0usize; phrases.len()];
            let (mut distinct, mut total) = (0usize, 0usize);
            let (mut best_start, mut best_score) = (0usize, None);
            for end in 0..toks.len() {
                if let Some(p) = hit_phrase[end] {
                    counts[p] += 1;
                    total += 1;
                    if counts[p] == 1 {
                        distinct += 1;
                    }
                }
                if end + 1 > width {
                    if let Some(p) = hit_phrase[end - width] {
                        counts[p] -= 1;
                        total -= 1;
                        if counts[p] == 0 {
                            distinct -= 1;
                        }
                    }
                }
                if end + 1 >= width {
                    let score = (distinct, total);
                    if best_score.is_none_or(|b| score > b) {
                        best_score = Some(score);
                        best_start = end + 1 - width;
                    }
                }
            }
            let score = best_score.unwrap_or((0, 0));
            if best.as_ref().is_none_or(|b| score > (b.0, b.1)) {
                let window = toks[best_start..best_start + width].to_vec();
                let marks = hit[best_start..best_start + width].to_vec();
                best = Some((score.0, score.1, field, window, marks));
            }
        }
        let Some((_, _, field, window, marks)) = best else {
            return String::new();
        };
        let mut out = String::new();
        let (first, last_tok) = (&window[0], &window[window.len() - 1]);
        if !field[..first.0].trim().is_empty() {
            out.push('…');
        }
        let mut at = first.0;
        for ((start, end, _), marked) in window.iter().zip(&marks) {
            out.push_str(&field[at..*start]);
            if *marked {
                out.push('\u{e000}');
                out.push_str(&field[*start..*end]);
                out.push('\u{e001}');
            } else {
                out.push_str(&field[*start..*end]);
            }
            at = *end;
        }
        if !field[last_tok.1..].trim().is_empty() {
            out.push('…');
        }
        out
    }
}

/// The words of `text` as FTS5's `unicode61 remove_diacritics 2` sees them:
/// runs of letters, digits and marks, lowercased and without diacritics, with
/// their byte range.
fn tokens(text: &str) -> Vec<(usize, usize, Cow<'_, str>)> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    let mut start = None;
    let is_token = |c: char| c.is_alphanumeric() || is_combining_mark(c);
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_token(c) && i < text.len()) {
            (None, true) => start = Some(i),
            (Some(from), false) => {
                let raw = &text[from..i];
                // Most words are plain lowercase ASCII: those are not copied.
                let word = if raw
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                {
                    Cow::Borrowed(raw)
                } else if raw.is_ascii() {
                    Cow::Owned(raw.to_ascii_lowercase())
                } else {
                    Cow::Owned(
                        raw.nfd()
                            .filter(|c| !is_combining_mark(*c))
                            .flat_map(char::to_lowercase)
                            .collect(),
                    )
                };
                out.push((from, i, word));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Escapes a snippet for HTML and turns the match markers into `<mark>`.
pub(crate) fn snippet_html(raw: &str) -> String {
    crate::markdown::escape_html(raw)
        .replace('\u{e000}', "<mark>")
        .replace('\u{e001}', "</mark>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_words_phrases_and_prefixes_as_the_index_matches_them() {
        let text = "Notes from a long week. Café mornings: the remote team meets at ten, \
                    and the Remote-Team calendar fills.";
        let q = SearchQuery::parse("cafe \"remote team\" calend")
            .unwrap()
            .with_prefix_last();
        let s = q.snippet(&["A title", text]);
        assert_eq!(
            s.replace('\u{e000}', "[").replace('\u{e001}', "]"),
            "…a long week. [Café] mornings: the [remote] [team] meets at ten, and the [Remote]-[Team] [calendar]…"
        );
        // No match in any field: the start of the first, unmarked.
        let none = SearchQuery::parse("zebra")
            .unwrap()
            .snippet(&["Short title", ""]);
        assert_eq!(none, "Short title");
        // A title that matches best is the one shown.
        let title = SearchQuery::parse("quiet")
            .unwrap()
            .snippet(&["Quiet", "nothing here"]);
        assert_eq!(title, "\u{e000}Quiet\u{e001}");
    }

    #[test]
    fn words_and_phrases_become_quoted_terms() {
        let q = SearchQuery::parse("remote  \"deep work\" AND NOT(").unwrap();
        assert_eq!(q.to_fts(), "\"remote\" \"deep work\" \"AND\" \"NOT(\"");
        assert_eq!(
            SearchQuery::parse("rem")
                .unwrap()
                .with_prefix_last()
                .to_fts(),
            "\"rem\"*"
        );
        assert_eq!(
            SearchQuery::parse("\"unclosed phrase").unwrap().to_fts(),
            "\"unclosed phrase\""
        );
    }

    #[test]
    fn empty_input_is_an_error_and_punctuation_matches_nothing() {
        for input in ["", "   ", "\"\""] {
            assert!(SearchQuery::parse(input).is_err(), "{input:?}");
        }
        assert!(SearchQuery::parse("* - :").unwrap().matches_nothing());
        assert!(!SearchQuery::parse("a *").unwrap().matches_nothing());
    }

    #[test]
    fn snippets_escape_everything_but_marks() {
        assert_eq!(
            snippet_html("<img onerror=x> \u{e000}word\u{e001}"),
            "&lt;img onerror=x&gt; <mark>word</mark>"
        );
    }
}
