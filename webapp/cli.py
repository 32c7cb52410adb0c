"""Operator commands: `flask --app webapp init-db | seed | embed`.

Errors are printed as one precise English line (plus the list of dataset
problems) and the command exits 1; no traceback reaches the operator.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from graph.driver import get_graph
from graph.errors import GraphError, GraphUnavailable
from graph.schema import apply_schema
from ingest.dataset import DEFAULT_DATA_DIR, DatasetError, load_dataset
from ingest.embeddings import refresh_embeddings
from ingest.seed import graph_is_empty, seed
from search.embedding import Embedders
from webapp.config import ConfigError
from webapp.embedders import FIRST_SETTING, SECOND_SETTING, load_embedder


def operator_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn known failures into a one-line English message and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DatasetError as exc:
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            raise click.ClickException(f"dataset rejected, nothing was written: {exc}") from None
        except GraphUnavailable as exc:
            uri = current_app.config["NEO4J_URI"]
            raise click.ClickException(f"cannot reach Neo4j at {uri}: {exc}") from None
        except GraphError as exc:
            raise click.ClickException(f"graph error: {exc}") from None
        except ConfigError as exc:  # e.g. an embedder that cannot be loaded
            raise click.ClickException(str(exc)) from None

    return wrapper


def _prepare() -> Embedders:
    """The configured embedders, with the schema sized for the first one."""
    config = current_app.config
    embedder = load_embedder(FIRST_SETTING, config[FIRST_SETTING])
    second_name = config[SECOND_SETTING]
    second = load_embedder(SECOND_SETTING, second_name) if second_name else None
    apply_schema(get_graph(), vector_dimension=embedder.dimension)
    return Embedders(embedder, second)


def _seed_and_embed(data_dir: Path, embedders: Embedders) -> None:
    graph = get_graph()
    dataset = load_dataset(data_dir)
    started = time.perf_counter()
    report = seed(graph, dataset)
    counts = ", ".join(f"{n} {name}" for name, n in report.records.items())
    click.echo(f"Seeded {counts} in {time.perf_counter() - started:.1f}s "
               f"(graph: {report.nodes} nodes, {report.relationships} relationships)")
    _embed(embedders)


def _embed(embedders: Embedders) -> None:
    started = time.perf_counter()
    report = refresh_embeddings(get_graph(), embedders.first, second=embedders.second)
    models = " + ".join(m for m in (report.model, report.second_model) if m)
    references = (f", {report.references_embedded} scope references embedded"
                  if report.references_embedded else "")
    click.echo(f"Embeddings ({models}, {report.dimension} dims): {report.embedded} "
               f"embedded, {report.unchanged} unchanged{references} "
               f"in {time.perf_counter() - started:.1f}s")


@click.command("init-db")
@click.option("--seed-if-empty/--no-seed", default=True, show_default=True,
              help="Load the shipped Oberhausen dataset when the graph holds no offer.")
@with_appcontext
@operator_errors
def init_db_command(seed_if_empty: bool) -> None:
    """Apply constraints and indexes; seed an empty graph; refresh embeddings."""
    embedders = _prepare()
    click.echo("Schema applied (constraints and indexes online).")
    if seed_if_empty and graph_is_empty(get_graph()):
        _seed_and_embed(DEFAULT_DATA_DIR, embedders)
    else:
        _embed(embedders)


@click.command("seed")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_DATA_DIR, show_default=True, help="Dataset folder to load.")
@with_appcontext
@operator_errors
def seed_command(data_dir: Path) -> None:
    """Load (or re-assert) a dataset; running it twice changes nothing."""
    _seed_and_embed(data_dir, _prepare())


@click.command("embed")
@with_appcontext
@operator_errors
def embed_command() -> None:
    """Embed offers whose text or model changed (all of them after a model change)."""
    _embed(_prepare())


def init_app(app: Flask) -> None:
    for command in (init_db_command, seed_command, embed_command):
        app.cli.add_command(command)
