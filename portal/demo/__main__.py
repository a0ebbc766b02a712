"""`python -m portal.demo`: the portal against the built-in demo store, with no Shopify account
and no Redis already running (a private redis-server is started when REDIS_URL is not set)."""

from __future__ import annotations

import logging
import os
import secrets
import shlex
import signal
import sys
from collections.abc import Mapping
from typing import Any

from werkzeug.serving import run_simple

from portal import create_app
from portal.demo.fake_shopify import FakeShopify
from portal.demo.image_host import PREFIX, with_demo_images
from portal.demo.sample_orders import sample_store
from tests.support.redis_process import RedisProcess, RedisUnavailable

TRY_THESE = (("#1001", "alice.martin@example.com", "delivered, UPS, tax added to the total"),
             ("#1002", "hanako.yamada@example.com", "JPY, Yamato and Japan Post, times in Japan"),
             ("#1003", "kenji.sato@example.com", "JPY, partly sent, out for delivery"),
             ("#1004", "ingrid.nordmann@example.com", "NOK, Bring, in transit, VAT included"),
             ("#1006", "lucia.garcia@example.com", "EUR, Correos missed you: aviso and ID"),
             ("#1015", "ava.clark@example.com", "cancelled before sending"),
             ("#1019", "kari.hansen@example.com", "pickup, picked up"),
             ("#1020", "nils.lie@example.com", "pickup, ready to collect"),
             ("#1030", "daichi.mori@example.com", "Yamato missed you: request 再配達"),
             ("#1038", "haruto.kato@example.com", "Japan Post missed you: request 再配達"),
             ("#1032", "erik.dahl@example.com", "PostNord missed you: pickup point, SMS code"),
             ("#1039", "nora.vik@example.com", "Bring missed you: pickup point, kept 7 days"),
             ("#1034", "diego.navarro@example.com", "SEUR missed you: pickup point, ID, 10 days"),
             ("#1036", "riko.ueda@example.com", "お届け希望日・時間帯 and 置き配"),
             ("#1037", "freya.holm@example.com", "duties and VAT included"),
             ("XPAV284CT", "alice.martin@example.com", "a confirmation code instead"),
             ("#1024", "grace.lee@example.com", "30 items, partly sent"))


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # Python's default for SIGTERM ends the process on the spot, skipping the `finally` that
    # stops the private redis-server: a process manager's stop would leave it running.
    sys.exit(0)


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    redis_url = os.environ.get("REDIS_URL")
    redis_process = None
    if not redis_url:
        try:
            redis_process = RedisProcess().start()
        except RedisUnavailable as error:
            print(error, file=sys.stderr)
            return 1
        redis_url = redis_process.url
    # As a Dev Dashboard app: the portal gets its access tokens with the client ID and secret.
    api_secret = os.environ.get("SHOPIFY_API_SECRET", "demo-secret")
    shop = FakeShopify(sample_store(history=True), client_secret=api_secret).start()
    port = int(os.environ.get("PORT", "5000"))
    settings = {
        "SHOPIFY_SHOP": "demo-store.myshopify.com",
        "SHOPIFY_CLIENT_ID": shop.oauth.client_id,
        "SHOPIFY_API_URL": shop.url,
        "SHOPIFY_API_SECRET": api_secret,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32),
        "DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "en"),
        # Try the branding settings on the demo: STORE_ACCENT_COLOR='#c2410c' make demo
        **{name: os.environ[name] for name in ("STORE_NAME", "STORE_LOGO_URL", "STORE_ACCENT_COLOR")
           if os.environ.get(name)},
    }
    app = create_app(settings)
    # Flask's documented way to add WSGI middleware; mypy objects to any assignment to a method.
    app.wsgi_app = with_demo_images(app.wsgi_app)  # type: ignore[method-assign, assignment]
    shop.image_base_url = f"http://127.0.0.1:{port}{PREFIX}"
    print(f"\nDemo store running. Open http://127.0.0.1:{port}/ and try:\n")
    for number, email, what in TRY_THESE:
        print(f"  {number:<11} {email:<30} {what}")
    print(_learning_hint(settings))
    print("\nStop with Ctrl+C.\n", flush=True)
    try:
        run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)
    finally:
        shop.stop()
        if redis_process:
            redis_process.stop()
    return 0


def _learning_hint(settings: Mapping[str, Any]) -> str:
    """Say how to learn delivery times from the demo store's six months of deliveries."""
    env = " ".join(f"{name}={shlex.quote(str(settings[name]))}" for name in (
        "SHOPIFY_SHOP", "SHOPIFY_CLIENT_ID", "SHOPIFY_API_SECRET", "SHOPIFY_API_URL", "REDIS_URL"))
    # Learning signs nothing, so any secret key does for this one command.
    return ("\nThe store also holds six months of delivered orders. Learn delivery times from them"
            "\n(one bulk query) in another terminal, then open #1004 or #1007 (an order opened"
            "\nbefore shows the new window once its five-minute cache expires):\n\n"
            f"  {env} SECRET_KEY=demo .venv/bin/python -m flask --app wsgi learn-deliveries")


if __name__ == "__main__":
    sys.exit(main())
