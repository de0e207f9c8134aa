//! Countries and regions a trip can go to: ISO 3166-1 alpha-2 codes with their zh-CN and English
//! names, embedded from `data/countries.tsv` (made by `scripts/gen_countries.py`). Hong Kong,
//! Macao and Taiwan are regions of China and named so (中国香港 / 中国澳门 / 中国台湾).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::i18n::Lang;
use crate::{fullwidth, search, text};

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
    &table().countries
}

/// The table with what each country can be typed as: built once from the embedded file.
struct Table {
    countries: Vec<Country>,
    /// Per country (same order): its ISO 3166-1 alpha-3 code and its search keys.
    keys: Vec<Keys>,
}

/// What a country is recognised by when typed or searched.
struct Keys {
    alpha3: String,
    /// Chinese and English names and aliases, folded (lower case, no spaces): exact matches.
    names: Vec<String>,
    /// Full pinyin and initials of the Chinese name (日本: "riben", "rb"), and of its short form
    /// (中国香港 → 香港: "xianggang", "xg").
    pinyin: Vec<String>,
    /// The words of the English name ("south", "korea"): "korea" suggests South Korea.
    words: Vec<String>,
}

/// Names people use for a country that are not the table's (common English and Chinese forms,
/// the ISO English name where the table has the short one).
const ALIASES: &[(&str, &str)] = &[
    ("US", "USA"),
    ("US", "United States of America"),
    ("US", "America"),
    ("GB", "UK"),
    ("GB", "Britain"),
    ("GB", "Great Britain"),
    ("GB", "England"),
    ("KR", "Korea"),
    ("KR", "Republic of Korea"),
    ("KR", "南韩"),
    ("KR", "大韩民国"),
    ("KP", "北韩"),
    ("HK", "Hong Kong"),
    ("HK", "Hongkong"),
    ("HK", "Hong Kong SAR"),
    ("MO", "Macao"),
    ("MO", "Macau"),
    ("MO", "澳門"),
    ("TW", "Taiwan"),
    ("TW", "臺灣"),
    ("AU", "澳洲"),
    ("NZ", "纽西兰"),
    ("VN", "Viet Nam"),
    ("TR", "Turkey"),
    ("CZ", "Czech Republic"),
    ("NL", "Holland"),
    ("RU", "Russian Federation"),
    ("IR", "Persia"),
    ("LA", "Lao"),
    ("MM", "Burma"),
    ("CI", "Ivory Coast"),
    ("CV", "Cape Verde"),
    ("SZ", "Swaziland"),
    ("MK", "Macedonia"),
    ("AE", "UAE"),
    ("AE", "阿拉伯联合酋长国"),
    ("SA", "沙特"),
];

/// `text` as it is compared: ASCII for full-width letters, lower case, without spaces and the
/// marks that separate words in names (`·`, `.`, `'`, `-`, `,`, brackets).
fn fold(text: &str) -> String {
    fullwidth::to_ascii(text).chars().filter(|c| !c.is_whitespace() && !"·•.'’-,()（）".contains(*c)).flat_map(char::to_lowercase).collect()
}

/// A Chinese name without the `中国` of Hong Kong, Macao and Taiwan (香港 is typed for 中国香港).
fn short_zh(name: &str) -> Option<&str> {
    name.strip_prefix("中国").filter(|rest| !rest.is_empty())
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut countries = Vec::new();
        let mut keys = Vec::new();
        for line in DATA.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(code), Some(name_zh), Some(name_en)) = (cols.next(), cols.next(), cols.next()) else { continue };
            let alpha3 = cols.next().unwrap_or_default().to_owned();
            let mut names = vec![fold(name_zh), fold(name_en)];
            let mut pinyin = Vec::new();
            for zh in std::iter::once(name_zh).chain(short_zh(name_zh)) {
                names.push(fold(zh));
                let k = search::SearchKeys::for_name(zh);
                pinyin.extend([k.full, k.initials]);
            }
            names.extend(ALIASES.iter().filter(|(c, _)| *c == code).map(|(_, alias)| fold(alias)));
            let words = name_en
                .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
                .map(fold)
                .filter(|w| !w.is_empty())
                .collect();
            countries.push(Country { code: code.to_owned(), name_zh: name_zh.to_owned(), name_en: name_en.to_owned() });
            keys.push(Keys { alpha3: alpha3.to_ascii_lowercase(), names, pinyin, words });
        }
        Table { countries, keys }
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
    get(&code).map(|c| c.code.clone()).ok_or_else(|| unknown(raw))
}

fn unknown(raw: &str) -> FieldError {
    FieldError::new("destinations", "country.unknown").with("value", text::shown(raw))
}

/// A destination as a person types it: its code (`jp`, `JPN`, full-width too), its Chinese name
/// (`日本`; `香港` for 中国香港), its English name in any case (`Japan`, `hong kong`) or a common
/// other name (`USA`, `澳洲`). Returns the alpha-2 code; anything else is refused with
/// `country.unknown`, naming what was typed.
pub fn resolve(raw: &str) -> Result<String, FieldError> {
    find(raw).map(|c| c.code.clone())
}

/// The country or region [`resolve`] reads `raw` as.
pub fn find(raw: &str) -> Result<&'static Country, FieldError> {
    let key = fold(raw);
    let t = table();
    let found = (!key.is_empty())
        .then(|| {
            t.countries.iter().zip(&t.keys).find(|(c, k)| c.code.eq_ignore_ascii_case(&key) || k.alpha3 == key || k.names.contains(&key))
        })
        .flatten();
    found.map(|(c, _)| c).ok_or_else(|| unknown(raw))
}

/// How well a country matches a query: lower is better; `None` when it does not.
fn rank(c: &Country, k: &Keys, q: &str) -> Option<u8> {
    if c.code.eq_ignore_ascii_case(q) || k.alpha3 == q || k.names.iter().any(|n| n == q) {
        return Some(0);
    }
    if k.names.iter().any(|n| n.starts_with(q)) {
        return Some(1);
    }
    if q.is_ascii() && (k.pinyin.iter().any(|p| p.starts_with(q)) || k.words.iter().any(|w| w.starts_with(q))) {
        return Some(2);
    }
    if k.names.iter().any(|n| n.contains(q)) {
        return Some(3);
    }
    None
}

/// The countries a typed text may mean, best first, at most `limit`: exact code or name, then
/// names it begins, then pinyin (`rb` → 日本) and English words it begins (`korea`), then names
/// containing it. An empty text suggests nothing.
pub fn suggest(raw: &str, limit: usize) -> Vec<Country> {
    let q = fold(raw);
    if q.is_empty() {
        return Vec::new();
    }
    let t = table();
    let mut hits: Vec<(u8, usize)> =
        t.countries.iter().zip(&t.keys).enumerate().filter_map(|(i, (c, k))| rank(c, k, &q).map(|r| (r, i))).collect();
    hits.sort();
    hits.into_iter().take(limit).map(|(_, i)| t.countries[i].clone()).collect()
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

    #[test]
    fn destinations_are_read_from_chinese_and_english_names_and_codes() {
        for (typed, code) in [
            ("日本", "JP"),
            ("香港", "HK"),
            ("中国香港", "HK"),
            ("澳门", "MO"),
            ("台湾", "TW"),
            ("Japan", "JP"),
            ("japan", "JP"),
            (" JAPAN ", "JP"),
            ("jp", "JP"),
            ("JPN", "JP"),
            ("ｊｐｎ", "JP"),
            ("Hong Kong", "HK"),
            ("hongkong", "HK"),
            ("Macau", "MO"),
            ("united states", "US"),
            ("USA", "US"),
            ("UK", "GB"),
            ("South Korea", "KR"),
            ("韩国", "KR"),
            ("澳洲", "AU"),
            ("Viet Nam", "VN"),
            ("Turkey", "TR"),
            ("Côte d'Ivoire", "CI"),
        ] {
            assert_eq!(resolve(typed), Ok(code.to_owned()), "{typed}");
        }
    }

    #[test]
    fn an_unknown_name_is_refused_with_what_was_typed() {
        let err = resolve("日本国").unwrap_err();
        assert_eq!((err.field.as_deref(), err.code.as_str()), (Some("destinations"), "country.unknown"));
        assert_eq!(err.params["value"], "日本国");
        assert_eq!(err.message(Lang::ZhCn), "不认识的国家或地区“日本国”:请写中文名、英文名或代码,如 日本、Japan、JP");
        assert_eq!(resolve("XX").unwrap_err().code, "country.unknown");
        assert_eq!(resolve("riben").unwrap_err().code, "country.unknown");
        assert_eq!(resolve(" ").unwrap_err().code, "country.unknown");
    }

    #[test]
    fn every_country_resolves_by_its_codes_and_names() {
        let t = table();
        for (c, k) in t.countries.iter().zip(&t.keys) {
            assert_eq!(k.alpha3.len(), 3, "{c:?}");
            assert_eq!(resolve(&c.code).as_deref(), Ok(c.code.as_str()), "{c:?}");
            assert_eq!(resolve(&k.alpha3).as_deref(), Ok(c.code.as_str()), "{c:?}");
            assert_eq!(resolve(&c.name_zh).as_deref(), Ok(c.code.as_str()), "{c:?}");
            assert_eq!(resolve(&c.name_en).as_deref(), Ok(c.code.as_str()), "{c:?}");
        }
    }

    #[test]
    fn suggestions_as_you_type() {
        let codes = |q: &str| suggest(q, 8).into_iter().map(|c| c.code).collect::<Vec<_>>();
        assert_eq!(codes("日")[0], "JP");
        assert_eq!(codes("日本"), ["JP"]);
        assert_eq!(codes("香")[0], "HK");
        assert_eq!(codes("rb")[0], "JP");
        assert_eq!(codes("riben")[0], "JP");
        assert_eq!(codes("jap")[0], "JP");
        assert_eq!(codes("jp")[0], "JP");
        assert!(codes("korea").starts_with(&["KR".to_owned()]), "{:?}", codes("korea"));
        assert!(codes("korea").contains(&"KP".to_owned()));
        assert!(codes("").is_empty());
        assert!(codes("zzzz").is_empty());
        assert!(suggest("a", 5).len() == 5);
    }
}
