//! A thin layer over quick-xml's writer for the OOXML parts: elements by name with attributes,
//! text escaped by quick-xml.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::super::{DeckError, xml_safe};

pub struct Xml(Writer<Vec<u8>>);

fn err(e: impl std::fmt::Display) -> DeckError {
    DeckError::Encode(e.to_string())
}

impl Xml {
    pub fn new() -> Xml {
        let mut w = Writer::new(Vec::new());
        // Writing to memory cannot fail; the declaration is what Office expects first.
        let _ = w.write_event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        Xml(w)
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut s = BytesStart::new(name);
        for (k, v) in attrs {
            s.push_attribute((*k, xml_safe(v).as_ref()));
        }
        s
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), DeckError> {
        self.0
            .write_event(Event::Start(Self::start(name, attrs)))
            .map_err(err)
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), DeckError> {
        self.0
            .write_event(Event::Empty(Self::start(name, attrs)))
            .map_err(err)
    }

    pub fn close(&mut self, name: &str) -> Result<(), DeckError> {
        self.0
            .write_event(Event::End(BytesEnd::new(name)))
            .map_err(err)
    }

    /// An element holding text; characters XML 1.0 cannot carry (`xml_safe`) are left out.
    pub fn text_element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> Result<(), DeckError> {
        let clean = xml_safe(text);
        self.open(name, attrs)?;
        self.0
            .write_event(Event::Text(BytesText::new(&clean)))
            .map_err(err)?;
        self.close(name)
    }

    pub fn finish(self) -> Vec<u8> {
        self.0.into_inner()
    }
}
