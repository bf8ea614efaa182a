# BNS web, worker and beat image (see docker-compose.yml). Runs as an unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    BNS_VAR_DIR=/app/var \
    BNS_STATIC_ROOT=/app/staticfiles

WORKDIR /app

# Dependencies first (the layer is reused while pyproject.toml does not change); runtime ones only.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .

# Static files are collected at build time (the key is a throwaway: collectstatic needs one, nothing is signed).
RUN BNS_PRODUCTION=1 BNS_SECRET_KEY=build-only-dummy-key-not-used-at-run-time \
        python manage.py collectstatic --no-input -v0 \
    && useradd --create-home --uid 1000 bns \
    && mkdir -p /app/var \
    && chown -R bns /app/var /app/staticfiles

USER bns
EXPOSE 8000
CMD ["gunicorn", "bns.wsgi", "-b", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
