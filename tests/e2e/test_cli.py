"""The command line works on a profile without a window, and refuses bad input cleanly."""

import json

from harness import cli


def test_catalog_lists_the_built_in_services():
    services = json.loads(cli("/nonexistent-unused", "services", "catalog", "--json").stdout)
    ids = {s["id"] for s in services}
    assert len(services) >= 20
    assert {"whatsapp", "telegram", "max", "vk", "wechat", "slack", "discord", "teams"} <= ids


def test_bad_input_gets_a_clear_error_and_changes_nothing(tmp_path):
    profile = tmp_path / "p"
    cli(profile, "services", "add", "telegram", "--label", "Telegram — Продажи")
    before = (profile / "settings.json").read_bytes()
    cases = {
        ("services", "add", "nope", "--label", "X"): "Unknown service",
        ("services", "add", "telegram", "--label", "   "): "name is empty",
        ("services", "add", "custom", "--url", "javascript:alert(1)", "--label", "X"): "only http and https",
        ("services", "add", "custom", "--label", "X"): "needs an address",
        ("services", "remove", "no-such-account"): "no account",
    }
    for args, message in cases.items():
        result = cli(profile, *args, check=False)
        assert result.returncode == 1, args
        assert message in result.stderr, (args, result.stderr)
    usage = cli(profile, "services", "frobnicate", check=False)
    assert usage.returncode == 2 and "Usage:" in usage.stderr
    assert (profile / "settings.json").read_bytes() == before
    listed = json.loads(cli(profile, "services", "list", "--json").stdout)
    assert [a["label"] for a in listed] == ["Telegram — Продажи"]


def test_contacts_are_kept_searched_and_carried_to_another_profile(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    cli(here, "contacts", "add", "Анна Петрова", "--phone", "+7 999 123-45-67", "--telegram", "anna_p",
        "--note", "оптовый клиент")
    cli(here, "contacts", "add", "王伟", "--wechat", "wangwei", "--phone", "+86 138 0013 8000")
    found = json.loads(cli(here, "contacts", "search", "анна пет", "--json").stdout)
    assert [h["name"] for h in found] == ["Анна Петрова"]
    assert {"kind": "telegram", "value": "anna_p"} in found[0]["handles"]

    backup = tmp_path / "contacts.vcf"
    cli(here, "contacts", "export", "vcf", "--output", str(backup))
    assert cli(there, "contacts", "import", str(backup)).stdout.startswith("Imported: 2 people added")
    assert [h["name"] for h in json.loads(cli(there, "contacts", "search", "王", "--json").stdout)] == ["王伟"]
    again = cli(there, "contacts", "import", str(backup)).stdout
    assert again.startswith("Imported: 0 people added, 2 merged"), again

    # A file with a bad record: where, and nothing imported.
    bad = tmp_path / "bad.vcf"
    bad.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Новый Клиент\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nTEL:1\nEND:VCARD\n")
    refused = cli(there, "contacts", "import", str(bad), check=False)
    assert refused.returncode == 1
    assert "line 5 (record 2): no name (FN)" in refused.stderr and "Nothing was imported" in refused.stderr
    assert json.loads(cli(there, "contacts", "search", "новый", "--json").stdout) == []
    cli(there, "contacts", "import", str(bad), "--partial")
    assert [h["name"] for h in json.loads(cli(there, "contacts", "search", "новый", "--json").stdout)] == ["Новый Клиент"]


def test_saved_replies_travel_between_profiles_and_a_bad_file_changes_nothing(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"replies": [{"name": "Доставка", "text": "Здравствуйте, {name}!\nДоставка 5–7 дней.", "lang": "ru"},
                                            {"name": "运费", "text": "运费由买家承担。"}]}), encoding="utf-8")
    assert cli(here, "replies", "import", str(team)).stdout.strip() == "imported 2 new, 0 updated"
    out = tmp_path / "out.json"
    cli(here, "replies", "export", "--output", str(out))
    assert cli(there, "replies", "import", str(out)).stdout.strip() == "imported 2 new, 0 updated"
    exported = json.loads(cli(there, "replies", "export").stdout)["replies"]
    assert [(r["name"], r["text"]) for r in exported] == [("Доставка", "Здравствуйте, {name}!\nДоставка 5–7 дней."),
                                                          ("运费", "运费由买家承担。")]
    before = (there / "settings.json").read_bytes()
    team.write_text(json.dumps({"replies": [{"name": "A", "text": "x"}, {"name": "a", "text": "y"}]}), encoding="utf-8")
    result = cli(there, "replies", "import", str(team), check=False)
    assert result.returncode == 1 and "Two replies are named" in result.stderr, result.stderr
    assert (there / "settings.json").read_bytes() == before
