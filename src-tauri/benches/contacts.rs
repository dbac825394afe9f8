//! Contact search as a user types, at 1k, 10k and 100k contacts: the latency of every keystroke
//! (median and 99th percentile) and the time to open the index. Prints figures; run with
//! `cargo bench --bench contacts` (or `make bench`).

use std::time::{Duration, Instant};
use switchboard::contacts::{ChatRef, Contact, Contacts, Handle, HandleKind, Person};

const LATIN: [&str; 12] = ["an", "na", "jo", "hn", "mar", "ia", "ste", "ven", "li", "sa", "ro", "bert"];
const CYRILLIC: [&str; 12] = ["ан", "на", "пе", "тро", "ва", "ми", "ха", "ил", "ёл", "ка", "сер", "гей"];
const CHINESE: [&str; 12] = ["王", "伟", "李", "娜", "张", "敏", "刘", "洋", "陈", "静", "杨", "磊"];

/// A deterministic name in one of three scripts, two words of two or three syllables each.
fn name(n: u64) -> String {
    let mut x = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = |m: usize| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        (x >> 11) as usize % m
    };
    let script = match next(3) {
        0 => &LATIN,
        1 => &CYRILLIC,
        _ => &CHINESE,
    };
    let last_len = 2 + next(2);
    let mut word = |len: usize| (0..len).map(|_| script[next(script.len())]).collect::<String>();
    let first = word(2);
    let last = word(last_len);
    if script == &CHINESE {
        format!("{first}{last}")
    } else {
        let cap = |w: String| w.chars().next().map(|c| c.to_uppercase().chain(w.chars().skip(1)).collect()).unwrap_or(w);
        format!("{} {}", cap(first), cap(last))
    }
}

fn fill(dir: &std::path::Path, count: u64) -> Vec<String> {
    let contacts = Contacts::open(dir).unwrap().contacts;
    let accounts = ["wa-sales", "wa-support", "tg-main", "max", "wechat"];
    let mut names = vec![];
    let mut batch = vec![];
    for n in 0..count {
        let name = name(n);
        names.push(name.clone());
        batch.push(Contact {
            account: accounts[(n % 5) as usize].into(),
            chat: format!("{n}@chat"),
            name,
            last_active: Some(1_700_000_000 + n as i64),
            avatar: None,
        });
        if batch.len() == 500 {
            contacts.upsert(std::mem::take(&mut batch)).unwrap();
        }
    }
    contacts.upsert(batch).unwrap();
    // One in ten is also a person card with a phone number, linked to its chat.
    for n in (0..count).step_by(10) {
        let phone = Handle::new(HandleKind::Phone, &format!("+7 9{:09}", n)).unwrap();
        let person = contacts.save_person(Person::new(&names[n as usize], vec![phone], "", 0).unwrap()).unwrap();
        contacts.link(&person.id, ChatRef { account: accounts[(n % 5) as usize].into(), chat: format!("{n}@chat") }).unwrap();
    }
    contacts.flush().unwrap();
    names
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Drops the kernel's page cache, so the next open reads the index from the disk; false where
/// that is not allowed (not root, or a container that forbids it).
fn drop_page_cache() -> bool {
    std::process::Command::new("sh")
        .args(["-c", "sync && echo 3 > /proc/sys/vm/drop_caches"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Latency of each keystroke of `query` typed letter by letter.
fn type_in(contacts: &Contacts, query: &str, times: &mut Vec<Duration>) {
    let mut typed = String::new();
    for c in query.chars() {
        typed.push(c);
        let t = Instant::now();
        std::hint::black_box(contacts.search(&typed, 20));
        times.push(t.elapsed());
    }
}

/// `name` with two neighbouring letters of its first word swapped, as a hurried typist does.
fn typo(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() > 3 && !chars[1].is_whitespace() && !chars[2].is_whitespace() {
        chars.swap(1, 2);
    }
    chars.into_iter().collect()
}

fn row(what: &str, count: u64, times: &mut [Duration]) {
    times.sort();
    println!(
        "{:>8} {:<10} {:>10.3} {:>10.3} {:>10.3} {:>11}",
        count,
        what,
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.99)),
        ms(*times.last().unwrap()),
        times.len()
    );
}

fn main() {
    println!("contact search, per keystroke (20 results), release build");
    let mut opens = vec![];
    println!("{:>8} {:<10} {:>10} {:>10} {:>10} {:>11}", "contacts", "queries", "median ms", "p99 ms", "max ms", "keystrokes");
    for count in [1_000u64, 10_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let names = fill(dir.path(), count);
        // Cold: the index read from the disk, as after a reboot; then warm, as at a restart.
        let dropped = drop_page_cache();
        let started = Instant::now();
        drop(Contacts::open(dir.path()).unwrap());
        let cold = started.elapsed();
        let started = Instant::now();
        let contacts = Contacts::open(dir.path()).unwrap().contacts;
        let warm = started.elapsed();
        opens.push((count, dropped.then_some(cold), warm));
        assert_eq!(contacts.count() as u64, count + count / 10, "everything indexed");

        // 300 names typed letter by letter (their first word and the start of the second), as
        // in the palette; the same with a typo; and queries that match nothing.
        let (mut typed, mut typos, mut nothing) = (vec![], vec![], vec![]);
        let mut found_with_typo = 0;
        for q in 0..300u64 {
            let target = &names[((q * 7919) % count) as usize];
            let query: String = target.chars().take(8).collect();
            type_in(&contacts, &query, &mut typed);
            // Sanity (optimised builds have been miscompiled here before): the whole name
            // finds names that start like it (many people share a name at 100k).
            let found = contacts.search(target, 20);
            let start: String = target.to_lowercase().chars().take(2).collect();
            assert!(found.first().is_some_and(|h| h.name.to_lowercase().starts_with(&start)), "{target}: {found:?}");
            let t = Instant::now();
            std::hint::black_box(contacts.search("", 20));
            typed.push(t.elapsed());

            let mistyped = typo(&query);
            type_in(&contacts, &mistyped, &mut typos);
            found_with_typo += usize::from(contacts.search(&mistyped, 20).iter().any(|h| &h.name == target));
            type_in(&contacts, &format!("zqx{q}щъ"), &mut nothing);
        }
        row("typed", count, &mut typed);
        row("typo", count, &mut typos);
        row("no match", count, &mut nothing);
        println!("{:>8} a name with two letters swapped still finds it in the top 20: {} of 300", "", found_with_typo);
    }
    println!("\nopening the index: {:>8} {:>16} {:>10}", "contacts", "cold (disk) ms", "warm ms");
    for (count, cold, warm) in opens {
        let cold = cold.map_or("n/a: cache not droppable here".to_string(), |c| format!("{:.1}", ms(c)));
        println!("{:>27} {:>16} {:>10.1}", count, cold, ms(warm));
    }
}
