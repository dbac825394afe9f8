"""A translation server on 127.0.0.1 that speaks both APIs Switchboard uses: LibreTranslate's
POST /translate and DeepL's POST /v2/translate. It knows a few sentences, answers the rest with
the text marked by its target language, and can be told to refuse the key, to be slow, or to
fail — so the app's own HTTP client is tested against every answer a real provider gives."""

import json
import re
import threading
import time

from fakes import Recorder, _Server
from http.server import BaseHTTPRequestHandler

LT_KEY = "lt-secret-7731"
DEEPL_KEY = "dl-secret-5520:fx"

KNOWN = {
    ("ru", "en"): {"Здравствуйте! Заказ 5521 уже отправлен?": "Hello! Has order 5521 been shipped yet?"},
    ("en", "ru"): {"Yes, it shipped today.": "Да, отправлен сегодня."},
    ("zh", "en"): {"你好，价格表收到了吗": "Hello, did you get the price list?"},
}


def detect(text):
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    return "en"


def translated(text, source, target):
    source = detect(text) if source in ("auto", None) else source
    base = target.split("-")[0].lower()
    return KNOWN.get((source.lower(), base), {}).get(text, f"[{base}] {text}"), source


class Translator(_Server):
    def __init__(self):
        self.requests = Recorder()
        self.mode = "ok"  # "ok", "refuse_key", "slow", "broken"
        self.slow_seconds = 20
        super().__init__(_handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"


def _handler(server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, status, body):
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the app gave up waiting (the slow mode)

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            server.requests.add({"path": self.path, "body": body, "authorization": self.headers.get("Authorization")})
            if server.mode == "slow":
                time.sleep(server.slow_seconds)
            if server.mode == "broken":
                return self._json(500, {"error": "Translation engine crashed"})
            if self.path == "/translate":
                if server.mode == "refuse_key" or body.get("api_key") != LT_KEY:
                    return self._json(403, {"error": "Invalid API key"})
                text, source = translated(body["q"], body.get("source"), body["target"])
                answer = {"translatedText": text}
                if body.get("source") == "auto":
                    answer["detectedLanguage"] = {"confidence": 90.0, "language": source}
                return self._json(200, answer)
            if self.path == "/v2/translate":
                if server.mode == "refuse_key" or self.headers.get("Authorization") != f"DeepL-Auth-Key {DEEPL_KEY}":
                    return self._json(403, {"message": "Wrong endpoint. Use https://api.deepl.com"})
                text, source = translated(body["text"][0], body.get("source_lang", "").lower() or None, body["target_lang"])
                return self._json(200, {"translations": [{"detected_source_language": source.upper(), "text": text}]})
            self._json(404, {"error": "Not Found"})

    return Handler
