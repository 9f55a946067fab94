//! The keys an input format accepts, read from the serde structs that parse
//! it, so lists of keys (in the docs, in tests) come from the code and
//! cannot drift from it. Input: a `Deserialize` struct type. Output: its
//! field names, as serde's derive declares them.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The field names `T`'s derived `Deserialize` asks for.
pub fn fields_of<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    let mut fields = Vec::new();
    // The recorder always stops with an error after noting the fields.
    let _ = T::deserialize(Recorder(&mut fields));
    fields
}

struct Recorder<'a>(&'a mut Vec<&'static str>);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only the field names were wanted")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Recorder<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0.extend_from_slice(fields);
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    #[allow(dead_code, reason = "only the field names are read")]
    struct Sample {
        title: String,
        #[serde(rename = "title-zh")]
        title_zh: Option<String>,
    }

    #[test]
    fn reads_the_declared_names() {
        assert_eq!(super::fields_of::<Sample>(), vec!["title", "title-zh"]);
    }
}
