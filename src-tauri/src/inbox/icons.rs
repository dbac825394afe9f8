//! The service icons OS notifications carry: the same monogram on the service's colour the
//! sidebar draws, written once per run as a small SVG file that notification servers load by
//! path. A cache only: anything in its folder can be deleted.

use crate::catalog::Service;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Mutex;

pub struct Icons {
    dir: PathBuf,
    written: Mutex<HashSet<PathBuf>>,
}

fn svg(service: &Service) -> String {
    let letters = crate::text::markup_escaped(&crate::text::clean_text(&service.monogram, 2));
    let color = if service.color.len() == 7 && service.color[1..].chars().all(|c| c.is_ascii_hexdigit()) {
        service.color.as_str()
    } else {
        "#5c6370"
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">\
         <rect width=\"64\" height=\"64\" rx=\"14\" fill=\"{color}\"/>\
         <text x=\"32\" y=\"41\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"26\" \
         font-weight=\"700\" fill=\"#ffffff\">{letters}</text></svg>\n"
    )
}

impl Icons {
    pub fn new(dir: PathBuf) -> Icons {
        Icons { dir, written: Mutex::default() }
    }

    /// The icon's file URI; `None` (the notification goes without it) when it can't be written.
    pub fn uri_for(&self, service: &Service) -> Option<String> {
        let svg = svg(service);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        svg.hash(&mut hasher);
        let path = self.dir.join(format!("{}-{:016x}.svg", service.id, hasher.finish()));
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if !written.contains(&path) {
            if let Err(e) = crate::atomic_file::write_atomically(&path, svg.as_bytes()) {
                eprintln!("switchboard: could not write the icon {}: {e}", path.display());
                return None;
            }
            written.insert(path.clone());
        }
        url::Url::from_file_path(&path).ok().map(String::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_gets_its_monogram_on_its_colour() {
        let dir = tempfile::tempdir().unwrap();
        let icons = Icons::new(dir.path().join("icons"));
        let telegram = crate::catalog::find("telegram").unwrap();
        let uri = icons.uri_for(telegram).unwrap();
        let file = url::Url::parse(&uri).unwrap().to_file_path().unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(">TG</text>") && text.contains(&telegram.color), "{text}");
        assert_eq!(icons.uri_for(telegram).unwrap(), uri, "written once, same file");
        assert_ne!(icons.uri_for(crate::catalog::find("whatsapp").unwrap()).unwrap(), uri);
    }

    #[test]
    fn odd_custom_data_cannot_break_out_of_the_svg() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = crate::catalog::Service::custom(&url::Url::parse("https://x.org/").unwrap());
        s.monogram = "<a".into();
        s.color = "red\"/><script>".into();
        let file = url::Url::parse(&Icons::new(dir.path().into()).uri_for(&s).unwrap()).unwrap().to_file_path().unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("<script") && !text.contains("<a") && text.contains("#5c6370"), "{text}");
    }
}
