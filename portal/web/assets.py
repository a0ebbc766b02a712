"""Static files served for a year under URLs that change with their content, so repeat visits
load nothing again and a deploy is seen at once."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask

from portal.web.urls import page_url

ONE_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    folder = Path(app.static_folder or "")

    @lru_cache(maxsize=64)
    def version(filename: str) -> str:
        path = (folder / filename).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            return ""
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]

    @app.url_defaults
    def _versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values.setdefault("v", version(values["filename"]))

    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR

    app.jinja_env.globals["static_url"] = lambda filename: page_url("static", filename=filename)
