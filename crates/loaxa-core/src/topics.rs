//! The topics bulletins are filed under: by default the content categories of
//! the commune's CCHC information plan (section II.1 a–d). A station may add its
//! own in `loaxa.toml`; only topics marked `cchc` count in the CCHC report.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub code: String,
    pub label: String,
    /// The label in English reports (`--lang en`); the Vietnamese one if absent.
    #[serde(default)]
    pub label_en: Option<String>,
    /// Counts towards "tin, bài về CCHC" in the report.
    #[serde(default = "yes")]
    pub cchc: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicList {
    topics: Vec<Topic>,
}

const DEFAULTS: &[(&str, &str, &str)] = &[
    (
        "van-ban-chi-dao",
        "Văn bản chỉ đạo, điều hành CCHC của Trung ương, tỉnh, huyện, xã",
        "Directives on administrative reform from the central, provincial, district and commune levels",
    ),
    (
        "van-ban-qppl",
        "Chất lượng ban hành văn bản quy phạm pháp luật, văn bản hành chính",
        "Quality of legal and administrative documents issued",
    ),
    (
        "de-an-thi-tuyen",
        "Xây dựng, triển khai Đề án; thi tuyển công chức cạnh tranh",
        "Reform projects; competitive recruitment of civil servants",
    ),
    (
        "can-bo-cong-chuc",
        "Quản lý, tuyển dụng, sử dụng, khen thưởng, kỷ luật cán bộ, công chức; quyền, nghĩa vụ của công dân",
        "Management, recruitment, rewards and discipline of officials; citizens' rights and duties",
    ),
    (
        "thu-tuc-hanh-chinh",
        "Cải cách, đơn giản hóa thủ tục hành chính (đất đai, xây dựng, y tế, giáo dục, lao động, hộ tịch…)",
        "Simplifying administrative procedures (land, construction, health, education, labour, civil status…)",
    ),
    (
        "mot-cua",
        "Cơ chế một cửa trong giải quyết thủ tục hành chính",
        "One-stop shop for administrative procedures",
    ),
    (
        "chi-so-hai-long",
        "Chỉ số hài lòng của người dân, tổ chức; chỉ số CCHC",
        "Citizen and organisation satisfaction; administrative reform index",
    ),
    (
        "ket-qua-danh-gia",
        "Kết quả, tồn tại, hạn chế; biểu dương, phê phán",
        "Results, shortcomings; commendation and criticism",
    ),
    (
        "dan-van",
        "Dân vận chính quyền; mô hình dân vận khéo tại bộ phận một cửa",
        "Government outreach; the \"skilful mass mobilisation\" model at the one-stop shop",
    ),
];

impl Default for TopicList {
    fn default() -> Self {
        TopicList {
            topics: DEFAULTS
                .iter()
                .map(|(code, label, en)| Topic {
                    code: code.to_string(),
                    label: label.to_string(),
                    label_en: Some(en.to_string()),
                    cchc: true,
                })
                .collect(),
        }
    }
}

impl TopicList {
    /// The default list followed by the station's own topics; a station topic
    /// with a default code replaces that default.
    pub fn with_station_topics(extra: Vec<Topic>) -> Self {
        let mut list = TopicList::default();
        for t in extra {
            match list.topics.iter_mut().find(|d| d.code == t.code) {
                Some(d) => *d = t,
                None => list.topics.push(t),
            }
        }
        list
    }

    pub fn get(&self, code: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.code == code)
    }

    /// The topic a file's tag or sidecar names, by code or by label,
    /// however it is cased or accented ("Một cửa", "MOT CUA", "mot-cua").
    pub fn find(&self, text: &str) -> Option<&Topic> {
        let key = |s: &str| {
            crate::timefmt::fold_vi(s)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let wanted = key(text);
        if wanted.is_empty() {
            return None;
        }
        self.topics
            .iter()
            .find(|t| key(&t.code) == wanted || key(&t.label) == wanted)
    }

    pub fn codes(&self) -> Vec<&str> {
        self.topics.iter().map(|t| t.code.as_str()).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Topic> {
        self.topics.iter()
    }

    /// The Vietnamese label, or the code itself for a topic no longer in the list
    /// (old log records keep their code).
    pub fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.get(code).map(|t| t.label.as_str()).unwrap_or(code)
    }

    /// The label in English, else the Vietnamese one, else the code.
    pub fn label_en<'a>(&'a self, code: &'a str) -> &'a str {
        self.get(code)
            .map(|t| t.label_en.as_deref().unwrap_or(&t.label))
            .unwrap_or(code)
    }

    pub fn is_cchc(&self, code: &str) -> bool {
        self.get(code).is_some_and(|t| t.cchc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_topics_by_code_or_label() {
        let l = TopicList::default();
        let code = |s: &str| l.find(s).map(|t| t.code.as_str());
        assert_eq!(code("mot-cua"), Some("mot-cua"));
        assert_eq!(code("MOT CUA"), Some("mot-cua"));
        assert_eq!(code("Dân vận"), Some("dan-van"));
        assert_eq!(code(&l.label("dan-van").to_uppercase()), Some("dan-van"));
        assert_eq!(code("nhạc"), None);
        assert_eq!(code(" - "), None);
    }

    #[test]
    fn defaults_cover_the_seed_categories() {
        let l = TopicList::default();
        assert_eq!(l.codes().len(), 9);
        assert!(l.is_cchc("mot-cua"));
        assert!(!l.is_cchc("nhac-hieu"));
        assert_eq!(l.label("unknown-code"), "unknown-code");
    }

    #[test]
    fn station_topics_add_and_replace() {
        let l = TopicList::with_station_topics(vec![
            Topic {
                code: "an-ninh".into(),
                label: "An ninh trật tự".into(),
                label_en: None,
                cchc: false,
            },
            Topic {
                code: "mot-cua".into(),
                label: "Một cửa, một cửa liên thông".into(),
                label_en: None,
                cchc: true,
            },
        ]);
        assert_eq!(l.codes().len(), 10);
        assert!(!l.is_cchc("an-ninh"));
        assert_eq!(l.label("mot-cua"), "Một cửa, một cửa liên thông");
    }
}
