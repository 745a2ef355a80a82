import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The web server always needs a real SECRET_KEY: the source-only exemption is for manage.py alone.
os.environ.pop("ETALASE_KEYLESS_COMMAND", None)
application = get_wsgi_application()
