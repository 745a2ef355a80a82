"""Static files in production: whitenoise's compressed, hashed (far-future cached) files, with one
difference. A name missing from the manifest (``collectstatic`` not run after an update, or not
at all: ``DEBUG=0 manage.py runserver`` on a fresh checkout) is served under its plain name
instead of failing every page, the error page included, with a bare "Server Error". /healthz
still reports the missing manifest (config/health.py)."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger("etalase.static")


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    _warned: set[str] = set()

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # "Missing staticfiles manifest entry": not collected
            if name not in self._warned:  # once per file and process, not on every page
                self._warned.add(name)
                logger.warning("Static file %s is not collected (run collectstatic); served as is", name)
            return name
