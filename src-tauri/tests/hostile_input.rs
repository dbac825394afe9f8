//! What a page, a backup file or a hand-edited settings file may hold, thrown at the parsers
//! that read them: random text and random pieces of the real formats. None may panic; a bad
//! input is an error or a skipped record, never a crash.

use proptest::prelude::*;
use switchboard::contacts::exchange;
use switchboard::contacts::Contacts;

/// Lines that look like a vCard or a CSV row, in any order and number, with odd values.
fn vcard_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("BEGIN:VCARD".to_string()),
        Just("END:VCARD".to_string()),
        Just("VERSION:4.0".to_string()),
        "FN:[^\\r\\n]{0,80}",
        "TEL;TYPE=cell:[0-9+ ()-]{0,30}",
        "IMPP:(tg|whatsapp|weixin|x-handle):[^\\r\\n]{0,40}",
        "X-SWITCHBOARD-CHAT:[^\\r\\n]{0,120}",
        "UID:urn:switchboard:person:[^\\r\\n]{0,40}",
        "NOTE:[^\\r\\n]{0,200}",
        " [^\\r\\n]{0,60}",
        "[^\\r\\n]{0,100}",
    ];
    prop::collection::vec(line, 0..60).prop_map(|lines| lines.join("\r\n"))
}

fn csv_like() -> impl Strategy<Value = String> {
    let field = prop_oneof!["[^,\"\\n]{0,30}", "\"[^\"]{0,30}\"", "\"[^\\n]{0,20}", Just(String::new())];
    let row = prop::collection::vec(field, 0..12).prop_map(|f| f.join(","));
    prop::collection::vec(row, 0..40).prop_map(|rows| {
        let mut text = String::from("id,name,phone,email,telegram,whatsapp,wechat,vk,max,other,note,chats\n");
        text.push_str(&rows.join("\n"));
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn backup_parsers_never_panic(text in prop_oneof![vcard_like(), csv_like(), ".{0,400}"]) {
        let _ = exchange::from_vcard(&text);
        let _ = exchange::from_csv(&text);
    }

    #[test]
    fn importing_what_they_read_never_panics(text in prop_oneof![vcard_like(), csv_like()]) {
        let dir = tempfile::tempdir().unwrap();
        let contacts = Contacts::open(dir.path()).unwrap().contacts;
        let (cards, _) = exchange::from_vcard(&text);
        let _ = exchange::import(&contacts, cards);
        let (cards, _) = exchange::from_csv(&text);
        let _ = exchange::import(&contacts, cards);
    }

    #[test]
    fn settings_files_of_any_shape_load_without_panicking(text in prop_oneof![
        ".{0,300}",
        "\\{\"accounts\": \\[(\\{[^\\]]{0,120}\\},?){0,4}\\], \"[a-z_]{1,12}\": [^}]{0,40}\\}",
    ]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, &text).unwrap();
        let loaded = switchboard::settings::load(&path);
        // Whatever it was, what loads can be written back.
        switchboard::settings::save(&path, &loaded.workspace).unwrap();
    }
}

#[test]
fn an_oversized_import_is_refused_with_a_reason_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = Contacts::open(&dir.path().join("index")).unwrap().contacts;
    let file = dir.path().join("huge.csv");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(switchboard::contacts::files::MAX_IMPORT_BYTES + 1).unwrap();
    let why = switchboard::contacts::files::import_file(&contacts, &file, true).unwrap_err().to_string();
    assert!(why.contains("at most") && why.contains("Nothing was imported"), "{why}");
    assert!(contacts.people().is_empty() && contacts.chats().is_empty());

    let many = dir.path().join("many.csv");
    let mut text = String::from("id,name,phone,email,telegram,whatsapp,wechat,vk,max,other,note,chats\n");
    for i in 0..=switchboard::contacts::files::MAX_IMPORT_RECORDS {
        text.push_str(&format!(",P{i},,,,,,,,,,\n"));
    }
    std::fs::write(&many, text).unwrap();
    let why = switchboard::contacts::files::import_file(&contacts, &many, true).unwrap_err().to_string();
    assert!(why.contains("records"), "{why}");
    assert!(contacts.people().is_empty(), "nothing was written");
}

#[test]
fn one_bad_card_in_a_file_writes_nothing_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = Contacts::open(dir.path()).unwrap().contacts;
    let good = exchange::Card { person: Some(switchboard::contacts::Person::new("Good", vec![], "", 0).unwrap()), chats: vec![] };
    let mut nameless = switchboard::contacts::Person::new("x", vec![], "", 0).unwrap();
    nameless.name = "   ".into();
    let bad = exchange::Card { person: Some(nameless), chats: vec![] };
    assert!(exchange::import(&contacts, vec![good, bad]).is_err());
    assert!(contacts.people().is_empty(), "the good card before it was not written either");
}
