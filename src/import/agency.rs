//! The hub's agencies, for turning the names in an assignment table
//! ("Sở TT&TT", "Ủy ban nhân dân các huyện, thị xã, thành phố") into agency
//! ids (`so-tttt`, `ubnd-cap-huyen`).
//!
//! A name matches an agency when it equals, after folding, the agency's id,
//! title, short name or one of its aliases. Folding drops diacritics, case,
//! spaces and punctuation (`Sở TT&TT` = `Sở TTTT` = `so-tttt`) and reads
//! "Ủy ban nhân dân" as "UBND"; nothing fuzzier decides a match, because a
//! task given to the wrong agency is worse than one left for the editor. A
//! name that matches nothing is reported with the closest agency ids
//! (character-pair similarity) so the editor can add an alias or fix the row.

use std::collections::HashMap;
use std::path::Path;

use crate::legal::number::fold;

/// One agency of the hub (`[agency]` in a page of `content/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: String,
    /// Title, short name and aliases, as written.
    pub names: Vec<String>,
}

/// What a name in a table cell turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    Agency(String),
    /// Not an agency of the hub: the name as written and the closest ids.
    Unknown {
        name: String,
        closest: Vec<String>,
    },
    /// "Các cơ quan, đơn vị liên quan": no agency in particular.
    Generic(String),
}

/// The agencies with their folded names, ready for matching.
#[derive(Debug, Clone, Default)]
pub struct Agencies {
    list: Vec<Agency>,
    by_key: HashMap<String, usize>,
}

impl Agencies {
    pub fn new(list: Vec<Agency>) -> Agencies {
        let mut by_key = HashMap::new();
        for (i, a) in list.iter().enumerate() {
            for name in std::iter::once(&a.id).chain(&a.names) {
                let k = key(name);
                if !k.is_empty() {
                    by_key.entry(k).or_insert(i);
                }
            }
        }
        Agencies { list, by_key }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The agency a whole name denotes.
    pub fn find(&self, name: &str) -> Option<&str> {
        self.by_key
            .get(&key(name))
            .map(|&i| self.list[i].id.as_str())
    }

    /// Up to three agency ids whose names look most like `name`.
    pub fn closest(&self, name: &str) -> Vec<String> {
        let k = key(name);
        let mut scored: Vec<(f64, &str)> = self
            .list
            .iter()
            .map(|a| {
                let best = std::iter::once(&a.id)
                    .chain(&a.names)
                    .map(|n| similarity(&k, &key(n)))
                    .fold(0.0, f64::max);
                (best, a.id.as_str())
            })
            .filter(|(s, _)| *s >= 0.3)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    /// The names in a table cell, each matched. Names are separated by line
    /// breaks, `;` or `,`; a comma inside a name ("Các sở, ban, ngành") is
    /// kept when the longer name is an agency, or when the next part starts
    /// in lower case and not with "các" ("Ủy ban nhân dân các huyện, thị
    /// xã, thành phố"); "X và
    /// Y" is two names when both are agencies and the whole is not.
    pub fn names_in(&self, cell: &str) -> Vec<NameMatch> {
        let mut out = Vec::new();
        for part in cell.split(['\n', ';', '+']) {
            let pieces: Vec<&str> = part
                .split(',')
                .map(|p| p.trim().trim_start_matches(['-', '–', '•']).trim())
                .filter(|p| !p.is_empty())
                .collect();
            let mut i = 0;
            while i < pieces.len() {
                // The longest run of pieces that is an agency.
                let found = (i + 1..=pieces.len()).rev().find_map(|j| {
                    let name = pieces[i..j].join(", ");
                    self.find(&name).map(|id| (j, id.to_string()))
                });
                if let Some((j, id)) = found {
                    out.push(NameMatch::Agency(id));
                    i = j;
                    continue;
                }
                // Not an agency: the piece and the lower-case pieces that continue it.
                let mut j = i + 1;
                while j < pieces.len()
                    && pieces[j].starts_with(char::is_lowercase)
                    && !pieces[j].starts_with("các ")
                {
                    j += 1;
                }
                let name = pieces[i..j].join(", ");
                match self.split_at_va(&name) {
                    Some(ids) => out.extend(ids.into_iter().map(NameMatch::Agency)),
                    None => out.push(self.unknown(&name)),
                }
                i = j;
            }
        }
        out
    }

    /// "X và Y (và Z)": the agencies when every part is one.
    fn split_at_va(&self, name: &str) -> Option<Vec<String>> {
        let words: Vec<&str> = name.split(" và ").collect();
        // Each way of grouping the parts between " và "s, fewest cuts first
        // ("Sở Kế hoạch và Đầu tư" keeps its "và").
        fn groups(agencies: &Agencies, words: &[&str], out: &mut Vec<String>) -> bool {
            if words.is_empty() {
                return true;
            }
            for end in (1..=words.len()).rev() {
                if let Some(id) = agencies.find(&words[..end].join(" và ")) {
                    out.push(id.to_string());
                    if groups(agencies, &words[end..], out) {
                        return true;
                    }
                    out.pop();
                }
            }
            false
        }
        if words.len() < 2 {
            return None;
        }
        let mut ids = Vec::new();
        (groups(self, &words, &mut ids) && ids.len() > 1).then_some(ids)
    }

    /// A name that is no agency: a generic phrase or an unknown name.
    fn unknown(&self, name: &str) -> NameMatch {
        let folded = fold(name);
        if folded.contains("lien quan") || folded == "cac co quan" || folded == "cac don vi" {
            return NameMatch::Generic(name.to_string());
        }
        NameMatch::Unknown {
            name: name.to_string(),
            closest: self.closest(name),
        }
    }
}

/// The agencies of the site in `root`: every page under `content/` whose
/// front matter has an `[agency]` table. A site without agencies (or a
/// folder that is no site) gives none; pages whose front matter cannot be
/// read are skipped here (the build reports them).
pub fn site_agencies(root: &Path) -> Vec<Agency> {
    let dir = root.join("content");
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk.filter_map(Result::ok) {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if !text.contains("[agency]") {
            continue;
        }
        let Ok(split) = crate::content::front_matter::split(entry.path(), &text) else {
            continue;
        };
        let Ok(front) = toml::from_str::<toml::Table>(split.front) else {
            continue;
        };
        let Some(agency) = front.get("agency").and_then(toml::Value::as_table) else {
            continue;
        };
        let Some(id) = agency.get("id").and_then(toml::Value::as_str) else {
            continue;
        };
        let mut names: Vec<String> = Vec::new();
        let strings = [front.get("title"), agency.get("short")];
        names.extend(
            strings
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from)),
        );
        if let Some(aliases) = agency.get("aliases").and_then(toml::Value::as_array) {
            names.extend(aliases.iter().filter_map(|v| v.as_str().map(String::from)));
        }
        out.push(Agency {
            id: id.to_string(),
            names,
        });
    }
    out
}

/// Folded, "Ủy ban nhân dân" → "ubnd", letters and digits only.
fn key(name: &str) -> String {
    let folded = fold(name)
        .replace("uy ban nhan dan", "ubnd")
        .replace("hoi dong nhan dan", "hdnd");
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Dice coefficient of the two keys' character pairs.
fn similarity(a: &str, b: &str) -> f64 {
    fn pairs(s: &str) -> Vec<(char, char)> {
        let cs: Vec<char> = s.chars().collect();
        cs.windows(2).map(|w| (w[0], w[1])).collect()
    }
    let (pa, mut pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let total = pa.len() + pb.len();
    let mut shared = 0;
    for p in &pa {
        if let Some(k) = pb.iter().position(|q| q == p) {
            pb.swap_remove(k);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> Agencies {
        let a = |id: &str, names: &[&str]| Agency {
            id: id.into(),
            names: names.iter().map(|s| s.to_string()).collect(),
        };
        Agencies::new(vec![
            a(
                "so-tttt",
                &[
                    "Sở Thông tin và Truyền thông tỉnh Gia Lai",
                    "Sở TTTT",
                    "Sở Thông tin và Truyền thông",
                ],
            ),
            a(
                "so-khdt",
                &[
                    "Sở Kế hoạch và Đầu tư tỉnh Gia Lai",
                    "Sở KH&ĐT",
                    "Sở Kế hoạch và Đầu tư",
                ],
            ),
            a(
                "so-gtvt",
                &[
                    "Sở Giao thông vận tải tỉnh Gia Lai",
                    "Sở GTVT",
                    "Sở Giao thông vận tải",
                ],
            ),
            a(
                "cac-so-ban-nganh",
                &["Các sở, ban, ngành tỉnh Gia Lai", "Các sở, ban, ngành"],
            ),
            a(
                "ubnd-cap-huyen",
                &[
                    "Ủy ban nhân dân các huyện, thị xã, thành phố",
                    "UBND cấp huyện",
                ],
            ),
            a("ubnd-tinh", &["Ủy ban nhân dân tỉnh Gia Lai", "UBND tỉnh"]),
        ])
    }

    fn ids(m: &[NameMatch]) -> Vec<String> {
        m.iter()
            .map(|m| match m {
                NameMatch::Agency(id) => id.clone(),
                NameMatch::Unknown { name, .. } => format!("?{name}"),
                NameMatch::Generic(name) => format!("~{name}"),
            })
            .collect()
    }

    #[test]
    fn names_match_by_id_title_short_name_and_alias_folded() {
        let h = hub();
        for (name, id) in [
            ("Sở Thông tin và Truyền thông", "so-tttt"),
            ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "so-tttt"),
            ("So Thong tin va Truyen thong", "so-tttt"),
            ("Sở TT&TT", "so-tttt"),
            ("so-tttt", "so-tttt"),
            ("Sở KH&ĐT", "so-khdt"),
            ("UBND tỉnh Gia Lai", "ubnd-tinh"),
            ("Ủy ban nhân dân tỉnh", "ubnd-tinh"),
        ] {
            assert_eq!(h.find(name), Some(id), "{name}");
        }
        assert_eq!(h.find("Sở Tài chính"), None);
        assert_eq!(h.find("Sở"), None);
    }

    #[test]
    fn cells_split_into_names_keeping_commas_inside_names() {
        let h = hub();
        assert_eq!(
            ids(&h.names_in("Các sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố")),
            ["cac-so-ban-nganh", "ubnd-cap-huyen"]
        );
        assert_eq!(
            ids(&h.names_in("Sở GTVT, Sở KH&ĐT\nSở TTTT")),
            ["so-gtvt", "so-khdt", "so-tttt"]
        );
        assert_eq!(
            ids(&h.names_in("Sở Giao thông vận tải và Sở Thông tin và Truyền thông")),
            ["so-gtvt", "so-tttt"]
        );
        assert_eq!(
            ids(&h.names_in("Sở Nội vụ, các cơ quan, đơn vị liên quan")),
            ["?Sở Nội vụ", "~các cơ quan, đơn vị liên quan"]
        );
        assert_eq!(ids(&h.names_in("")), Vec::<String>::new());
    }

    #[test]
    fn unknown_names_come_with_the_closest_ids() {
        let h = hub();
        let closest = h.closest("Sở Thông tin - Truyền thông");
        assert_eq!(closest.first().map(String::as_str), Some("so-tttt"));
        assert!(h.closest("Bộ Quốc phòng").len() <= 3);
    }
}
