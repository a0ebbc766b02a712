"""A bare Flask app answering "Hello" on every path: the benchmark serves it with the portal's own
gunicorn command and settings, so its speed is the most the stack itself allows."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
@app.get("/<path:path>")
def hello(path: str = "") -> str:
    # Every path, so the load that spreads over order pages' URLs can be replayed here unchanged.
    return "Hello"
