//! Contact files: vCard 4.0 (RFC 6350) and CSV, UTF-8, written and read with no I/O. Every
//! handle and every chat is kept, so an export read back gives the same cards. A record that
//! can't be read is named with its line, and the rest is read all the same (the caller decides).

use super::{Contact, Handle, HandleKind, Note, Person};

/// One record of a file: a person card with the chats linked to it, or a chat on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub person: Option<Person>,
    pub chats: Vec<Contact>,
}

/// What was wrong with one record, and where.
#[derive(Debug, PartialEq)]
pub struct BadRecord {
    pub line: usize,
    pub record: usize,
    pub why: String,
}

impl std::fmt::Display for BadRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} (record {}): {}", self.line, self.record, self.why)
    }
}

// ---- vCard 4.0 ----

const CHAT_PROPERTY: &str = "X-SWITCHBOARD-CHAT";
const UID_PREFIX: &str = "urn:switchboard:person:";
/// When a note was written (seconds since 1970), as a parameter of NOTE.
const NOTE_AT: &str = "X-SWITCHBOARD-AT";
const PREFERRED_PROPERTY: &str = "X-SWITCHBOARD-PREFERRED";

fn impp_scheme(kind: HandleKind) -> Option<&'static str> {
    match kind {
        HandleKind::Telegram => Some("tg"),
        HandleKind::Whatsapp => Some("whatsapp"),
        HandleKind::Wechat => Some("weixin"),
        HandleKind::Vk => Some("vk"),
        HandleKind::Max => Some("max"),
        HandleKind::Other => Some("x-handle"),
        HandleKind::Phone | HandleKind::Email => None,
    }
}

/// TEXT values escape backslash, comma, semicolon and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// Parameter values are quoted, with RFC 6868's ^-escapes for quotes and line breaks.
fn param(text: &str) -> String {
    format!("\"{}\"", text.replace('^', "^^").replace('"', "^'").replace('\n', "^n"))
}

fn unparam(text: &str) -> String {
    let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '^' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => out.push('"'),
            Some('n') => out.push('\n'),
            Some('^') => out.push('^'),
            Some(other) => {
                out.push('^');
                out.push(other);
            }
            None => out.push('^'),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space, never inside a character.
fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

pub fn to_vcard(cards: &[Card]) -> String {
    let mut out = String::new();
    for card in cards {
        let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:4.0".to_string()];
        match &card.person {
            Some(p) => {
                lines.push(format!("UID:{UID_PREFIX}{}", p.id));
                lines.push(format!("FN:{}", escape(&p.name)));
                for h in &p.handles {
                    lines.push(match (h.kind, impp_scheme(h.kind)) {
                        (HandleKind::Phone, _) => format!("TEL:{}", escape(&h.value)),
                        (_, Some(scheme)) => format!("IMPP:{scheme}:{}", escape(&h.value)),
                        _ => format!("EMAIL:{}", escape(&h.value)),
                    });
                }
                for note in &p.notes {
                    // Its time as a parameter of our own (other programs read the text alone).
                    lines.push(match note.at {
                        0 => format!("NOTE:{}", escape(&note.text)),
                        at => format!("NOTE;{NOTE_AT}={at}:{}", escape(&note.text)),
                    });
                }
                if !p.tags.is_empty() {
                    lines.push(format!("CATEGORIES:{}", p.tags.iter().map(|t| escape(t)).collect::<Vec<_>>().join(",")));
                }
                if let Some(language) = &p.language {
                    lines.push(format!("LANG:{}", escape(language)));
                }
                if let Some(account) = &p.preferred {
                    lines.push(format!("{PREFERRED_PROPERTY}:{}", escape(account)));
                }
            }
            None => lines.push(format!("FN:{}", escape(&card.chats[0].name))),
        }
        for c in &card.chats {
            let mut property = format!("{CHAT_PROPERTY};ACCOUNT={};NAME={}", param(&c.account), param(&c.name));
            if let Some(at) = c.last_active {
                property.push_str(&format!(";LAST-ACTIVE={at}"));
            }
            if let Some(avatar) = &c.avatar {
                property.push_str(&format!(";AVATAR={}", param(avatar)));
            }
            lines.push(format!("{property}:{}", escape(&c.chat)));
        }
        lines.push("END:VCARD".into());
        for line in lines {
            fold_line(&line, &mut out);
        }
    }
    out
}

/// A content line: its name (upper case, group dropped), parameters and value.
struct Line {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

fn parse_line(line: &str) -> Option<Line> {
    let mut in_quotes = false;
    let colon = line.char_indices().find(|&(_, c)| {
        in_quotes ^= c == '"';
        c == ':' && !in_quotes
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let name = parts.next()?.rsplit('.').next()?.to_ascii_uppercase();
    let params = parts
        .filter_map(|p| p.split_once('=').map(|(k, v)| (k.to_ascii_uppercase(), v.to_string())))
        .collect();
    Some(Line { name, params, value: value.to_string() })
}

fn split_unquoted(text: &str, on: char) -> Vec<&str> {
    let (mut parts, mut start, mut in_quotes) = (vec![], 0, false);
    for (i, c) in text.char_indices() {
        in_quotes ^= c == '"';
        if c == on && !in_quotes {
            parts.push(&text[start..i]);
            start = i + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Reads a vCard file: every card, or every bad record with its line.
pub fn from_vcard(text: &str) -> (Vec<Card>, Vec<BadRecord>) {
    // Unfold: a line starting with a space or tab continues the one before.
    let mut lines: Vec<(usize, String)> = vec![];
    for (n, raw) in text.lines().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match raw.strip_prefix([' ', '\t']) {
            Some(rest) if !lines.is_empty() => lines.last_mut().expect("checked").1.push_str(rest),
            _ => lines.push((n + 1, raw.to_string())),
        }
    }
    let (mut cards, mut bad) = (vec![], vec![]);
    let mut current: Option<(usize, Vec<(usize, Line)>)> = None;
    let mut record = 0;
    for (n, raw) in lines {
        if raw.trim().is_empty() {
            continue;
        }
        let Some(line) = parse_line(&raw) else {
            bad.push(BadRecord { line: n, record: record.max(1), why: format!("not a vCard line: {}", raw.chars().take(60).collect::<String>()) });
            continue;
        };
        match (line.name.as_str(), current.as_mut()) {
            ("BEGIN", None) if line.value.eq_ignore_ascii_case("VCARD") => {
                record += 1;
                current = Some((n, vec![]));
            }
            ("END", Some(_)) if line.value.eq_ignore_ascii_case("VCARD") => {
                let (start, body) = current.take().expect("matched");
                match card_of(body) {
                    Ok(card) => cards.push(card),
                    Err((at, why)) => bad.push(BadRecord { line: at.unwrap_or(start), record, why }),
                }
            }
            (_, Some((_, body))) => body.push((n, line)),
            _ => bad.push(BadRecord { line: n, record: record.max(1), why: "outside BEGIN:VCARD … END:VCARD".into() }),
        }
    }
    if let Some((start, _)) = current {
        bad.push(BadRecord { line: start, record, why: "the card never ends (no END:VCARD)".into() });
    }
    (cards, bad)
}

/// A card as its lines are read.
#[derive(Default)]
struct CardBuilder {
    name: Option<String>,
    id: Option<String>,
    kept: Kept,
    chats: Vec<Contact>,
}

/// What a person card keeps beyond its name and chats, as a file gives it.
#[derive(Default)]
struct Kept {
    handles: Vec<Handle>,
    notes: Vec<Note>,
    tags: Vec<String>,
    language: Option<String>,
    preferred: Option<String>,
}

impl Kept {
    fn is_empty(&self) -> bool {
        self.handles.is_empty() && self.notes.is_empty() && self.tags.is_empty() && self.language.is_none() && self.preferred.is_none()
    }
}

impl CardBuilder {
    /// Takes one content line in.
    fn take(&mut self, line: &Line) -> Result<(), String> {
        let value = unescape(&line.value);
        let get = |key: &str| line.params.iter().find(|(k, _)| k == key).map(|(_, v)| unparam(v));
        match line.name.as_str() {
            "FN" => self.name = Some(value),
            "UID" => self.id = value.strip_prefix(UID_PREFIX).map(str::to_string),
            "NOTE" => {
                let at = match get(NOTE_AT) {
                    Some(t) => t.parse::<i64>().map_err(|_| format!("{NOTE_AT} is not a time: {t}"))?,
                    None => 0,
                };
                self.kept.notes.push(Note { at, text: value });
            }
            // Its commas separate tags, as `Person::tidy` reads them.
            "CATEGORIES" => self.kept.tags.push(value),
            "LANG" => self.kept.language = Some(value),
            PREFERRED_PROPERTY => self.kept.preferred = Some(value),
            "TEL" => self.kept.handles.push(Handle::new(HandleKind::Phone, value.trim_start_matches("tel:")).map_err(|e| e.to_string())?),
            "EMAIL" => self.kept.handles.push(Handle::new(HandleKind::Email, &value).map_err(|e| e.to_string())?),
            "IMPP" => {
                let (scheme, address) = value.split_once(':').ok_or_else(|| format!("IMPP without a scheme: {value}"))?;
                let kind = HandleKind::ALL.into_iter().find(|k| impp_scheme(*k) == Some(scheme)).unwrap_or(HandleKind::Other);
                self.kept.handles.push(Handle::new(kind, address).map_err(|e| e.to_string())?);
            }
            CHAT_PROPERTY => {
                let account = get("ACCOUNT").ok_or("a chat without its ACCOUNT")?;
                let last_active = match get("LAST-ACTIVE") {
                    Some(t) => Some(t.parse::<i64>().map_err(|_| format!("LAST-ACTIVE is not a time: {t}"))?),
                    None => None,
                };
                let chat = Contact { account, chat: value, name: get("NAME").unwrap_or_default(), last_active, avatar: get("AVATAR") };
                self.chats.push(chat.clean().map_err(|e| e.to_string())?);
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self) -> Result<Card, String> {
        let name = self.name.filter(|n| !n.trim().is_empty()).ok_or("no name (FN)")?;
        card(self.id.as_deref().unwrap_or_default(), &name, self.kept, self.chats)
    }
}

/// A card from its lines; what is wrong, at which line when one line is to blame.
fn card_of(body: Vec<(usize, Line)>) -> Result<Card, (Option<usize>, String)> {
    let mut builder = CardBuilder::default();
    for (n, line) in body {
        builder.take(&line).map_err(|why| (Some(n), why))?;
    }
    builder.finish().map_err(|why| (None, why))
}

/// A chat on its own when that's all there is, else a person card with its chats.
fn card(id: &str, name: &str, kept: Kept, chats: Vec<Contact>) -> Result<Card, String> {
    if id.is_empty() && kept.is_empty() && chats.len() == 1 {
        return Ok(Card { person: None, chats });
    }
    let mut person = Person::new(name, kept.handles, "", 0).map_err(|e| e.to_string())?;
    (person.notes, person.tags, person.language, person.preferred) = (kept.notes, kept.tags, kept.language, kept.preferred);
    person.tidy().map_err(|e| e.to_string())?;
    // Ids we wrote are short, letters and digits only; others get a new one.
    if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        person.id = id.to_string();
    }
    person.chats = chats.iter().map(Contact::chat_ref).collect();
    Ok(Card { person: Some(person), chats })
}

// ---- CSV ----

const CSV_HEADER: [&str; 14] = ["id", "name", "phone", "email", "telegram", "whatsapp", "wechat", "vk", "max", "other", "note", "chats", "tags", "language"];
/// Files written before tags: the same columns up to "chats".
const OLD_CSV_COLUMNS: usize = 12;
/// Between two notes in the "note" cell: the record separator, which no note can hold (`tidy`
/// takes control characters out), so a note of several paragraphs stays one. (A note's time is
/// kept in vCard only.)
const NOTE_BREAK: &str = "\u{1e}";
const HANDLE_COLUMNS: [HandleKind; 8] = HandleKind::ALL;

/// One row a card: several handles of a kind one per line in their cell; chats one per line as
/// account, chat, name and last activity separated by tabs.
pub fn to_csv(cards: &[Card]) -> String {
    let mut out = csv::Writer::from_writer(vec![]);
    out.write_record(CSV_HEADER).expect("in memory");
    for card in cards {
        let (id, name, note) = match &card.person {
            Some(p) => (p.id.clone(), p.name.clone(), p.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join(NOTE_BREAK)),
            None => (String::new(), card.chats[0].name.clone(), String::new()),
        };
        let mut row = vec![id, name];
        for kind in HANDLE_COLUMNS {
            let values: Vec<&str> = card.person.iter().flat_map(|p| &p.handles).filter(|h| h.kind == kind).map(|h| h.value.as_str()).collect();
            row.push(values.join("\n"));
        }
        row.push(note);
        let chats: Vec<String> = card
            .chats
            .iter()
            .map(|c| format!("{}\t{}\t{}\t{}", c.account, c.chat, c.name, c.last_active.map(|t| t.to_string()).unwrap_or_default()))
            .collect();
        row.push(chats.join("\n"));
        row.push(card.person.iter().flat_map(|p| &p.tags).cloned().collect::<Vec<_>>().join(", "));
        row.push(card.person.as_ref().and_then(|p| p.language.clone()).unwrap_or_default());
        out.write_record(row.iter().map(|cell| defused(cell).into_owned())).expect("in memory");
    }
    String::from_utf8(out.into_inner().expect("in memory")).expect("UTF-8 in, UTF-8 out")
}

pub fn from_csv(text: &str) -> (Vec<Card>, Vec<BadRecord>) {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let (mut cards, mut bad) = (vec![], vec![]);
    let header_ok = reader.headers().is_ok_and(|h| h.iter().eq(CSV_HEADER.iter().copied()) || h.iter().eq(CSV_HEADER[..OLD_CSV_COLUMNS].iter().copied()));
    if !header_ok {
        bad.push(BadRecord { line: 1, record: 0, why: format!("the first line must be the header: {}", CSV_HEADER.join(",")) });
        return (cards, bad);
    }
    for (n, row) in reader.records().enumerate() {
        let record = n + 1;
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                bad.push(BadRecord { line, record, why: e.to_string() });
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        match card_of_row(&row) {
            Ok(card) => cards.push(card),
            Err(why) => bad.push(BadRecord { line, record, why }),
        }
    }
    (cards, bad)
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a return first)
/// starts with an apostrophe, which spreadsheets show as text; so does one that starts with an
/// apostrophe already, so that reading takes exactly one away.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        true => format!("'{cell}").into(),
        false => cell.into(),
    }
}

fn card_of_row(row: &csv::StringRecord) -> Result<Card, String> {
    let cell = |i: usize| {
        let cell = row.get(i).unwrap_or_default();
        cell.strip_prefix('\'').unwrap_or(cell)
    };
    let mut kept = Kept::default();
    for (i, kind) in HANDLE_COLUMNS.into_iter().enumerate() {
        for value in cell(2 + i).lines().filter(|v| !v.trim().is_empty()) {
            kept.handles.push(Handle::new(kind, value).map_err(|e| e.to_string())?);
        }
    }
    kept.notes = cell(10).split(NOTE_BREAK).filter(|n| !n.trim().is_empty()).map(|text| Note { at: 0, text: text.into() }).collect();
    kept.tags = cell(12).split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    kept.language = Some(cell(13).trim().to_string()).filter(|l| !l.is_empty());
    let mut chats = vec![];
    for line in cell(11).lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split('\t').collect();
        let [account, chat, name, last] = parts[..] else {
            return Err(format!("a chat is account, chat, name and time separated by tabs: {line}"));
        };
        let last_active = match last {
            "" => None,
            t => Some(t.parse::<i64>().map_err(|_| format!("not a time: {t}"))?),
        };
        let contact = Contact { account: account.into(), chat: chat.into(), name: name.into(), last_active, avatar: None };
        chats.push(contact.clean().map_err(|e| e.to_string())?);
    }
    card(cell(0), cell(1), kept, chats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(chat: &str, name: &str) -> Card {
        Card { person: None, chats: vec![Contact { account: "wa1".into(), chat: chat.into(), name: name.into(), last_active: Some(5), avatar: None }] }
    }

    #[test]
    fn a_name_a_page_made_up_is_no_formula_in_a_spreadsheet() {
        let formula = "=HYPERLINK(\"https://evil.example/\",\"Invoice\")";
        let cards = vec![chat("1@c.us", formula), chat("2@c.us", "'quoted"), chat("3@c.us", "@SUM(A1)"), chat("4@c.us", "+7 999")];
        let text = to_csv(&cards);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "a spreadsheet would run {cell:?}");
            }
        }
        // Read back, every name is exactly as it was.
        let (read, bad) = from_csv(&text);
        assert!(bad.is_empty(), "{bad:?}");
        let names: Vec<&str> = read.iter().flat_map(|c| c.chats.iter().map(|c| c.name.as_str())).collect();
        assert_eq!(names, [formula, "'quoted", "@SUM(A1)", "+7 999"]);
    }
}
