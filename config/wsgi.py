import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from config.heap import freeze_after

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The web server always needs a real SECRET_KEY: the source-only exemption is for manage.py alone.
os.environ.pop("ETALASE_KEYLESS_COMMAND", None)
application = get_wsgi_application()
freeze_after(requests=settings.GC_FREEZE_AFTER_REQUESTS)
