//! What a person can be found by: the name as typed, its full pinyin and its pinyin initials
//! (张三 ← "张", "zhangsan", "zs"), the staff number and the ID number.

use pinyin::ToPinyin;

/// Search keys stored next to a name so a search is an indexed prefix lookup, not a scan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchKeys {
    /// The name lower-cased without spaces ("zhang san" and "Zhang San" match alike).
    pub folded: String,
    /// Full pinyin without tones or spaces: "zhangsan". Latin names keep their letters.
    pub full: String,
    /// The first letter of each syllable (or word, for Latin names): "zs".
    pub initials: String,
}

/// Surnames whose reading differs from the character's most common one.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('仇', "qiu"),
    ('解', "xie"),
    ('查', "zha"),
    ('区', "ou"),
    ('朴', "piao"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('尉', "yu"),
    ('万', "wan"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('覃', "qin"),
    ('召', "shao"),
    ('种', "chong"),
    ('折', "she"),
    ('繁', "po"),
    ('长', "chang"),
    ('重', "chong"),
    ('柏', "bai"),
    ('秘', "bi"),
    ('贾', "jia"),
    ('沈', "shen"),
];

impl SearchKeys {
    pub fn for_name(name: &str) -> SearchKeys {
        let folded = fold(name);
        let mut full = String::new();
        let mut initials = String::new();
        let mut latin_word = false;
        for (i, c) in name.chars().enumerate() {
            let reading = (i == 0)
                .then(|| SURNAME_READINGS.iter().find(|(s, _)| *s == c).map(|(_, r)| *r))
                .flatten()
                .or_else(|| c.to_pinyin().map(|p| p.plain()));
            if let Some(syllable) = reading {
                full.push_str(syllable);
                initials.extend(syllable.chars().next());
                latin_word = false;
            } else if c.is_alphanumeric() {
                let lower: String = c.to_lowercase().collect();
                full.push_str(&lower);
                if !latin_word {
                    initials.push_str(&lower);
                }
                latin_word = true;
            } else if c != '\'' && c != '’' {
                // An apostrophe joins (O'Neil is one word); any other mark separates words.
                latin_word = false;
            }
        }
        SearchKeys { folded, full, initials }
    }
}

/// A query as it is matched against the keys.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '·' && *c != '•').flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_give_full_pinyin_and_initials() {
        let k = SearchKeys::for_name("张三");
        assert_eq!((k.folded.as_str(), k.full.as_str(), k.initials.as_str()), ("张三", "zhangsan", "zs"));
        let k = SearchKeys::for_name("欧阳明月");
        assert_eq!((k.full.as_str(), k.initials.as_str()), ("ouyangmingyue", "oymy"));
    }

    #[test]
    fn surnames_use_their_surname_reading() {
        assert_eq!(SearchKeys::for_name("单雄信").full, "shanxiongxin");
        assert_eq!(SearchKeys::for_name("曾国藩").initials, "zgf");
    }

    #[test]
    fn latin_and_mixed_names() {
        let k = SearchKeys::for_name("Mary-Ann O'Neil");
        assert_eq!(k.folded, "mary-anno'neil");
        assert_eq!(k.full, "maryannoneil");
        assert_eq!(k.initials, "mao");
        let k = SearchKeys::for_name("阿依古丽·买买提");
        assert_eq!(k.initials, "aygl mmt".replace(' ', ""));
    }

    #[test]
    fn queries_fold_case_and_spaces() {
        assert_eq!(fold(" Zhang San "), "zhangsan");
    }
}
