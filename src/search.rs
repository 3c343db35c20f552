//! Turns what a writer types into a search box into an FTS5 query: plain
//! words that must all match, `"quoted phrases"`, nothing FTS5 would read as
//! syntax, so no input can be a query error.

use crate::error::{Error, Result};

/// A parsed search: words and phrases, all of which must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<String>,
    prefix_last: bool,
}

impl SearchQuery {
    /// Words and quoted phrases; an empty query is an error.
    pub fn parse(input: &str) -> Result<SearchQuery> {
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
