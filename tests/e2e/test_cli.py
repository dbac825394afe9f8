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
        ("services", "add", "nope", "--label", "X"): "unknown service",
        ("services", "add", "telegram", "--label", "   "): "label is empty",
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
