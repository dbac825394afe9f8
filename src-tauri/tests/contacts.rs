//! The contact index on a real sled database in a temporary folder: what pages report, people
//! across services, restarts, removal, backups in vCard and CSV, bad files and a damaged index.

use switchboard::contacts::exchange::{self, Card};
use switchboard::contacts::{ChatRef, Contact, Contacts, ContactsError, Handle, HandleKind, Person};

fn chat(account: &str, chat: &str, name: &str, last_active: i64) -> Contact {
    Contact { account: account.into(), chat: chat.into(), name: name.into(), last_active: Some(last_active), avatar: None }
}

fn open(dir: &std::path::Path) -> Contacts {
    let opened = Contacts::open(dir).unwrap();
    assert!(opened.notice.is_none());
    opened.contacts
}

fn names(contacts: &Contacts, query: &str) -> Vec<String> {
    contacts.search(query, 10).into_iter().map(|h| h.name).collect()
}

/// Two WhatsApp accounts and a Telegram account, and a person who writes on two of them.
fn filled(dir: &std::path::Path) -> (Contacts, Person) {
    let contacts = open(dir);
    contacts
        .upsert(vec![chat("wa1", "79991234567@c.us", "Анна Петрова", 100), chat("wa1", "8613800138000@c.us", "王伟", 50)])
        .unwrap();
    contacts.upsert(vec![chat("wa2", "15551234567@c.us", "John Smith", 70)]).unwrap();
    contacts.upsert(vec![chat("tg", "5001", "Anna P.", 300), chat("tg", "-1003", "Sellers group, Shenzhen", 10)]).unwrap();
    let anna = Person::new(
        "Анна Петрова",
        vec![Handle::new(HandleKind::Phone, "+7 999 123-45-67").unwrap(), Handle::new(HandleKind::Telegram, "@anna_p").unwrap()],
        "Оптовый клиент; платит в юанях\nзвонить после 18:00",
        1_700_000_000,
    )
    .unwrap();
    let mut anna = contacts.save_person(anna).unwrap();
    anna.add_note("paid half,\n\nrest on delivery", 1_700_086_400).unwrap();
    anna.add_tags(["VIP", "оптовик, юани"]).unwrap();
    (anna.language, anna.preferred, anna.translate_incoming) = (Some("ru".into()), Some("wa1".into()), true);
    let anna = contacts.save_person(anna).unwrap();
    contacts.link(&anna.id, ChatRef { account: "wa1".into(), chat: "79991234567@c.us".into() }).unwrap();
    let anna = contacts.link(&anna.id, ChatRef { account: "tg".into(), chat: "5001".into() }).unwrap();
    (contacts, anna)
}

#[test]
fn pages_fill_the_index_and_it_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts");
    {
        let (contacts, _) = filled(&path);
        assert_eq!(contacts.upsert(vec![chat("wa2", "15551234567@c.us", "John Smith", 70)]).unwrap(), 0, "unchanged: not written");
        assert_eq!(contacts.upsert(vec![chat("wa2", "15551234567@c.us", "John Smith", 80)]).unwrap(), 1);
        contacts.flush().unwrap();
    }
    let contacts = open(&path);
    let anna = contacts.people().into_iter().find(|p| p.name == "Анна Петрова").unwrap();
    assert!(anna.translate_incoming && anna.language.as_deref() == Some("ru"), "her card's choices kept");
    assert_eq!(names(&contacts, "王"), ["王伟"]);
    assert_eq!(names(&contacts, "john"), ["John Smith"]);
    assert_eq!(names(&contacts, "shenzhen"), ["Sellers group, Shenzhen"]);

    // Anna shows once, as her card, with the chat she used last first.
    let hits = contacts.search("анна", 10);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].name, "Анна Петрова");
    assert_eq!(hits[0].chats.iter().map(|c| c.account.as_str()).collect::<Vec<_>>(), ["tg", "wa1"]);
    assert_eq!(names(&contacts, "anna p"), ["Анна Петрова"], "found through her Telegram name");
    assert_eq!(names(&contacts, "999 123"), ["Анна Петрова"], "and through her phone number");
    // Her tags and the words of her notes find her, after a restart too.
    assert_eq!(names(&contacts, "#vip"), ["Анна Петрова"]);
    assert_eq!(names(&contacts, "#ОПТ"), ["Анна Петрова"], "a tag's start, any case");
    assert!(names(&contacts, "#unpaid").is_empty());
    assert_eq!(names(&contacts, "rest deliv"), ["Анна Петрова"], "words of a note");
    assert_eq!(names(&contacts, "после 18:00"), ["Анна Петрова"], "punctuation typed as written");
    assert!(names(&contacts, "delivx").is_empty(), "a note is read by whole words, not letters in order");

    // A removed account's chats go; her card stays, with the other chat.
    assert_eq!(contacts.forget_account("tg").unwrap(), 2);
    assert!(names(&contacts, "shenzhen").is_empty());
    let hits = contacts.search("анна", 10);
    assert_eq!(hits[0].chats.iter().map(|c| c.account.as_str()).collect::<Vec<_>>(), ["wa1"]);
}

#[test]
fn a_chat_belongs_to_one_person_and_can_be_unlinked() {
    let dir = tempfile::tempdir().unwrap();
    let (contacts, anna) = filled(&dir.path().join("contacts"));
    let other = contacts.save_person(Person::new("Anna (shop)", vec![], "", 0).unwrap()).unwrap();
    let tg = ChatRef { account: "tg".into(), chat: "5001".into() };
    contacts.link(&other.id, tg.clone()).unwrap();
    assert!(!contacts.person(&anna.id).unwrap().chats.contains(&tg), "taken from the first person");
    contacts.unlink(&other.id, &tg).unwrap();
    assert_eq!(names(&contacts, "anna p."), ["Anna P."], "a chat of nobody shows on its own");
    assert!(matches!(contacts.link(&anna.id, ChatRef { account: "tg".into(), chat: "nope".into() }), Err(ContactsError::NoChat(_))));
}

#[test]
fn vcard_and_csv_backups_give_the_same_index_back() {
    let dir = tempfile::tempdir().unwrap();
    let (contacts, _) = filled(&dir.path().join("contacts"));
    let cards = exchange::cards(&contacts);
    let vcard = exchange::to_vcard(&cards);
    let unfolded = vcard.replace("\r\n ", "");
    assert!(unfolded.contains("FN:Анна Петрова\r\n") && unfolded.contains("NOTE;X-SWITCHBOARD-AT=1700000000:Оптовый клиент\\; платит в юанях\\nзвонить после 18:00"));
    assert!(unfolded.contains("CATEGORIES:VIP,оптовик,юани\r\n") && unfolded.contains("LANG:ru\r\n"), "{unfolded}");
    assert!(vcard.lines().all(|l| l.len() <= 77), "folded at 75 octets");
    let csv = exchange::to_csv(&cards);

    // vCard keeps everything; CSV everything but when each note was written.
    for (text, parse, keeps_times) in [(&vcard, exchange::from_vcard as fn(&str) -> (Vec<Card>, _), true), (&csv, exchange::from_csv, false)] {
        let (read, bad) = parse(text);
        assert!(bad.is_empty(), "{bad:?}");
        let copy_dir = tempfile::tempdir().unwrap();
        let copy = open(copy_dir.path());
        let done = exchange::import(&copy, read.clone()).unwrap();
        assert_eq!((done.people_added, done.people_merged, done.chats), (1, 0, 5));
        assert_eq!(exchange::to_vcard(&exchange::cards(&copy)) == vcard, keeps_times, "the same index back");
        assert_eq!(exchange::to_csv(&exchange::cards(&copy)), csv);
        let anna = copy.people().pop().unwrap();
        assert_eq!((anna.tags.len(), anna.notes.len(), anna.language.as_deref()), (3, 2, Some("ru")));
        assert!(!anna.translate_incoming, "consent to send her messages away stays on the computer it was given on");

        // Importing it again merges instead of doubling.
        let again = exchange::import(&copy, read).unwrap();
        assert_eq!((again.people_added, again.people_merged, again.chats), (0, 1, 0));
        assert_eq!(exchange::to_csv(&exchange::cards(&copy)), csv);
        assert_eq!(exchange::to_vcard(&exchange::cards(&copy)) == vcard, keeps_times);
    }
    // A card full of tags merged with a file's: still within the bounds, nothing refused.
    let mut full = contacts.people().pop().unwrap();
    full.tags = (0..20).map(|n| format!("t{n}")).collect();
    contacts.save_person(full.clone()).unwrap();
    let mut incoming = full.clone();
    incoming.tags = vec!["new".into(), "T1".into()];
    let done = exchange::import(&contacts, vec![Card { person: Some(incoming), chats: vec![] }]).unwrap();
    assert_eq!(done.people_merged, 1);
    assert_eq!(contacts.person(&full.id).unwrap().tags, full.tags, "the tags it had first");
    // A CSV file written before tags still reads.
    assert!(csv.starts_with("id,name,phone,email,telegram,whatsapp,wechat,vk,max,other,note,chats,tags,language"));
    let (read, bad) = exchange::from_csv("id,name,phone,email,telegram,whatsapp,wechat,vk,max,other,note,chats\n,Li,+86 138,,,,,,,,old note,\n");
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(read[0].person.as_ref().unwrap().latest_note(), "old note");
}

#[test]
fn a_card_from_another_address_book_merges_by_phone() {
    let dir = tempfile::tempdir().unwrap();
    let (contacts, anna) = filled(&dir.path().join("contacts"));
    let phone_book = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Petrova\r\nitem1.TEL;TYPE=cell:8 (999) 123-45-67\r\n\
EMAIL;TYPE=work:anna@example.com\r\nNOTE:met at the Canton fair\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li\r\n Na\r\nIMPP:weixin:lina_sz\r\nEND:VCARD\r\n";
    let (cards, bad) = exchange::from_vcard(phone_book);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(cards[1].person.as_ref().unwrap().name, "LiNa", "folded lines joined");
    let done = exchange::import(&contacts, cards).unwrap();
    assert_eq!((done.people_added, done.people_merged), (1, 1));
    let merged = contacts.person(&anna.id).unwrap();
    assert_eq!(merged.name, "Анна Петрова", "the name she had stays");
    assert!(merged.handles.iter().any(|h| h.value == "anna@example.com"));
    let notes: Vec<&str> = merged.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notes.len(), 3, "hers kept, the address book's added: {notes:?}");
    assert!(notes.contains(&"met at the Canton fair"));
    assert_eq!(names(&contacts, "lina"), ["LiNa"]);
}

#[test]
fn a_bad_file_says_where_and_imports_nothing_unless_asked() {
    let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Good One\nTEL:+1 555 0100\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:4.0\nTEL:+1 555 0101\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:4.0\nFN:Broken\nX-SWITCHBOARD-CHAT;NAME=\"x\":42\nEND:VCARD\n";
    let (cards, bad) = exchange::from_vcard(text);
    assert_eq!(cards.len(), 1);
    let shown: Vec<String> = bad.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["line 6 (record 2): no name (FN)", "line 13 (record 3): a chat without its ACCOUNT"]);

    let csv = "id,name,phone,email,telegram,whatsapp,wechat,vk,max,other,note,chats\n\
,Мария,+7 900 000-00-00,,,,,,,,,\n\
,Без чата,,,,,,,,,,wa1\tonly-two-parts\n";
    let (cards, bad) = exchange::from_csv(csv);
    assert_eq!(cards.len(), 1);
    assert_eq!(bad[0].to_string(), "line 3 (record 2): a chat is account, chat, name and time separated by tabs: wa1\tonly-two-parts");
    assert_eq!(exchange::from_csv("name,phone\nx,1\n").1[0].line, 1, "a foreign header is refused at line 1");
}

#[test]
fn a_damaged_index_is_moved_aside_and_started_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts");
    {
        let (contacts, _) = filled(&path);
        contacts.flush().unwrap();
    }
    std::fs::write(path.join("conf"), b"\xff\xfe not a sled configuration").unwrap();
    let before = tree(&path);
    let opened = Contacts::open(&path).unwrap();
    let notice = opened.notice.expect("the user is told").to_string();
    assert!(notice.starts_with("The contact index was damaged"), "{notice}");
    assert_eq!(opened.contacts.count(), 0);
    let aside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    let aside = aside.iter().find(|n| n.starts_with("contacts.damaged-")).unwrap_or_else(|| panic!("kept, not deleted: {aside:?}"));
    assert_eq!(tree(&dir.path().join(aside)), before, "every file of the damaged index is kept as it was");
    assert!(notice.contains(aside.as_str()), "the notice says where: {notice}");
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn tree(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = vec![];
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn one_process_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    // The command line keeps its index under the profile's data folder; hold that one open.
    let _held = open(&dir.path().join("data").join("contacts"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .arg("--profile")
        .arg(dir.path())
        .args(["contacts", "search", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("open in the running Switchboard"), "{said}");
}

#[test]
fn suggested_links_go_away_once_linked() {
    use switchboard::contacts::suggest::{suggestions, Why};
    let dir = tempfile::tempdir().unwrap();
    let (contacts, anna) = filled(&dir.path().join("contacts"));
    contacts.upsert(vec![chat("max", "77", "+7 999 123 45 67", 400), chat("tg", "88", "王伟", 20)]).unwrap();
    let found = suggestions(&contacts.people(), &contacts.chats());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((found[0].person.as_deref(), &found[0].why), (Some(anna.id.as_str()), &Why::SamePhone("79991234567".into())));
    assert_eq!(found[1].why, Why::SameName("王伟".into()));
    contacts.link(&anna.id, found[0].chats[0].clone()).unwrap();
    let wang = contacts.save_person(Person::new("王伟", vec![], "", 0).unwrap()).unwrap();
    for r in &found[1].chats {
        contacts.link(&wang.id, r.clone()).unwrap();
    }
    assert!(suggestions(&contacts.people(), &contacts.chats()).is_empty());
    let hits = contacts.search("王伟", 5);
    assert_eq!((hits.len(), hits[0].chats.len()), (1, 2), "one person on two services");
}

#[test]
fn a_page_that_cannot_tell_when_a_chat_was_active_does_not_make_it_older() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = Contacts::open(&dir.path().join("contacts")).unwrap().contacts;
    let mut anna = chat("tg", "5001", "Анна Петрова", 1_800_000_000);
    anna.avatar = Some("https://cdn.example.org/a.jpg".into());
    contacts.upsert(vec![anna.clone()]).unwrap();
    // After a reload the page knows the name but neither the time nor the picture yet.
    let reloaded = Contact { last_active: None, avatar: None, ..anna.clone() };
    assert_eq!(contacts.upsert(vec![reloaded]).unwrap(), 0, "nothing changed");
    assert_eq!(contacts.chat(&anna.chat_ref()), Some(anna.clone()));
    let renamed = Contact { name: "Анна П.".into(), last_active: Some(1_700_000_000), ..anna.clone() };
    assert_eq!(contacts.upsert(vec![renamed]).unwrap(), 1);
    let stored = contacts.chat(&anna.chat_ref()).unwrap();
    assert_eq!((stored.name.as_str(), stored.last_active), ("Анна П.", Some(1_800_000_000)));
}

#[test]
fn a_page_that_floods_the_index_fills_its_own_share_and_no_more() {
    use switchboard::contacts::MAX_CHATS_PER_ACCOUNT;
    let dir = tempfile::tempdir().unwrap();
    let (contacts, anna) = filled(dir.path());
    // A page reports chat after chat, 100 at a time, as the bridge sends them: the oldest first,
    // each newer than the one before.
    let batches = (MAX_CHATS_PER_ACCOUNT + 1_000) / 100;
    for b in 0..batches {
        let rows = (0..100).map(|i| {
            let n = (b * 100 + i) as i64;
            chat("wa1", &format!("flood-{n}@c.us"), &format!("Spam {n}"), 1_000 + n)
        });
        contacts.upsert(rows.collect()).unwrap();
    }
    let kept = |c: &Contacts| c.chats().iter().filter(|c| c.account == "wa1").count();
    assert!(kept(&contacts) <= MAX_CHATS_PER_ACCOUNT, "{} chats kept", kept(&contacts));
    assert!(kept(&contacts) > MAX_CHATS_PER_ACCOUNT * 9 / 10);
    // What went are the chats whose last message is oldest — but not one on a person card.
    let here = |c: &Contacts, chat: &str| c.chat(&ChatRef { account: "wa1".into(), chat: chat.into() }).is_some();
    assert!(!here(&contacts, "flood-0@c.us") && !here(&contacts, "8613800138000@c.us"));
    let newest = format!("flood-{}@c.us", batches * 100 - 1);
    assert!(here(&contacts, &newest));
    assert!(here(&contacts, "79991234567@c.us"), "Anna's chat is on her card");
    assert_eq!(contacts.person(&anna.id).unwrap().chats.len(), 2);
    // Other accounts lost nothing, and the search forgot what went.
    assert_eq!(contacts.chats().iter().filter(|c| c.account != "wa1").count(), 3);
    assert!(!names(&contacts, "Spam 0").contains(&"Spam 0".to_string()));
    // The same after a restart: the count is taken from the disk, so new chats past the cap are
    // trimmed again at once.
    let before = kept(&contacts);
    drop(contacts);
    let contacts = open(dir.path());
    assert_eq!(kept(&contacts), before);
    let more = (MAX_CHATS_PER_ACCOUNT - before + 100) as i64;
    for start in (0..more).step_by(100) {
        let rows = (start..(start + 100).min(more)).map(|n| chat("wa1", &format!("late-{n}@c.us"), &format!("Late {n}"), 2_000_000 + n));
        contacts.upsert(rows.collect()).unwrap();
    }
    assert!(kept(&contacts) <= MAX_CHATS_PER_ACCOUNT, "{} chats kept after the restart", kept(&contacts));
}
