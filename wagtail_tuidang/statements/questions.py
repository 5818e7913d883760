"""Yes-or-no questions about rows, asked together in one query.

A submission asks two on every statement (is it a possible duplicate, were
its tokens spent while the cache was down), and building and compiling them
through the ORM cost more than the query itself. A question here is only a
model and columns equal to (or in) values; its SQL is made once per shape
(the model, the database, the columns and how many values each is compared
with) and kept for the process, and :func:`ask` puts the questions in one
``SELECT EXISTS (…), EXISTS (…)``.
"""

import functools
from dataclasses import dataclass

from django.db import connections, router


@dataclass(frozen=True)
class Rows:
    """The rows of ``model`` whose every field of ``conditions`` (field
    name → value) equals its value, or is one of them for a list or a
    tuple (which must not be empty)."""

    model: type
    conditions: dict

    @property
    def using(self):
        """The database the question is asked of: where ``model`` is read."""
        return router.db_for_read(self.model)

    def sql(self, connection):
        """``(sql, params)``: a ``SELECT`` that finds one of these rows."""
        shape, params = [], []
        for name, value in self.conditions.items():
            field = self.model._meta.get_field(name)
            values = value if isinstance(value, (list, tuple)) else None
            shape.append((name, None if values is None else len(values)))
            params.extend(
                field.get_db_prep_value(item, connection)
                for item in (values if values is not None else [value])
            )
        return _sql(self.model, connection.alias, tuple(shape)), params


def ask(*questions):
    """Whether each of ``questions`` (:class:`Rows`, all of one database)
    finds a row, in one query."""
    connection = connections[questions[0].using]
    parts, params = [], []
    for question in questions:
        sql, question_params = question.sql(connection)
        parts.append(f"EXISTS ({sql})")
        params.extend(question_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return [bool(answer) for answer in cursor.fetchone()]


@functools.lru_cache(maxsize=256)
def _sql(model, alias, shape):
    quote = connections[alias].ops.quote_name
    conditions = []
    for name, count in shape:
        column = quote(model._meta.get_field(name).column)
        if count is None:
            conditions.append(f"{column} = %s")
        else:
            conditions.append(f"{column} IN ({', '.join(['%s'] * count)})")
    table = quote(model._meta.db_table)
    # Only quoted names and placeholders: the values go as parameters.
    return f"SELECT 1 FROM {table} WHERE {' AND '.join(conditions)} LIMIT 1"  # noqa: S608
