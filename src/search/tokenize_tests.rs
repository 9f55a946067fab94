//! Tests for the tokenizer: the shared table `tests/search_tokens.json`
//! (also run by `tests/js/tokenizer.test.mjs`) plus Rust-only checks.

use super::*;
use serde_json::Value;

fn table() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search_tokens.json");
    let text = std::fs::read_to_string(path).expect("shared token table is in the repository");
    serde_json::from_str(&text).expect("shared token table is valid JSON")
}

fn term(v: &Value) -> QueryTerm {
    QueryTerm {
        token: v[0].as_str().expect("term token").to_string(),
        prefix: v[1].as_bool().expect("term prefix flag"),
    }
}

#[test]
fn shared_tokenize_cases() {
    for case in table()["tokenize"].as_array().expect("tokenize cases") {
        let input = case["in"].as_str().expect("case input");
        let want: Vec<String> = serde_json::from_value(case["out"].clone()).expect("tokens");
        assert_eq!(tokenize(input), want, "tokenize({input:?})");
    }
}

#[test]
fn shared_query_cases() {
    for case in table()["query"].as_array().expect("query cases") {
        let input = case["in"].as_str().expect("case input");
        let want: Vec<QueryTerm> = case["out"]
            .as_array()
            .expect("terms")
            .iter()
            .map(term)
            .collect();
        assert_eq!(query_terms(input), want, "query_terms({input:?})");
    }
}

#[test]
fn shared_match_cases() {
    for case in table()["matches"].as_array().expect("match cases") {
        let t = term(&case["term"]);
        let tok = case["token"].as_str().expect("token");
        let want = case["match"].as_bool().expect("match flag");
        assert_eq!(term_matches(&t, tok), want, "{t:?} vs {tok:?}");
    }
}

#[test]
fn stems_are_prefixes_of_their_words() {
    for w in [
        "throttling",
        "retries",
        "stopped",
        "settings",
        "copying",
        "policy",
        "releases",
    ] {
        assert!(w.starts_with(&stem(w)), "{w} → {}", stem(w));
    }
}
