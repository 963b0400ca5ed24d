"""News near-duplicate and syndication tracker: where did this article come from, who copied
it, and what did they change?"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
