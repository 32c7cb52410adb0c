# Lotse web app under gunicorn. Neo4j runs as its own container (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LOTSE_ENV=production

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

# Schema and (on an empty graph) the seed data first, then the app.
CMD ["sh", "-c", "flask --app webapp init-db && exec gunicorn --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-2} --threads 4 --limit-request-line 8190 --access-logfile - 'webapp:create_app()'"]
