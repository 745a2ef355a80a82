"""``__in`` on integer fields ignores values the database's integer type cannot hold.

Django (5.0+) already treats an out-of-range value in ``exact``, ``gt``, ``lt``… as matching
nothing; ``in`` still sends it, and SQLite then fails with OverflowError: a 500 for a form that
posts ``10**20`` as an id (a multiple choice of groups or permissions, an autocomplete box).
Such a value can match no row, so dropping it gives the same answer without the crash.
Registered by ``inmates.apps.InmatesConfig.ready``.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
