//! Countries and regions a trip can go to: ISO 3166-1 alpha-2 codes with their zh-CN and English
//! names, embedded from `data/countries.tsv` (made by `scripts/gen_countries.py`). Hong Kong,
//! Macao and Taiwan are regions of China and named so (中国香港 / 中国澳门 / 中国台湾).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::i18n::Lang;
use crate::{fullwidth, text};

const DATA: &str = include_str!("../../data/countries.tsv");

/// A destination as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case (`JP`, `HK`).
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

impl Country {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// Every country and region, by code.
pub fn all() -> &'static [Country] {
    static TABLE: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some(Country { code: cols.next()?.to_owned(), name_zh: cols.next()?.to_owned(), name_en: cols.next()?.to_owned() })
            })
            .collect()
    })
}

/// The country or region with this code (exact, upper case).
pub fn get(code: &str) -> Option<&'static Country> {
    let table = all();
    table.binary_search_by(|c| c.code.as_str().cmp(code)).ok().map(|i| &table[i])
}

/// Accepts a code in any case (full-width too) with surrounding space; returns it normalised
/// (upper case). An unknown code is refused with `country.unknown`.
pub fn parse_code(raw: &str) -> Result<String, FieldError> {
    let code = fullwidth::to_ascii(raw).trim().to_ascii_uppercase();
    get(&code).map(|c| c.code.clone()).ok_or_else(|| FieldError::new("destinations", "country.unknown").with("value", text::shown(raw)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_complete_sorted_and_two_letter() {
        let table = all();
        assert_eq!(table.len(), 249);
        assert!(table.windows(2).all(|w| w[0].code < w[1].code));
        for c in table {
            assert_eq!(c.code.len(), 2, "{c:?}");
            assert!(c.code.bytes().all(|b| b.is_ascii_uppercase()), "{c:?}");
            assert!(!c.name_zh.is_empty() && !c.name_en.is_empty(), "{c:?}");
        }
    }

    #[test]
    fn hong_kong_macao_and_taiwan_are_regions_of_china() {
        assert_eq!(get("HK").unwrap().name(Lang::ZhCn), "中国香港");
        assert_eq!(get("MO").unwrap().name(Lang::ZhCn), "中国澳门");
        assert_eq!(get("TW").unwrap().name(Lang::ZhCn), "中国台湾");
        assert_eq!(get("TW").unwrap().name(Lang::En), "Taiwan, China");
    }

    #[test]
    fn common_names_in_both_languages() {
        assert_eq!(get("JP").unwrap().name_zh, "日本");
        assert_eq!(get("KR").unwrap().name_zh, "韩国");
        assert_eq!(get("KH").unwrap().name_zh, "柬埔寨");
        assert_eq!(get("US").unwrap().name_en, "United States");
        assert_eq!(get("RU").unwrap().name_en, "Russia");
    }

    #[test]
    fn parses_codes_in_any_case_and_refuses_unknown_ones() {
        assert_eq!(parse_code(" jp ").unwrap(), "JP");
        assert_eq!(parse_code("ＪＰ").unwrap(), "JP");
        let err = parse_code("XX").unwrap_err();
        assert_eq!(err.code, "country.unknown");
        assert_eq!(err.params["value"], "XX");
        assert_eq!(parse_code("JPN").unwrap_err().code, "country.unknown");
        assert_eq!(parse_code("").unwrap_err().code, "country.unknown");
    }
}
