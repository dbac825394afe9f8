"""Voice notes and video messages play: the codecs messengers send (Opus in Ogg, H.264 in MP4)
need GStreamer's plugins, which the app's dependencies install."""

from harness import App, cli


def test_a_voice_note_and_a_video_message_play(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "custom", "--url", messenger.url("V1", page="/media/"), "--label", "Media")
    logs = desktop.tmp / "logs"
    before = set(logs.glob("*.log"))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        messenger.reports.wait_for(lambda e: e["account"] == "V1" and e["event"] == "listening", what="the page")
        messenger.command("V1", "play")
        for media in ("voice", "clip"):
            messenger.reports.wait_for(
                lambda e, media=media: e["account"] == "V1" and (e["event"] == f"played:{media}" or media in e["event"]),
                20, what=f"the {media} playing")
            told = [e["event"] for e in messenger.reports.events if media in e["event"]]
            assert f"played:{media}" in told, told
        app.quit()
    finally:
        app.kill()
    log = "".join(p.read_text(errors="replace") for p in set(logs.glob("*.log")) - before)
    for missing in ("fakevideosink", "gst-plugins-bad", "Missing plugin", "No decoder"):
        assert missing not in log, f"the app's output says a GStreamer part is missing: {missing}"
