"""Word lists shared by the stages.

:data:`STOPWORDS` is the list the attribute, select and conflicts stages (and the
evaluation's ordering check) skip when they compare content words; it lives here so
that none of them has to import another stage for it.
"""

from __future__ import annotations

STOPWORDS = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been it its this that "
    "these those he she they we i you his her their our has have had will would said says also than "
    "into over after before about more most which who whom what when where while not no".split()
)
"""Function words (and "said", "says", "also") that carry no content of their own."""
