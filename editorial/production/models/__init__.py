"""The domain's models, one module per aggregate."""

from editorial.production.models.articles import Article
from editorial.production.models.galleys import Galley
from editorial.production.models.production import ArticleVersion, Copyedit, ProofRound

__all__ = ["Article", "ArticleVersion", "Copyedit", "Galley", "ProofRound"]
