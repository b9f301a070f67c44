//! A small HTML builder for the exports that write HTML (the web dossier, the
//! text of TimelineJS slides). Content reaches the output only through
//! [`html_into`] (the project's HTML escaper), the one place text is escaped: tag and attribute names are
//! `'static` strings of the exporter's own, every attribute value and every
//! text is escaped, and a link's address is either one the exporter made or an
//! `http`/`https` URL that passed [`super::safe_url`].

use super::safe_url;
use dossier_core::escape::html_into;

/// Where a link goes.
#[derive(Debug, Clone, Copy)]
pub enum Href<'a> {
    /// A page or anchor of the export, made by the exporter from ids.
    Own(&'a str),
    /// An address from content: a link only when [`safe_url`] accepts it.
    External(&'a str),
}

/// HTML being built. Nothing unescaped can be appended except `'static`
/// strings, which only the exporter's source can hold.
#[derive(Debug, Default)]
pub struct Html {
    out: String,
}

impl Html {
    pub fn new() -> Html {
        Html::default()
    }

    pub fn with_capacity(n: usize) -> Html {
        Html {
            out: String::with_capacity(n),
        }
    }

    /// `<tag a="v" ...>`, the values escaped.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            html_into(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push('>');
        self
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// Content text, escaped.
    pub fn text(&mut self, s: &str) -> &mut Html {
        html_into(&mut self.out, s);
        self
    }

    /// An element holding only text.
    pub fn elem(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// The exporter's own markup or text (a doctype, a style sheet, a script).
    pub fn own(&mut self, s: &'static str) -> &mut Html {
        self.out.push_str(s);
        self
    }

    /// A link with `text`, or the text alone when an external address may
    /// not be a link.
    pub fn link(
        &mut self,
        href: Href<'_>,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Html {
        let target = match href {
            Href::Own(h) => Some(std::borrow::Cow::Borrowed(h)),
            Href::External(u) => safe_url(u),
        };
        match target {
            Some(h) => {
                let mut all: Vec<(&'static str, &str)> = vec![("href", &h)];
                if matches!(href, Href::External(_)) {
                    all.push(("rel", "noopener noreferrer"));
                }
                all.extend_from_slice(attrs);
                self.open("a", &all).text(text).close("a")
            }
            None => self.text(text),
        }
    }

    /// Another piece of built HTML.
    pub fn append(&mut self, other: &Html) -> &mut Html {
        self.out.push_str(&other.out);
        self
    }

    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.out
    }

    pub fn into_string(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut h = Html::new();
        h.elem("p", &[("title", "a\"b' onload=x")], "<script>&amp;\u{1b}");
        assert_eq!(
            h.as_str(),
            "<p title=\"a&quot;b&#39; onload=x\">&lt;script&gt;&amp;amp;\u{241b}</p>"
        );
    }

    #[test]
    fn only_safe_external_links() {
        let mut h = Html::new();
        h.link(Href::External("javascript:alert(1)"), &[], "x");
        assert_eq!(h.as_str(), "x");
        let mut h = Html::new();
        h.link(Href::External("https://e.org/?a=1&b=2"), &[], "x");
        assert_eq!(
            h.as_str(),
            "<a href=\"https://e.org/?a=1&amp;b=2\" rel=\"noopener noreferrer\">x</a>"
        );
    }
}
