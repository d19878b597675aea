//! The URL layout, which is a public contract: the default language at the root, the others
//! under their code (`/en/...`), every page a directory with an `index.html`.

use crate::common::locale::Lang;

#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    default_lang: Lang,
}

impl Urls {
    pub fn new(base_path: &str, default_lang: Lang) -> Urls {
        Urls {
            base_path: base_path.trim_end_matches('/').to_string(),
            default_lang,
        }
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    fn prefix(&self, lang: Lang) -> String {
        if lang == self.default_lang {
            self.base_path.clone()
        } else {
            format!("{}/{}", self.base_path, lang.code())
        }
    }

    pub fn home(&self, lang: Lang) -> String {
        format!("{}/", self.prefix(lang))
    }

    pub fn provinces(&self, lang: Lang) -> String {
        format!("{}/provinces/", self.prefix(lang))
    }

    pub fn province(&self, lang: Lang, slug: &str) -> String {
        format!("{}/provinces/{slug}/", self.prefix(lang))
    }

    pub fn indicators(&self, lang: Lang) -> String {
        format!("{}/indicators/", self.prefix(lang))
    }

    pub fn indicator(&self, lang: Lang, id: &str) -> String {
        format!("{}/indicators/{id}/", self.prefix(lang))
    }

    pub fn bulletins(&self, lang: Lang) -> String {
        format!("{}/bulletins/", self.prefix(lang))
    }

    pub fn bulletin(&self, lang: Lang, slug: &str) -> String {
        format!("{}/bulletins/{slug}/", self.prefix(lang))
    }

    /// A file at the site root, such as the stylesheet.
    pub fn asset(&self, path: &str) -> String {
        format!("{}/{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The output file for a page URL: `/sub/en/provinces/hue/` -> `en/provinces/hue/index.html`.
    pub fn output_path(&self, url: &str) -> String {
        let path = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url)
            .trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_language_at_root_others_under_their_code() {
        let urls = Urls::new("", Lang::Vi);
        assert_eq!(urls.home(Lang::Vi), "/");
        assert_eq!(urls.home(Lang::En), "/en/");
        assert_eq!(urls.province(Lang::Vi, "ha-tinh"), "/provinces/ha-tinh/");
        assert_eq!(urls.bulletin(Lang::En, "x"), "/en/bulletins/x/");
        assert_eq!(urls.output_path("/"), "index.html");
        assert_eq!(
            urls.output_path("/en/provinces/hue/"),
            "en/provinces/hue/index.html"
        );
    }

    #[test]
    fn sub_path_prefixes_every_link() {
        let urls = Urls::new("/bhxh/", Lang::Vi);
        assert_eq!(urls.indicators(Lang::En), "/bhxh/en/indicators/");
        assert_eq!(urls.asset("style.css"), "/bhxh/style.css");
        assert_eq!(
            urls.output_path("/bhxh/en/indicators/"),
            "en/indicators/index.html"
        );
        assert_eq!(urls.output_path("/bhxh/404.html"), "404.html");
    }
}
