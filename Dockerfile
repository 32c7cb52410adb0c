# Lotse web app under gunicorn. Neo4j runs as its own container (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LOTSE_ENV=production \
    PROMETHEUS_MULTIPROC_DIR=/tmp/lotse-metrics \
    XDG_CACHE_HOME=/tmp/cache

# An unprivileged user; the code below stays root's, so the app cannot change it.
RUN useradd --create-home --uid 10001 lotse
WORKDIR /app

COPY pyproject.toml README.md ./
COPY webapp ./webapp
COPY graph ./graph
COPY search ./search
COPY ingest ./ingest
COPY templates ./templates
COPY static ./static
COPY gunicorn.conf.py ./
# Editable install: the code runs from /app, where templates/ and static/ live.
RUN pip install --no-cache-dir -e '.[redis]'

USER lotse
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5).status != 200)"]

# Schema and (on an empty graph) the seed data first, then the app.
# gunicorn.conf.py: JSON log lines (one per request, from the app), metrics of all workers
# in $PROMETHEUS_MULTIPROC_DIR. Under docker compose the file system is read-only but /tmp.
CMD ["sh", "-c", "flask --app webapp init-db && exec gunicorn --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-2} --threads 4 --limit-request-line 8190 'webapp:create_app()'"]
