"""`flask --app wsgi learn-deliveries`: learn delivery times from the store's own deliveries.

Operator output, in English like the logs. The exit status is 0 only when new figures were
stored (or exported or imported); every failure keeps the figures stored before and says so.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import NoReturn

import click
import redis
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.failures import Busy, Unavailable
from portal.model import Figures, Learned
from portal.shipping.learned import ANY_CARRIER
from portal.web.services import services

# While Shopify works, a line when the status changes and otherwise one this often.
QUIET_SECONDS = 30.0


def init_app(app: Flask) -> None:
    app.cli.add_command(learn_deliveries)


@click.command("learn-deliveries")
@click.option("--days", default=180, show_default=True, type=click.IntRange(1, 3650),
              help="Learn from orders placed in this many past days.")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the stored figures to FILE and stop; Shopify is not asked.")
@click.option("--import", "import_from", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              help="Store the figures in FILE (an earlier export) and stop; Shopify is not asked.")
@with_appcontext
def learn_deliveries(days: int, export_to: Path | None, import_from: Path | None) -> None:
    """Learn handling and transit times per carrier and region from the store's deliveries."""
    deliveries = services().deliveries
    if import_from is not None:
        _import(import_from)
        return
    if export_to is not None:
        _export(export_to)
        return
    click.echo(f"Asking Shopify for the deliveries of the last {days} days (one bulk query)...")
    try:
        learned = deliveries.run(days, ProgressLine())
    except Busy as error:
        _fail(f"Another bulk query of this app is under way ({error}); try again when it ends.")
    except Unavailable as error:
        _fail(f"Shopify could not give the deliveries: {error}.")
    except redis.RedisError as error:
        _fail(f"Redis did not take the new figures ({type(error).__name__}).")
    if not learned.figures:
        click.echo(f"No parcel was delivered by a carrier in the last {days} days: nothing "
                   "stored, the previous figures stay in place.")
        return
    click.echo(summary(learned, current_app.config["DELIVERY_HISTORY_MIN_PARCELS"]))


class ProgressLine:
    """Prints what the bulk operation is doing, without a line per poll."""

    def __init__(self) -> None:
        self._last: tuple[str, float] = ("", 0.0)

    def __call__(self, status: str, count: int) -> None:
        last, shown_at = self._last
        if status == last and time.monotonic() - shown_at < QUIET_SECONDS and status != "READING":
            return
        self._last = (status, time.monotonic())
        if status in ("READING", "READ"):
            click.echo(f"  {status.lower()}: {count:,} orders")
        else:
            click.echo(f"  Shopify: {status.lower()}, {count:,} objects so far")


def summary(learned: Learned, min_parcels: int) -> str:
    """Return the figures as a table, those below the minimum marked unused."""
    rows: list[tuple[str, ...]] = [("Carrier", "Country", "Region", "Parcels", "Handling", "Transit", "")]
    rows += [_row(figures, min_parcels) for figures in learned.figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    used = sum(1 for figures in learned.figures if figures.count >= min_parcels)
    return "\n".join([*lines, "",
                      f"Stored {len(learned.figures)} groups ({used} with at least {min_parcels} "
                      f"parcels) learned {learned.learned_at:%Y-%m-%d %H:%M} UTC over "
                      f"{learned.days} days. Days are business days, as p20/p50/p80."])


def _row(figures: Figures, min_parcels: int) -> tuple[str, ...]:
    region = figures.region.replace("postcode:", "postcode ") or "(whole country)"
    return (figures.carrier if figures.carrier != ANY_CARRIER else "(any)", figures.country,
            region, str(figures.count), "/".join(map(str, figures.handling)),
            "/".join(map(str, figures.transit)),
            "" if figures.count >= min_parcels else "too few, not used")


def _import(path: Path) -> None:
    try:
        learned = services().deliveries.import_(path.read_text(encoding="utf-8"))
    except ValueError as error:
        _fail(f"{path}: {error}.")
    except redis.RedisError as error:
        _fail(f"Redis did not take the figures ({type(error).__name__}).")
    click.echo(f"Imported {len(learned.figures)} groups learned "
               f"{learned.learned_at:%Y-%m-%d %H:%M} UTC from {path}.")


def _export(path: Path) -> None:
    try:
        text = services().deliveries.export()
    except LookupError as error:
        raise click.ClickException(str(error).capitalize() + ".") from None
    except redis.RedisError as error:
        raise click.ClickException(f"Redis could not be read ({type(error).__name__}).") from None
    path.write_text(text + "\n", encoding="utf-8")
    click.echo(f"Exported the stored figures to {path}.")


def _fail(message: str) -> NoReturn:
    """Stop with status 1, saying which figures the portal keeps using."""
    try:
        previous = services().deliveries.previous()
    except redis.RedisError:
        kept = "Whatever figures were stored stay in place."
    else:
        kept = (f"The figures learned {previous.learned_at:%Y-%m-%d %H:%M} UTC stay in place."
                if previous else "No figures were stored before: estimates keep using the "
                                 "carrier table.")
    raise click.ClickException(f"{message} {kept}")
