"""The configured embedders, loaded with an error that names the setting to fix.

A model that cannot be loaded (a folder that is not there, a hub id that is not cached,
sentence-transformers not installed) otherwise surfaces as a library's traceback deep in
`init-db` or in a worker's first search. `load_embedder` turns any such failure into an
`EmbedderUnavailable` naming the environment variable and the value it holds: `init-db`
prints it as its one error line, and the web app answers a search with a German 503.
"""

from __future__ import annotations

from search.embedding import DEFAULT_MODEL, SECOND_MODEL, Embedder, create_embedder
from webapp.config import ConfigError

FIRST_SETTING = "LOTSE_EMBEDDING_MODEL"
SECOND_SETTING = "LOTSE_SECOND_EMBEDDING_MODEL"
DEFAULTS = {FIRST_SETTING: DEFAULT_MODEL, SECOND_SETTING: SECOND_MODEL}


class EmbedderUnavailable(ConfigError):
    """A configured embedder cannot be loaded; the message names the setting."""


def load_embedder(setting: str, model: str, *, threads: int | None = None) -> Embedder:
    """The embedder named by `model`, the value of the environment variable `setting`."""
    try:
        return create_embedder(model, threads=threads)
    except Exception as exc:  # any library's failure: the operator needs the setting
        hint = (" (install the extra: pip install '.[transformers]')"
                if isinstance(exc, ImportError) else "")
        raise EmbedderUnavailable(
            f"{setting}={model!r} cannot be loaded: {type(exc).__name__}: {exc}{hint}; "
            f"set {setting} to a model that is installed (default: {DEFAULTS[setting]})") from exc
