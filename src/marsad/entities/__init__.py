"""Named entities of an article: tagging, titles and roles, resolution.

The stage :mod:`marsad.stages.entities` ties these together:

- :mod:`.tokens` splits sentences into CoNLL-like tokens for the taggers;
- :mod:`.lexicon` compiles the language data (``lang/roles_*.toml``);
- :mod:`.roles` finds role phrases ("وزير الخارجية المصري - سامح شكري")
  and the people, countries and organizations they name;
- :mod:`.resolve` joins the mentions of one article into entities;
- :mod:`.keys` makes the stable keys.

See docs/entities.md.
"""

from .model import TYPES, Entity, Role

__all__ = ["TYPES", "Entity", "Role"]
