"""Importing Handlungsempfehlungen from CSV or Excel: an upload form and a CLI command.

Both read the file with ingest/recommendation_import.py and write it with
graph.recommendations.import_recommendations: all rows or none, in one transaction,
each created or changed recommendation with its audit record. The form lists one
German message per bad cell; `flask --app webapp import-recommendations FILE`
prints one English line per problem and exits 1.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Flask, flash, redirect, render_template, url_for
from flask.cli import with_appcontext
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from graph import recommendations as recs
from graph.driver import get_graph
from graph.editing import Actor
from ingest.recommendation_import import COLUMNS, ImportRejected, read_table, validate_rows
from webapp.auth import roles_required
from webapp.cli import operator_errors
from webapp.forms import GermanForm
from webapp.manage_common import actor

bp = Blueprint("recommendation_import", __name__, url_prefix="/planung")

CLI_ACTOR = Actor(id="cli", email="Kommandozeile (import-recommendations)")


@bp.before_request
@roles_required("planner")
def require_planner() -> None:
    """Importing is for the social planning: planners and admins."""


class ImportForm(GermanForm):
    file = FileField("Datei (CSV oder Excel .xlsx)",
                     validators=[FileRequired("Bitte eine Datei auswählen.")])
    submit = SubmitField("Importieren")


def run_import(filename: str, data: bytes, who: Actor) -> recs.ImportResult:
    """Read, check and write a file; raises `ImportRejected` (nothing written) on bad rows."""
    graph = get_graph()
    rows = validate_rows(read_table(filename, data), recs.import_vocabulary(graph))
    source = f"Import aus {Path(filename).name} am {date.today():%d.%m.%Y}"
    return recs.import_recommendations(graph, rows, who, source)


@bp.route("/empfehlungen/import", methods=["GET", "POST"])
def upload() -> Any:
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            result = run_import(upload_file.filename or "", upload_file.read(), actor())
        except ImportRejected as exc:
            problems = [p.german_line() for p in exc.problems]
        else:
            flash(f"Import abgeschlossen: {result.created} angelegt, {result.updated} "
                  f"geändert, {result.unchanged} unverändert.", "success")
            return redirect(url_for("recommendations.recommendations"))
    status = 400 if problems or form.errors else 200
    return render_template("planning/recommendation_import.html", form=form,
                           problems=problems, columns=list(COLUMNS)), status


@click.command("import-recommendations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@operator_errors
def import_recommendations_command(file: Path) -> None:
    """Import Handlungsempfehlungen from a .csv or .xlsx file (all rows or none)."""
    try:
        result = run_import(file.name, file.read_bytes(), CLI_ACTOR)
    except ImportRejected as exc:
        for problem in exc.problems:
            click.echo(f"  {problem.english_line()}", err=True)
        raise click.ClickException(
            f"{file.name} rejected, nothing was written: {len(exc.problems)} problem(s)"
        ) from None
    click.echo(f"Imported {file.name}: {result.created} created, {result.updated} updated, "
               f"{result.unchanged} unchanged")


def init_app(app: Flask) -> None:
    app.cli.add_command(import_recommendations_command)
